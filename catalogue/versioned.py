"""Answers built once per content version: the sitemap, the feeds and the open-data files.

Every change to public content bumps the content version (methods.content_version), so a body
kept under it is never stale. Responses carry ETag and Last-Modified, and a conditional GET is
answered 304.
"""

import datetime
import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from methods.content_version import current_version

CACHE_MAX_AGE = 300  # seconds that clients and proxies may keep an answer


def versioned_body(name: str, build: Callable[[], bytes]) -> tuple[bytes, datetime.datetime]:
    """The body `build()` makes for this content version (made at most once per version and
    `name`), and the time of that version."""
    number, changed_at = current_version()
    version = f"{number}.{changed_at.timestamp()}"
    key = (
        "catalogue:" + hashlib.md5(f"{version}:{name}".encode(), usedforsecurity=False).hexdigest()
    )
    body = cache.get(key)
    if body is None:
        body = build()
        cache.set(key, body, settings.API_CACHE_TIMEOUT or None)
    return body, changed_at


def versioned_response(
    request, name: str, build: Callable[[], bytes], content_type: str, **headers
) -> HttpResponse:
    """versioned_body() as a cacheable response, 304 to a conditional request that matches."""
    body, changed_at = versioned_body(name, build)
    etag = '"' + hashlib.md5(body, usedforsecurity=False).hexdigest() + '"'
    last_modified = int(changed_at.timestamp())
    response = HttpResponse(body, content_type=content_type)
    response["Cache-Control"] = f"public, max-age={CACHE_MAX_AGE}"
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    for header, value in headers.items():
        response[header.replace("_", "-")] = value
    return get_conditional_response(
        request, etag=etag, last_modified=last_modified, response=response
    )
