"""The short-lived store for login cards.

One-time passwords are never written to the database in the clear (it keeps their
hashes). The plaintext lives in the cache (Redis in production, shared by every
process) under an unguessable token, for the teacher who made them, until the CSV
is downloaded or the time runs out, whichever comes first.

Accounts made by a background worker (``classrooms.jobs``) reach the cache without
the worker ever holding a key that opens them later: the request that starts the
job keeps a fresh X25519 private key in the cache entry and gives the worker only
the public key; the worker seals the cards with it (X25519 + HKDF-SHA256 +
AES-GCM) into the job's result, and the first look at the cards opens them into
the cache. Whoever reads the database sees the sealed cards only; once the cache
entry is gone (downloaded, discarded, expired) nobody can open them.
"""

import base64
import json
import os
import secrets
from dataclasses import asdict
from datetime import datetime, timedelta

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import (
    X25519PrivateKey,
    X25519PublicKey,
)
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from classrooms.models import Classroom
from classrooms.services import LoginCard
from jobs.models import Job
from portal.school import school_base_url
from portal.spreadsheets import csv_response, csv_safe

PREFIX = "classrooms:cards:"


def cards_ttl() -> int:
    return int(getattr(settings, "CLASSROOMS_LOGIN_CARDS_SECONDS", 60 * 60))


def login_cards_store(*, classroom: Classroom, user, cards: list[LoginCard]) -> str:
    """Keep cards for a while; returns the token that opens them."""
    token = secrets.token_urlsafe(18)
    expires = timezone.now() + timedelta(seconds=cards_ttl())
    cache.set(
        PREFIX + token,
        {
            "classroom_id": classroom.pk,
            "user_id": user.pk,
            "expires": expires.isoformat(),
            "cards": [asdict(c) for c in cards],
        },
        timeout=cards_ttl(),
    )
    return token


def login_cards_get(
    *, classroom: Classroom, user, token: str
) -> tuple[list[LoginCard], datetime] | None:
    """The cards behind a token, only for the teacher who made them, in that class
    (None: gone, someone else's, or their job has not finished)."""
    entry = cache.get(PREFIX + token)
    if (
        not entry
        or entry["classroom_id"] != classroom.pk
        or entry["user_id"] != user.pk
    ):
        return None
    if entry.get("cards") is None and not _cards_unseal(token, entry):
        return None
    cards = [LoginCard(**c) for c in entry["cards"]]
    cards.sort(key=lambda c: (c.last_name.lower(), c.first_name.lower(), c.username))
    return cards, datetime.fromisoformat(entry["expires"])


def login_cards_reserve(*, classroom: Classroom, user) -> tuple[str, str]:
    """Before a worker makes accounts: a token for their cards, and the public key
    the worker seals them with (the private key stays in this cache entry). The
    job's result then holds the sealed cards under the same token."""
    private = X25519PrivateKey.generate()
    token = secrets.token_urlsafe(18)
    expires = timezone.now() + timedelta(seconds=cards_ttl())
    cache.set(
        PREFIX + token,
        {
            "classroom_id": classroom.pk,
            "user_id": user.pk,
            "expires": expires.isoformat(),
            "cards": None,
            "key": _b64(private.private_bytes_raw()),
        },
        timeout=cards_ttl(),
    )
    return token, _b64(private.public_key().public_bytes_raw())


def login_cards_seal(cards: list[LoginCard], *, public_key: str) -> str:
    """In the worker: the cards, readable only with the private key of
    ``login_cards_reserve`` (an ephemeral key agreement, then AES-GCM)."""
    ephemeral = X25519PrivateKey.generate()
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(_unb64(public_key)))
    nonce = os.urandom(12)
    plain = json.dumps([asdict(c) for c in cards]).encode()
    sealed = AESGCM(_derive(shared)).encrypt(nonce, plain, None)
    return _b64(ephemeral.public_key().public_bytes_raw() + nonce + sealed)


def _cards_unseal(token: str, entry: dict) -> bool:
    """Open the sealed cards of a finished job into the cache entry."""
    job = _job_holding(token, user_id=entry["user_id"])
    sealed = (job.result or {}).get("sealed_cards") if job else None
    if not sealed or not entry.get("key"):
        return False
    blob = _unb64(sealed)
    peer, nonce, body = blob[:32], blob[32:44], blob[44:]
    private = X25519PrivateKey.from_private_bytes(_unb64(entry["key"]))
    shared = private.exchange(X25519PublicKey.from_public_bytes(peer))
    try:
        entry["cards"] = json.loads(AESGCM(_derive(shared)).decrypt(nonce, body, None))
    except InvalidTag:
        return False
    cache.set(PREFIX + token, entry, timeout=_seconds_left(entry))
    return True


def _job_holding(token: str, *, user_id: int) -> Job | None:
    """The finished job of this teacher that sealed the cards of this token."""
    return Job.objects.filter(
        owner_id=user_id, status=Job.Status.DONE, result__token=token
    ).first()


def _derive(shared: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"portal login cards"
    ).derive(shared)


def _seconds_left(entry: dict) -> int:
    left = datetime.fromisoformat(entry["expires"]) - timezone.now()
    return max(1, int(left.total_seconds()))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text.encode())


def login_cards_forget(*, token: str) -> None:
    """Forget the cards; those a job sealed lose their key and their sealed copy."""
    entry = cache.get(PREFIX + token)
    cache.delete(PREFIX + token)
    job = _job_holding(token, user_id=entry["user_id"]) if entry else None
    if job is not None and (job.result or {}).get("sealed_cards"):
        Job.objects.filter(pk=job.pk).update(
            result={k: v for k, v in job.result.items() if k != "sealed_cards"}
        )


def login_cards_csv_response(
    cards: list[LoginCard], *, filename: str, class_names: dict[int, str] | None = None
) -> HttpResponse:
    """The cards as a CSV download (names, username, password, the portal address)."""
    header = [_("First name"), _("Last name"), _("Username"), _("One-time password")]
    with_codes = any(card.link_code for card in cards)
    rows = [
        ([_("Class")] if class_names else [])
        + header
        + [_("Sign in at")]
        + ([_("Link code")] if with_codes else [])
    ]
    for card in cards:
        row = [
            csv_safe(card.first_name),
            csv_safe(card.last_name),
            card.username,
            card.password,
            school_base_url(),
        ] + ([card.link_code] if with_codes else [])
        if class_names:
            row.insert(0, csv_safe(class_names.get(card.user_id, "")))
        rows.append(row)
    return csv_response(rows, filename=filename)
