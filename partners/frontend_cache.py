"""Purges API responses from Wagtail's frontend cache (a CDN or proxy), when one is configured."""

from django.conf import settings
from wagtail.models import Locale


def _purge(paths: list[str]) -> None:
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    purge_urls_from_cache([settings.API_BASE_URL + path for path in paths])


def _languages() -> list[str]:
    return list(Locale.objects.values_list("language_code", flat=True))


def purge_api_lists() -> None:
    """The responses that any change may affect and whose URLs are known in advance."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    paths = ["/api/v1/changes/", "/api/v1/methods/", "/api/v1/taxonomies/"]
    for lang in _languages():
        paths += [f"/api/v1/methods/?lang={lang}", f"/api/v1/taxonomies/?lang={lang}"]
    _purge(paths)


def purge_api_entry(entry_id, slug: str) -> None:
    """Every URL under which one entry's detail is served."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    paths = []
    for key in (entry_id, slug):
        paths.append(f"/api/v1/methods/{key}/")
        paths += [f"/api/v1/methods/{key}/?lang={lang}" for lang in _languages()]
    _purge(paths)
