"""Sample URL arguments for the access-policy walk.

For every URL pattern that takes arguments, a builder here gets the person who should
be allowed in (a teacher, student or admin of the row's audience) and returns kwargs
for an object that person may see. The walk then checks that this person gets in and
that every role outside the audience is refused. A new parametrised URL without a
builder fails tests/test_access_policy.py.
"""

from collections.abc import Callable

URL_KWARGS: dict[str, Callable[[object], dict]] = {}


def sample(name: str):
    def register(builder):
        URL_KWARGS[name] = builder
        return builder

    return register


# Builders per app live below, grouped by app. Import app models inside the builder.

# portal / accounts: no parametrised URLs.


# --- sources ---


# --- classrooms ---


# --- lessons ---


# --- assignments ---
