"""Counting wrong join codes, per person and per network address, in the shared cache
(Redis in production), so guessing codes is slow whichever process answers."""

from django.conf import settings

from portal.network import client_address
from portal.ratelimit import failure_record, failures_reached

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
    return failures_reached({key: limits[kind] for kind, key in _keys(request).items()})


def join_failure_record(request) -> None:
    failure_record(*_keys(request).values(), window_seconds=WINDOW_SECONDS)
