"""Errors the API answers with: JSON that names the parameter and what it accepts."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from methods.models import AGE_LIMIT
from methods.vocabulary import FACETS, Kind, language_codes
from search.service import ORDERINGS

from .limits import MAX_LIMIT, MAX_OFFSET, MAX_QUERY_LENGTH
from .schemas import EVIDENCE_CODES, Error

LANGUAGES = list(language_codes())

# What each query parameter accepts, in the words a 400 answer gives (in the answer's language).
CODES = _("comma-separated codes from /api/v1/taxonomies/")
ALLOWED = {
    "lang": LANGUAGES,
    "q": format_lazy(_("text of at most {} characters"), MAX_QUERY_LENGTH),
    "age": format_lazy(_("a whole number from 0 to {}"), AGE_LIMIT),
    "evidence_min": list(EVIDENCE_CODES),
    "evidence_level": list(EVIDENCE_CODES),
    "kind": Kind.values,
    "updated_since": _("an ISO 8601 date or date and time, e.g. 2025-01-31T12:00:00Z"),
    "ordering": list(ORDERINGS),
    "limit": format_lazy(_("a whole number from 1 to {}"), MAX_LIMIT),
    "offset": format_lazy(_("a whole number from 0 to {}"), MAX_OFFSET),
    "since": _("a sequence number from an earlier answer, or an ISO 8601 date and time"),
    "token": _("the token of the page editor's preview link"),
    "ids": format_lazy(_("comma-separated entry ids, at most {}"), MAX_LIMIT),
    "fallback": LANGUAGES,
    "domain": CODES,
    **{name: CODES for facet in FACETS for name in (facet.parameter, facet.field)},
}


class ApiError(Exception):
    """An answer other than 200, raised anywhere inside a view."""

    def __init__(self, status: int, error: str, message, **extra):
        super().__init__(str(message))
        self.status = status
        self.body = {"error": error, "message": str(message), **extra}

    def json(self) -> str:
        """The body as the Error schema writes it (fields it does not have are left out)."""
        return Error.model_validate(self.body).model_dump_json(exclude_unset=True)


def bad_parameter(name: str, message=None, allowed=None) -> ApiError:
    allowed = ALLOWED.get(name) if allowed is None else allowed
    return ApiError(
        400,
        "invalid_parameter",
        message or _("Invalid value for %(name)s.") % {"name": name},
        parameter=name,
        allowed=[str(value) for value in allowed]
        if isinstance(allowed, list)
        else (None if allowed is None else str(allowed)),
    )
