"""The portal's caches.

- ``PortalRedisCache``: the shared cache on Redis, Django's own backend keeping one
  Redis client per connection pool. Django's ``RedisCacheClient`` builds a new
  ``redis.Redis`` object for every cache call (each sets up some 150 reply
  handlers); a page reads the cache several times (the session, the school's
  settings, the rendered readings), so that was a measurable part of every
  request. A client is safe to share between threads (it takes a connection from
  the pool for each command).
- ``shared_get`` / ``shared_set``: the shared cache read and written by code that
  does without it when it is down (it computes the value again).
- ``Remembered``: what one process keeps of work that gives the same answer every
  time (words of a moment, a page's frame), bounded, and forgotten when settings
  change (the test suite) or a file changes (a translation catalogue under the
  development server).
"""

import contextlib
import weakref

from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.autoreload import file_changed


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class PortalRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient


def shared_get(key):
    """The shared cache's value, or None (also when the cache is down)."""
    try:
        return cache.get(key)
    except Exception:  # noqa: BLE001 - a cache that is down holds nothing
        return None


def shared_set(key, value, seconds: int) -> None:
    """Keep a value in the shared cache; a cache that is down keeps nothing."""
    with contextlib.suppress(Exception):
        cache.set(key, value, seconds)


_every_remembered = weakref.WeakSet()


class Remembered:
    """A dict kept by this process, at most ``most`` entries (past that it starts
    over), emptied on a change of settings or files."""

    def __init__(self, most: int):
        self.most = most
        self._kept = {}
        _every_remembered.add(self)

    def get(self, key):
        return self._kept.get(key)

    def get_or_make(self, key, make):
        """The value kept under ``key``, else ``make()``, kept."""
        value = self._kept.get(key)
        if value is None:
            value = make()
            self.put(key, value)
        return value

    def put(self, key, value) -> None:
        if len(self._kept) >= self.most:
            self._kept.clear()
        self._kept[key] = value

    def clear(self) -> None:
        self._kept.clear()


@receiver(setting_changed)
@receiver(file_changed)
def remembered_forget(**kwargs) -> None:
    for remembered in list(_every_remembered):
        remembered.clear()
