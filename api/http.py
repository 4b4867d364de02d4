"""HTTP behaviour shared by the v1 endpoints: JSON answers cached by content version, ETag and
Last-Modified with conditional GET (304), and Cache-Control.

Every change to public content bumps the content version (partners.feed), so cached list and
detail answers are replaced at once after a publish, unpublish or delete.
"""

import hashlib
import json
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation.trans_real import parse_accept_lang_header
from pydantic import BaseModel

from methods.content_version import current_version

from .errors import LANGUAGES, ApiError

API_DEFAULT_LANGUAGE = "en"


def answer_language(request) -> str:
    """The language of the API's own words (errors, labels outside content): `lang` when it is
    one of ours, else the first of ours in Accept-Language, else English."""
    language = request.GET.get("lang")
    if language in LANGUAGES:
        return language
    for accepted, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        if accepted.split("-")[0] in LANGUAGES:
            return accepted.split("-")[0]
    return API_DEFAULT_LANGUAGE


def _cache_key(request, version: str) -> str:
    query = sorted((k, v) for k in request.GET for v in request.GET.getlist(k))
    raw = (
        f"{request.scheme}://{request.get_host()}{request.path}?{query}:{answer_language(request)}"
    )
    return f"api:v1.1:{version}:" + hashlib.md5(raw.encode(), usedforsecurity=False).hexdigest()


def json_body(body: str, status: int = 200) -> HttpResponse:
    """An answer whose JSON a schema has written already."""
    response = HttpResponse(body, status=status, content_type="application/json")
    response["Cache-Control"] = f"public, max-age={settings.API_CACHE_MAX_AGE}"
    return response


def json_response(status: int, payload: dict) -> HttpResponse:
    body = json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    response = HttpResponse(body, status=status, content_type="application/json")
    response["Cache-Control"] = f"public, max-age={settings.API_CACHE_MAX_AGE}"
    return response


def _answer(request, cached: tuple, changed_at) -> HttpResponse:
    status, body, etag, content_language = cached
    response = HttpResponse(body, status=status, content_type="application/json")
    response["Cache-Control"] = f"public, max-age={settings.API_CACHE_MAX_AGE}"
    if status != 200:
        return response
    if content_language:  # the language(s) of the content, which fallback may have changed
        response["Content-Language"] = content_language
    last_modified = int(changed_at.timestamp())
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    return get_conditional_response(
        request, etag=etag, last_modified=last_modified, response=response
    )


def _version(request):
    """The content version the answer is keyed on, read once per request (before the content)."""
    if not hasattr(request, "content_changed_at"):
        number, request.content_changed_at = current_version()
        request.content_version = f"{number}.{request.content_changed_at.timestamp()}"
    return request.content_changed_at


def answer_from_cache(request) -> HttpResponse | None:
    """The cached answer to this exact request, if there is one (asked before the view runs)."""
    if not settings.API_CACHE_TIMEOUT:
        return None
    changed_at = _version(request)
    cached = cache.get(_cache_key(request, request.content_version))
    return _answer(request, cached, changed_at) if cached else None


def cached_json(request, build: Callable[[], BaseModel | str]) -> HttpResponse:
    """Answer with the JSON of the schema build() returns (or that a schema has written already,
    as text, or of the ApiError it raises), and keep that body in the cache."""
    changed_at = _version(request)
    try:
        answer = build()
        status = 200
        body = (answer if isinstance(answer, str) else answer.model_dump_json()).encode()
    except ApiError as error:
        status, body = error.status, error.json().encode()
    etag = '"' + hashlib.md5(body, usedforsecurity=False).hexdigest() + '"'
    cached = (status, body, etag, getattr(request, "content_language", ""))
    if settings.API_CACHE_TIMEOUT:
        cache.set(_cache_key(request, request.content_version), cached, settings.API_CACHE_TIMEOUT)
    return _answer(request, cached, changed_at)
