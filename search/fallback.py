"""Search that survives the search engine: while Elasticsearch/OpenSearch is unreachable, queries
are answered from our database index (kept up to date next to the engine's, see search.indexing)
and a warning is logged once per outage; the engine is tried again after RETRY_SECONDS.
"""

import logging
import time

import elastic_transport
import opensearchpy

logger = logging.getLogger(__name__)

RETRY_SECONDS = 30.0
# What the clients raise when the engine cannot be reached (connection refused, TLS, timeout, after
# their retries) or answers with an error status (a red cluster, a revoked key): either way the
# database answers instead. opensearch-py's TransportError covers both cases.
ENGINE_ERRORS = (
    elastic_transport.TransportError,
    elastic_transport.ApiError,
    opensearchpy.TransportError,
)
_engine_down_until = 0.0


def engine_available() -> bool:
    """False during the pause after a failure: the database answers without waiting on timeouts."""
    return _engine_down_until <= time.monotonic()


def engine_failed(error: Exception) -> None:
    """Remember an outage and say so once."""
    global _engine_down_until
    if _engine_down_until == 0.0:
        logger.warning("Search engine unreachable, using database search: %s", error)
    _engine_down_until = time.monotonic() + RETRY_SECONDS


def engine_answered() -> None:
    global _engine_down_until
    _engine_down_until = 0.0


def reset() -> None:
    """Forget a remembered outage (for tests, and after an operator fixed the engine)."""
    engine_answered()
