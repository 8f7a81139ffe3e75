"""Counting wrong join codes, per person and per network address, in the shared cache
(Redis in production), so guessing codes is slow whichever process answers."""

from django.conf import settings
from django.core.cache import cache

from portal.network import client_address

WINDOW_SECONDS = 15 * 60


def _limits() -> dict[str, int]:
    return {
        # One student mistyping a few times is normal; dozens is guessing.
        "user": int(getattr(settings, "CLASSROOMS_JOIN_FAILURES_PER_USER", 10)),
        # A whole school shares one address: allow a class's worth of typos.
        "ip": int(getattr(settings, "CLASSROOMS_JOIN_FAILURES_PER_IP", 60)),
    }


def _keys(request) -> dict[str, str]:
    keys = {"ip": f"classrooms:join-fail:ip:{client_address(request)}"}
    if request.user.is_authenticated:
        keys["user"] = f"classrooms:join-fail:user:{request.user.pk}"
    return keys


def join_attempts_blocked(request) -> bool:
    """Whether this person or address has got too many codes wrong lately."""
    limits = _limits()
    keys = _keys(request)
    counts = cache.get_many(list(keys.values()))
    return any(counts.get(key, 0) >= limits[kind] for kind, key in keys.items())


def join_failure_record(request) -> None:
    for key in _keys(request).values():
        cache.add(key, 0, timeout=WINDOW_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=WINDOW_SECONDS)
