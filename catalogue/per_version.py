"""What the site's pages show that changes only with the content, kept in this process for one
content version: the catalogue pages and their routes, the translations a page links to, facet
labels, the filter panels and result cards, and the head, language links and feed links of the
catalogue pages.

Every change to public content bumps the content version (methods.content_version), so a value
kept under it is never stale; the first request that sees a new version starts an empty store,
as the search service's in-memory catalogue does.
"""

from collections.abc import Callable, Hashable
from typing import Any

from methods.content_version import current_version

_store: tuple[tuple, dict] = ((), {})


def request_version(request) -> tuple:
    """The content version (number, changed_at), read once per request."""
    version = getattr(request, "site_content_version", None)
    if version is None:
        version = request.site_content_version = current_version()
    return version


def kept(request, key: Hashable, build: Callable[[], Any]) -> Any:
    """build() made once per content version and key in this process; `request` may be None
    (the version is then read again)."""
    global _store
    version = request_version(request) if request is not None else current_version()
    store_version, values = _store
    if store_version != version:
        values = {}
        _store = (version, values)
    try:
        return values[key]
    except KeyError:
        value = values[key] = build()
        return value
