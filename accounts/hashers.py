"""A cheaper hasher for one-time passwords that teachers hand out on login cards.

A teacher may create 500 accounts at once; Argon2 (about 0.1 s a hash) would make
that take a minute. One-time passwords are random (about 50 bits: ten characters
from a 31-letter alphabet), are only good until the first sign-in, and must then be
replaced by the person's own password, which Django hashes with the preferred
hasher (Argon2). Sign-in with a one-time password also re-hashes it with Argon2,
because this hasher is not the first in PASSWORD_HASHERS. So a fast, salted PBKDF2
is enough here; bench/bulk_students.py measures it.
"""

import secrets

from django.contrib.auth.hashers import PBKDF2PasswordHasher, get_hasher

# One-time passwords: lower case and digits without look-alikes (no 0/o, 1/l/i),
# ten of them in two groups of five: about 50 bits, easy to copy from a card.
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # noqa: S105 (not a secret)


def one_time_password_generate() -> str:
    """A new one-time password, as printed on a login card ("abcde-fghjk")."""
    chars = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(10))
    return f"{chars[:5]}-{chars[5:]}"


class OneTimePasswordHasher(PBKDF2PasswordHasher):
    algorithm = "pbkdf2_onetime"
    iterations = 10_000


def one_time_password_hasher():
    """The hasher for generated one-time passwords: ours when the settings list it
    (production), otherwise the default one (the test settings use only MD5)."""
    try:
        return get_hasher(OneTimePasswordHasher.algorithm)
    except ValueError:
        return get_hasher("default")
