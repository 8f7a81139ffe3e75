"""The short-lived store for login cards.

One-time passwords are never written to the database (it keeps their hashes). The
plaintext lives in the cache (Redis in production, shared by every process) under an
unguessable token, for the teacher who made them, until the CSV is downloaded or the
time runs out, whichever comes first.
"""

import secrets
from dataclasses import asdict
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from classrooms.models import Classroom
from classrooms.services import LoginCard
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
    """The cards behind a token, only for the teacher who made them, in that class."""
    entry = cache.get(PREFIX + token)
    if (
        not entry
        or entry["classroom_id"] != classroom.pk
        or entry["user_id"] != user.pk
    ):
        return None
    cards = [LoginCard(**c) for c in entry["cards"]]
    cards.sort(key=lambda c: (c.last_name.lower(), c.first_name.lower(), c.username))
    return cards, datetime.fromisoformat(entry["expires"])


def login_cards_forget(*, token: str) -> None:
    cache.delete(PREFIX + token)


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
