"""Counting wrong join codes, per person and per network address, in the shared cache
(Redis in production), so guessing codes is slow whichever process answers."""

from django.conf import settings

from portal.network import client_address
from portal.ratelimit import failure_record, failures_reached, session_key

WINDOW_SECONDS = 15 * 60


def _limits() -> dict[str, int]:
    per_person = int(getattr(settings, "CLASSROOMS_JOIN_FAILURES_PER_USER", 10))
    return {
        # One student mistyping a few times is normal; dozens is guessing. A
        # signed-out visitor (signing up with a code) is counted by their session.
        "user": per_person,
        "session": per_person,
        # A whole school shares one address: the backstop is far above what one
        # guessing pupil can reach, so they never stop their classmates.
        "ip": int(getattr(settings, "CLASSROOMS_JOIN_FAILURES_PER_IP", 600)),
    }


def _keys(request) -> dict[str, str]:
    keys = {"ip": f"classrooms:join-fail:ip:{client_address(request)}"}
    if request.user.is_authenticated:
        keys["user"] = f"classrooms:join-fail:user:{request.user.pk}"
    else:
        keys["session"] = session_key(request, "classrooms:join-fail")
    return keys


def join_attempts_blocked(request) -> bool:
    """Whether this person or address has got too many codes wrong lately."""
    limits = _limits()
    return failures_reached({key: limits[kind] for kind, key in _keys(request).items()})


def join_failure_record(request) -> None:
    failure_record(*_keys(request).values(), window_seconds=WINDOW_SECONDS)
