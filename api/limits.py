"""Bounds of the API's query parameters (shared by validation, errors and the OpenAPI document)."""

from search.matching import MAX_QUERY_LENGTH  # noqa: F401 - one limit for every surface

MAX_LIMIT = 100
DEFAULT_LIMIT = 20
MAX_OFFSET = 1_000_000
MAX_SEQUENCE = 2**62
CODE_LIST_PATTERN = r"^[A-Za-z0-9_-]+(,[A-Za-z0-9_-]+)*$"
# Only dates that exist (years 0001-9999, 29 February in leap years) and times and UTC offsets
# in range, so that every value the OpenAPI document allows is one the API accepts.
_YEAR = r"(000[1-9]|00[1-9]\d|0[1-9]\d{2}|[1-9]\d{3})"
_LEAP_YEAR = r"(\d{2}(0[48]|[2468][048]|[13579][26])|(0[48]|[2468][048]|[13579][26])00)"
_MONTH_AND_DAY = (
    r"((0[1-9]|1[0-2])-(0[1-9]|1\d|2[0-8])|(0[13-9]|1[0-2])-(29|30)|(0[13578]|1[02])-31)"
)
_DATE = rf"({_YEAR}-{_MONTH_AND_DAY}|{_LEAP_YEAR}-02-29)"
_TIME = r"([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?"
_OFFSET = r"(Z|[+-]([01]\d|2[0-3]):[0-5]\d)"
TIMESTAMP_PATTERN = rf"^{_DATE}([T ]{_TIME}{_OFFSET}?)?$"
UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
ID_LIST_PATTERN = rf"^{UUID}(,{UUID}){{0,{MAX_LIMIT - 1}}}$"
SINCE_PATTERN = r"^(\d{1,19}|" + TIMESTAMP_PATTERN[1:-1] + r")$"
