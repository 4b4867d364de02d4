"""Middleware for /api/: a per-client rate limit, compression, HEAD, and the API's language."""

import time

from django.conf import settings
from django.core.cache import cache
from django.middleware.gzip import GZipMiddleware
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import gettext as _

from .errors import LANGUAGES
from .http import answer_from_cache, json_response

API_PREFIX = "/api/"
# The v1 resources whose answers are cached (not the OpenAPI document or the docs page).
CACHED_PREFIXES = tuple(
    f"/api/v1/{name}/"
    for name in ("methods", "taxonomies", "evidence-levels", "regions", "changes")
)


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def rate_limited(request):
    """A 429 answer when this client has used up its requests in the current window, else None."""
    limit = settings.API_RATE_LIMIT
    if not limit:
        return None
    window = settings.API_RATE_LIMIT_WINDOW
    now = time.time()
    slot = int(now // window)
    key = f"api:rate:{client_address(request)}:{slot}"
    cache.add(key, 0, window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window + 1)
        count = 1
    if count <= limit:
        return None
    retry_after = max(1, int((slot + 1) * window - now) + 1)
    response = json_response(
        429,
        {
            "error": "rate_limited",
            "message": _("Too many requests: at most %(limit)s in %(window)s seconds.")
            % {"limit": limit, "window": window},
        },
    )
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.compressed = GZipMiddleware(get_response)

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        refused = rate_limited(request)
        if refused is not None:
            return refused
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
        language = request.GET.get("lang")
        translation.activate(language if language in LANGUAGES else settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()
        return None

    def process_response(self, request, response):
        if request.path.startswith(API_PREFIX):
            return response
        return super().process_response(request, response)
