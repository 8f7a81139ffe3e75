"""Failure counters in the shared cache (Redis in production), so a limit holds
whichever process answers: wrong passwords per browser session and per address,
wrong join codes per person, per browser session and per address. A counter starts
at the first failure and lives for a fixed window.

The low limits are per person or per browser session, so one pupil guessing slows
only that pupil; the address limit is a far higher backstop (a whole school shares
one address) for a machine that throws its cookies away between guesses."""

from collections.abc import Mapping

from django.core.cache import cache


def failures_reached(limits: Mapping[str, int]) -> bool:
    """Whether any counter has reached its limit; ``limits`` maps each cache key to
    the number of failures it allows in its window (one cache round trip)."""
    counts = cache.get_many(list(limits))
    return any(counts.get(key, 0) >= limit for key, limit in limits.items())


def failure_record(*keys: str, window_seconds: int) -> None:
    """Count one failure on each key; a key's window starts with its first failure."""
    for key in keys:
        cache.add(key, 0, timeout=window_seconds)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window_seconds)


def session_key(request, name: str) -> str:
    """A counter key for this browser's session (one is started when there is
    none yet, so a signed-out visitor is counted too)."""
    if not request.session.session_key:
        request.session.save()
    return f"{name}:session:{request.session.session_key}"
