"""Search that survives the search engine: while Elasticsearch/OpenSearch is unreachable, queries
go to Wagtail's database backend (PostgreSQL full text) and a warning is logged once per outage.

Production keeps the database index up to date next to the engine's (config/settings/production.py
adds it as the "database" backend), so the fallback finds the same entries, ranked more simply.
"""

import logging
import time

from django.conf import settings
from wagtail.search.backends import get_search_backend

logger = logging.getLogger(__name__)

FALLBACK_BACKEND = "database"
RETRY_SECONDS = 30.0
_engine_down_until = 0.0


def _engine_errors() -> tuple[type[Exception], ...]:
    errors: list[type[Exception]] = [ConnectionError, TimeoutError]
    try:
        from elastic_transport import TransportError
        from elasticsearch import ApiError

        errors += [TransportError, ApiError]
    except ImportError:  # no Elasticsearch client installed: nothing else to catch
        pass
    return tuple(errors)


ENGINE_ERRORS = _engine_errors()


def fallback_backend():
    if FALLBACK_BACKEND in getattr(settings, "WAGTAILSEARCH_BACKENDS", {}):
        return get_search_backend(FALLBACK_BACKEND)
    return get_search_backend("wagtail.search.backends.database")


def search(queryset, query: str, *, score_field: str | None = None, **options) -> list:
    """The results of `query` within `queryset` as a list (evaluated here, so that an engine
    failure is caught here), from the configured engine or, while it is down, the database."""
    global _engine_down_until
    engine = get_search_backend()
    if engine.__class__.__module__.startswith("wagtail.search.backends.database"):
        return _run(engine, queryset, query, score_field, options)
    if _engine_down_until <= time.monotonic():
        try:
            results = _run(engine, queryset, query, score_field, options)
        except ENGINE_ERRORS as error:
            logger.warning("Search engine unreachable, using database search: %s", error)
            _engine_down_until = time.monotonic() + RETRY_SECONDS
        else:
            _engine_down_until = 0.0
            return results
    return _run(fallback_backend(), queryset, query, score_field, options)


def _run(backend, queryset, query, score_field, options) -> list:
    results = backend.search(query, queryset, **options)
    if score_field:
        results = results.annotate_score(score_field)
    return list(results)


def reset() -> None:
    """Forget a remembered outage (for tests, and after an operator fixed the engine)."""
    global _engine_down_until
    _engine_down_until = 0.0
