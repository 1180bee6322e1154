"""A Redis cache that is optional at request time.

When Redis cannot be reached, every operation falls back to a cache in this process's
memory for ``RETRY_AFTER`` seconds (then Redis is tried again), and logs it once: the
holiday calendar, throttles and one-off flags keep working, each process counting on its
own, instead of the request failing with a 500. Sign-in lockouts are counted in the
database (django-axes), so they stay shared across processes even then.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

RETRY_AFTER = 30.0


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._local = LocMemCache(f"pishkhan-fallback-{id(self)}", {"TIMEOUT": params.get("TIMEOUT", 300)})
        self._down_until = 0.0

    def _call(self, name, *args, **kwargs):
        from redis.exceptions import RedisError

        if time.monotonic() >= self._down_until:
            try:
                return getattr(super(), name)(*args, **kwargs)
            except RedisError as exc:
                self._down_until = time.monotonic() + RETRY_AFTER
                logger.warning("cache: Redis unavailable (%s); using this process's memory for %ss", exc, RETRY_AFTER)
        return getattr(self._local, name)(*args, **kwargs)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout, version)

    def delete(self, key, version=None):
        self._local.delete(key, version)  # a value kept here while Redis was down must not outlive this
        return self._call("delete", key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout, version)

    def delete_many(self, keys, version=None):
        self._local.delete_many(keys, version)
        return self._call("delete_many", keys, version)

    def clear(self):
        self._local.clear()
        return self._call("clear")
