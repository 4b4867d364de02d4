"""Builds the two APIs in one place: v1 (the partner contract) and Wagtail's v2 router."""

from django.conf import settings
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import ValidationError
from wagtail.api.v2.router import WagtailAPIRouter

from .errors import ApiError, bad_parameter
from .examples import examples_for
from .http import json_response
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


class PartnerApi(NinjaAPI):
    """The v1 API, whose OpenAPI document also names its server and carries an example of every
    answer and error (api/examples.py, checked against the schemas as the document is built)."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        document = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        document["servers"] = [
            {"url": settings.API_BASE_URL, "description": "This installation of the library."}
        ]
        for operations in document["paths"].values():
            for operation in operations.values():
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


api_v1 = PartnerApi(
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
