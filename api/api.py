"""Builds the two APIs in one place: v1 (the partner contract) and Wagtail's v2 router."""

import re

from django.conf import settings
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import ValidationError
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.models import Locale

from methods.taxonomy import facet_labels
from methods.vocabulary import FACETS

from .errors import ApiError, bad_parameter
from .examples import examples_for
from .http import json_response
from .limits import CODE_LIST_PATTERN
from .views import router
from .wagtail_v2 import PublicDocumentsAPIViewSet, PublicImagesAPIViewSet, PublicPagesAPIViewSet

DESCRIPTION = """\
The read-only partner API of the methods library: methods and service models in Finnish, Swedish
and English, with filters, facet counts, full entries, taxonomies, the evidence scale and a change
feed, suggestions for a search box and a draft preview.

Errors are JSON (the `Error` schema): `error` is a machine-readable reason, `message` says it in
English, or in Finnish or Swedish when `lang` (or, without it, `Accept-Language`) asks for them;
a 400 names the `parameter` at fault and what it accepts (`allowed`); an unknown query parameter
is a 400 too.

Answers carry `ETag` and `Last-Modified` (send `If-None-Match` / `If-Modified-Since` for a 304) and
`Cache-Control`. Clients over the rate limit get 429 with `Retry-After`.
"""


class PartnerAPI(NinjaAPI):
    """The v1 API, whose document names the facet codes that exist (a filter with any other code
    is refused, 400 naming the allowed ones, so the document must not allow it either) and this
    server, and carries an example of every answer and error (api/examples.py, checked against
    the schemas as the document is built)."""

    def get_openapi_schema(self, **kwargs):
        document = super().get_openapi_schema(**kwargs)
        document["servers"] = [
            {"url": settings.API_BASE_URL, "description": "This installation of the library."}
        ]
        patterns = facet_code_patterns()
        for operations in document.get("paths", {}).values():
            for operation in operations.values():
                for parameter in operation.get("parameters", []):
                    if parameter["name"] in patterns:
                        _replace_pattern(parameter, CODE_LIST_PATTERN, patterns[parameter["name"]])
                for status, answer in operation["responses"].items():
                    content = answer.get("content", {}).get("application/json")
                    if content is not None:
                        content["examples"] = examples_for(operation["operationId"], int(status))
                    if status == "429":
                        answer["headers"] = {
                            "Retry-After": {
                                "description": "Seconds until the window ends.",
                                "schema": {"type": "integer"},
                            }
                        }
        return document


def facet_code_patterns() -> dict[str, str]:
    """{query parameter: the pattern of a comma-separated list of that facet's codes}."""
    labels = facet_labels(Locale.get_default())
    patterns = {}
    for spec in FACETS:
        codes = sorted(code for code in labels[spec.field] if re.fullmatch(r"[A-Za-z0-9_-]+", code))
        one = "(" + "|".join(codes) + ")" if codes else r"[^\s\S]"  # no code: nothing matches
        patterns[spec.parameter] = patterns[spec.field] = f"^{one}(,{one})*$"
    return patterns


def _replace_pattern(node, old: str, new: str) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and value == old:
                node[key] = new
            else:
                _replace_pattern(value, old, new)
    elif isinstance(node, list):
        for item in node:
            _replace_pattern(item, old, new)


api_v1 = PartnerAPI(
    title="Methods library partner API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    docs_url="/docs/",
)
api_v1.add_router("/", router)


@api_v1.exception_handler(ValidationError)
def invalid_parameter(request, exc: ValidationError):
    """Parameters that do not fit their declared type or bounds: 400 naming the parameter."""
    # pydantic's own message is English only: the answer names the parameter and what it accepts
    # in the answer's language instead.
    error = exc.errors[0] if exc.errors else {}
    location = [part for part in error.get("loc", ()) if isinstance(part, str)]
    name = location[-1] if location and location[-1] not in ("query", "path") else "query"
    if error.get("type") == "missing":
        message = _("The parameter %(name)s is required.") % {"name": name}
    else:
        message = _("Invalid value for %(name)s.") % {"name": name}
    problem = bad_parameter(name, message)
    return json_response(problem.status, problem.body)


@api_v1.exception_handler(ApiError)
def api_error(request, exc: ApiError):
    return json_response(exc.status, exc.body)


api_v2 = WagtailAPIRouter("wagtailapi")
api_v2.register_endpoint("pages", PublicPagesAPIViewSet)
api_v2.register_endpoint("images", PublicImagesAPIViewSet)
api_v2.register_endpoint("documents", PublicDocumentsAPIViewSet)
