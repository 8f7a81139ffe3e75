"""The portal's Redis cache backend (portal.cache) against the real Redis: one
client per pool, shared by the threads of a process, and every value comes back
to the thread that asked for it."""

import os
import threading
import uuid

import pytest
import redis
from django.core.cache import caches

URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"


@pytest.fixture
def redis_cache(settings):
    try:
        redis.Redis.from_url(URL, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("PORTAL_REQUIRE_POSTGRES") == "1":
            raise
        pytest.skip(f"needs Redis at {URL}")
    prefix = f"test-cache-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.PortalRedisCache",
            "LOCATION": URL,
            "KEY_PREFIX": prefix,
        }
    }
    yield caches["default"]
    # Only this test's keys (clear() would empty the whole Redis database).
    server = redis.Redis.from_url(URL)
    for key in server.scan_iter(f"{prefix}:*"):
        server.delete(key)


def test_values_round_trip_and_the_client_is_made_once(redis_cache):
    redis_cache.set("school", {"name": "Lincoln High"}, 30)
    assert redis_cache.get("school") == {"name": "Lincoln High"}
    redis_cache.delete("school")
    assert redis_cache.get("school") is None
    client = redis_cache._cache.get_client()
    assert redis_cache._cache.get_client(write=True) is client


def test_threads_sharing_the_client_each_get_their_own_values(redis_cache):
    wrong = []

    def work(n):
        for k in range(50):
            key = f"t{n}-{k}"
            redis_cache.set(key, f"value {n} {k}", 30)
            if redis_cache.get(key) != f"value {n} {k}":
                wrong.append(key)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == []
