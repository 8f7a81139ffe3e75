"""The cache backend the portal uses on Redis: Django's own, keeping one Redis client
per connection pool. Django's ``RedisCacheClient`` builds a new ``redis.Redis``
object for every cache call (each sets up some 150 reply handlers); a page reads
the cache several times (the session, the school's settings, the rendered
readings), so that was a measurable part of every request. A client is safe to
share between threads (it takes a connection from the pool for each command)."""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


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
