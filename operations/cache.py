"""A Redis cache that never breaks a request: while Redis is unreachable, responses are served
uncached and one warning is logged per outage.

Django's own RedisCache raises on a dead server; every cache call here catches Redis errors,
answers as a cache miss, and skips Redis for a few seconds before trying again, so an outage
costs one refused connection per process every `RETRY_SECONDS`, not one per cache call.
Counters (`add` and `incr`, what the rate limits use) are kept in the worker's own memory
meanwhile, so a limit holds per worker during an outage instead of not at all.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0


def _fallback(default):
    """Run the Redis call; on a Redis error (or during the pause after one) return `default`."""

    def decorate(method):
        def guarded(self, *args, **kwargs):
            if self._down_until > time.monotonic():
                return default(*args, **kwargs) if callable(default) else default
            try:
                result = method(self, *args, **kwargs)
            except RedisError as error:
                self._went_down(error)
                return default(*args, **kwargs) if callable(default) else default
            if self._down_until:
                self._came_back()
            return result

        guarded.__name__ = method.__name__
        guarded.__doc__ = method.__doc__
        return guarded

    return decorate


class ResilientRedisCache(RedisCache):
    _down_until = 0.0

    def __init__(self, server, params):
        super().__init__(server, params)
        # Counters while Redis is unreachable: this worker's own.
        self._local = LocMemCache(f"resilient-{id(self)}", {"OPTIONS": {"MAX_ENTRIES": 10_000}})

    def _went_down(self, error: Exception) -> None:
        if not self._down_until:
            logger.warning("Cache unreachable, serving uncached: %s", error)
        self._down_until = time.monotonic() + RETRY_SECONDS

    def _came_back(self) -> None:
        self._down_until = 0.0
        logger.warning("Cache reachable again")

    get = _fallback(lambda key, default=None, version=None: default)(RedisCache.get)
    get_many = _fallback({})(RedisCache.get_many)
    has_key = _fallback(False)(RedisCache.has_key)
    set = _fallback(None)(RedisCache.set)
    set_many = _fallback(lambda data, *args, **kwargs: list(data))(RedisCache.set_many)
    touch = _fallback(False)(RedisCache.touch)
    delete = _fallback(False)(RedisCache.delete)
    delete_many = _fallback(None)(RedisCache.delete_many)
    clear = _fallback(None)(RedisCache.clear)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if self._down_until > time.monotonic():
            return self._local.add(key, value, timeout, version)
        try:
            result = super().add(key, value, timeout, version)
        except RedisError as error:
            self._went_down(error)
            return self._local.add(key, value, timeout, version)
        if self._down_until:
            self._came_back()
        return result

    def incr(self, key, delta=1, version=None):
        if self._down_until > time.monotonic():
            return self._local.incr(key, delta, version)
        try:
            result = super().incr(key, delta, version)
        except RedisError as error:
            self._went_down(error)
            return self._local.incr(key, delta, version)
        if self._down_until:
            self._came_back()
        return result
