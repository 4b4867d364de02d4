"""Bounds of the API's query parameters (shared by validation, errors and the OpenAPI document)."""

from search.matching import MAX_QUERY_LENGTH  # noqa: F401 - one limit for every surface

MAX_LIMIT = 100
DEFAULT_LIMIT = 20
MAX_OFFSET = 1_000_000
MAX_SEQUENCE = 2**62
CODE_LIST_PATTERN = r"^[A-Za-z0-9_-]+(,[A-Za-z0-9_-]+)*$"
TIMESTAMP_PATTERN = (
    r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?)?$"
)
UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
ID_LIST_PATTERN = rf"^{UUID}(,{UUID}){{0,{MAX_LIMIT - 1}}}$"
SINCE_PATTERN = r"^(\d{1,19}|" + TIMESTAMP_PATTERN[1:-1] + r")$"
