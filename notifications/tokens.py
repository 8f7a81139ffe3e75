"""The signed token of the unsubscribe link in every e-mail: it names a person and
a kind of e-mail ("*" for the daily digest: every kind), never expires (a link in an
old mail keeps working) and cannot be forged without the secret key."""

from django.core import signing

SALT = "notifications.unsubscribe"


def unsubscribe_token(user, kind: str) -> str:
    return signing.dumps({"u": user.pk, "k": kind}, salt=SALT, compress=True)


def unsubscribe_read(token: str) -> tuple[int, str] | None:
    """(user id, kind), or None for a token that was not signed by us."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or "u" not in data or "k" not in data:
        return None
    return int(data["u"]), str(data["k"])
