"""Request limits per client address (operations.clients): the partner API's rate limit and the
throttle on page-password attempts.

Counts live in the cache, shared by every worker; while Redis is unreachable the resilient cache
counts in each worker's memory instead, so the limits hold per worker rather than not at all.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from wagtail.views import authenticate_with_password

from .clients import client_address

API_PREFIX = "/api/"


def count(key: str, window: int) -> int:
    """Add one to the counter `key` that lives `window` seconds; the new count."""
    cache.add(key, 0, window + 1)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window + 1)
        return 1


def _retry_after(slot: int, window: int, now: float) -> str:
    return str(max(1, int((slot + 1) * window - now) + 1))


def api_rate_limited(request) -> HttpResponse | None:
    """A 429 answer when this client has used up its API requests in the window, else None."""
    limit, window = settings.API_RATE_LIMIT, settings.API_RATE_LIMIT_WINDOW
    if not limit:
        return None
    now = time.time()
    slot = int(now // window)
    if count(f"rate:api:{client_address(request)}:{slot}", window) <= limit:
        return None
    response = JsonResponse(
        {
            "error": "rate_limited",
            "message": _("Too many requests: at most %(limit)s in %(window)s seconds.")
            % {"limit": limit, "window": window},
        },
        status=429,
    )
    response["Retry-After"] = _retry_after(slot, window, now)
    response["Cache-Control"] = "no-store"
    return response


class ThrottleMiddleware:
    """The API rate limit before anything else under /api/ (cached answers included), and at
    most PAGE_PASSWORD_ATTEMPTS wrong page passwords per client and restriction in
    PAGE_PASSWORD_WINDOW seconds."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(API_PREFIX):
            refused = api_rate_limited(request)
            if refused is not None:
                return refused
        response = self.get_response(request)
        key = getattr(request, "page_password_key", None)
        if key and response.status_code != 429 and not 300 <= response.status_code < 400:
            count(key, settings.PAGE_PASSWORD_WINDOW)  # the form again: a wrong password
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        window, limit = settings.PAGE_PASSWORD_WINDOW, settings.PAGE_PASSWORD_ATTEMPTS
        if view_func is not authenticate_with_password or request.method != "POST" or not limit:
            return None
        now = time.time()
        slot = int(now // window)
        restriction = view_kwargs.get("page_view_restriction_id", "")
        key = f"rate:page-password:{restriction}:{client_address(request)}:{slot}"
        if (cache.get(key) or 0) < limit:
            request.page_password_key = key
            return None
        html = loader.render_to_string(
            "too_many_attempts.html", {"window_minutes": max(1, window // 60)}, request
        )
        response = HttpResponse(html, status=429)
        response["Retry-After"] = _retry_after(slot, window, now)
        response["Cache-Control"] = "no-store"
        return response
