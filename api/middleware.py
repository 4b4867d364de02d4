"""Middleware for /api/: cached answers, compression, HEAD, and the API's language (the rate
limit is operations.throttle's, before this)."""

from django.middleware.gzip import GZipMiddleware
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers

from .errors import LANGUAGES
from .http import answer_from_cache, answer_language

API_PREFIX = "/api/"
# The v1 resources whose answers are cached (not the OpenAPI document or the docs page).
CACHED_PREFIXES = tuple(
    f"/api/v1/{name}/"
    for name in ("methods", "taxonomies", "evidence-levels", "regions", "changes")
)


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.compressed = GZipMiddleware(get_response)

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        head = request.method == "HEAD"
        if head:  # answered like GET, without the body
            request.method = "GET"
        response = None
        if request.method == "GET" and request.path.startswith(CACHED_PREFIXES):
            response = answer_from_cache(request)  # a hit skips the rest of the stack
        if response is not None:
            response = self.compressed.process_response(request, response)
        else:
            response = self.compressed(request)
        if request.GET.get("lang") not in LANGUAGES:  # its own words follow Accept-Language
            patch_vary_headers(response, ["Accept-Language"])
        if head:
            request.method = "HEAD"
            if not response.streaming:
                response["Content-Length"] = str(len(response.content))
                response.content = b""
        return response


class LocaleMiddlewareOutsideApi(LocaleMiddleware):
    """Django's LocaleMiddleware for the site; the API takes its language from ?lang= and must
    not be redirected to a /fi/ prefix when it answers 404."""

    def process_request(self, request):
        if not request.path.startswith(API_PREFIX):
            return super().process_request(request)
        translation.activate(answer_language(request))
        request.LANGUAGE_CODE = translation.get_language()
        return None

    def process_response(self, request, response):
        if request.path.startswith(API_PREFIX):
            return response
        return super().process_response(request, response)
