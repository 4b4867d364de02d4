"""The public site's pages for anonymous visitors, cached by the content version, with ETag and 304.

Every change to public content bumps the content version (methods/content_version.py), and the
version is part of every key, so a publish shows at once and nothing is ever purged by hand; the
entries of older versions simply expire. Browsers and shared caches are asked to revalidate
(`no-cache`), which costs them a 304.

What is never cached: requests that carry a session cookie (a signed-in editor, a visitor who has
entered a page's password), and answers that depend on cookies or set them (a form with a CSRF
token varies on Cookie), are private, or are not HTML.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, has_vary_header
from django.utils.http import http_date

from methods.content_version import recent_version
from search.querylog import record_query

from .per_version import request_version

CACHED_STATUSES = (200, 400)
# Headers of the stored answer that depend on the request or are set again on every answer.
NOT_STORED = {"etag", "last-modified", "cache-control", "content-length", "set-cookie"}


def _site_prefixes() -> tuple[str, ...]:
    return tuple(f"/{code}/" for code, _name in settings.LANGUAGES)


def _key(request, version: str) -> str:
    # Names sorted, each name's values in the order given: the page reads the last of them.
    query = sorted(request.GET.lists())
    raw = f"{request.get_host()}{request.path}?{query}"
    return f"site:{version}:" + hashlib.md5(raw.encode(), usedforsecurity=False).hexdigest()


def _cacheable_request(request) -> bool:
    return (
        settings.SITE_CACHE_TIMEOUT > 0
        and request.method in ("GET", "HEAD")
        and request.path.startswith(_site_prefixes())
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def _cacheable_response(response) -> bool:
    control = response.get("Cache-Control", "")
    return (
        response.status_code in CACHED_STATUSES
        and not response.streaming
        and not response.cookies
        and not has_vary_header(response, "Cookie")
        and not any(word in control for word in ("private", "no-store"))
        and response.get("Content-Type", "").startswith("text/html")
    )


class SitePageCacheMiddleware:
    """Answers anonymous GETs of the site from the cache before sessions, languages and the view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        # a cached page may lag a publish in another process by SEARCH_VERSION_CHECK_SECONDS;
        # the whole request then uses that version, so its key and its content agree
        request.site_content_version = recent_version(settings.SEARCH_VERSION_CHECK_SECONDS)
        number, changed_at = request_version(request)
        key = _key(request, f"{number}.{changed_at.timestamp()}")
        stored = cache.get(key)
        if stored is not None:
            search = stored.get("search")
            # the query log counts each search a person makes, also when its page is cached
            if search and request.headers.get("X-Search-Refresh") != "typing":
                record_query(*search)
            return self._answer(request, stored, changed_at)
        response = self.get_response(request)
        if not _cacheable_response(response):
            return response
        stored = {
            "status": response.status_code,
            "body": response.content,
            "headers": [(k, v) for k, v in response.items() if k.lower() not in NOT_STORED],
            "etag": '"' + hashlib.md5(response.content, usedforsecurity=False).hexdigest() + '"',
            "search": getattr(response, "search_query", None),
        }
        cache.set(key, stored, settings.SITE_CACHE_TIMEOUT)
        return self._answer(request, stored, changed_at)

    @staticmethod
    def _answer(request, stored: dict, changed_at) -> HttpResponse:
        response = HttpResponse(stored["body"], status=stored["status"])
        for name, value in stored["headers"]:
            response[name] = value
        response["Cache-Control"] = "public, no-cache"
        if stored["status"] != 200:
            return response
        last_modified = int(changed_at.timestamp())
        response["ETag"] = stored["etag"]
        response["Last-Modified"] = http_date(last_modified)
        return get_conditional_response(
            request, etag=stored["etag"], last_modified=last_modified, response=response
        )
