"""Builds the two APIs in one place: v1 (the partner contract) and Wagtail's v2 router."""

from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import ValidationError
from wagtail.api.v2.router import WagtailAPIRouter

from .errors import ApiError, bad_parameter
from .http import json_response
from .views import router
from .wagtail_v2 import PublicDocumentsAPIViewSet, PublicImagesAPIViewSet, PublicPagesAPIViewSet

DESCRIPTION = """\
The read-only partner API of the methods library: methods and service models in Finnish, Swedish
and English, with filters, facet counts, full entries, taxonomies, the evidence scale and a change
feed. Errors are JSON: `{"error", "message", "parameter", "allowed"}`.

Answers carry `ETag` and `Last-Modified` (send `If-None-Match` / `If-Modified-Since` for a 304) and
`Cache-Control`. Clients over the rate limit get 429 with `Retry-After`.
"""

api_v1 = NinjaAPI(
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
    error = exc.errors[0] if exc.errors else {}
    location = [part for part in error.get("loc", ()) if isinstance(part, str)]
    name = location[-1] if location and location[-1] not in ("query", "path") else "query"
    problem = bad_parameter(
        name,
        _("Invalid value for %(name)s: %(reason)s")
        % {"name": name, "reason": error.get("msg", "")},
    )
    return json_response(problem.status, problem.body)


@api_v1.exception_handler(ApiError)
def api_error(request, exc: ApiError):
    return json_response(exc.status, exc.body)


api_v2 = WagtailAPIRouter("wagtailapi")
api_v2.register_endpoint("pages", PublicPagesAPIViewSet)
api_v2.register_endpoint("images", PublicImagesAPIViewSet)
api_v2.register_endpoint("documents", PublicDocumentsAPIViewSet)
