"""Raising notifications (the bell, and e-mail for those who want it), reading
them, preferences, the signed unsubscribe link and the private calendar link."""

import secrets
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from jobs.services import job_start
from notifications.kinds import DEFAULT_EMAIL
from notifications.mail import notification_mail_job
from notifications.models import (
    CalendarFeed,
    EmailMode,
    Kind,
    Notification,
    NotificationPreference,
    NotifiedEvent,
)


def email_modes(users: list, kind: str) -> dict[int, str]:
    """Each person's e-mail choice for one kind (one query for any number)."""
    chosen = dict(
        NotificationPreference.objects.filter(
            user__in=[u.pk for u in users], kind=kind
        ).values_list("user_id", "email")
    )
    return {u.pk: chosen.get(u.pk, DEFAULT_EMAIL[kind]) for u in users}


def _email_status(user, mode: str) -> str:
    if not user.email or not user.is_active or mode == EmailMode.OFF:
        return Notification.Email.NONE
    if mode == EmailMode.DAILY:
        return Notification.Email.DAILY
    return Notification.Email.QUEUED


def _mail_soon() -> None:
    job_start(handler=notification_mail_job, title="E-mail notifications")


@transaction.atomic
def notify(
    *, recipients: Iterable, kind: str, params: dict, url: str = "", key: str = ""
) -> int:
    """One notification per person, in a bounded number of queries whatever the
    number of people (a class of 200 costs what a class of 2 costs). With ``key``,
    a person who already has an unread notification with that key gets none (a
    reminder is sent once). E-mail goes through a worker, never in the request.
    Returns how many were created."""
    users = list({u.pk: u for u in recipients}.values())
    if not users:
        return 0
    modes = email_modes(users, kind)
    if key:
        already = set(
            Notification.objects.filter(
                recipient__in=[u.pk for u in users], key=key, read_at__isnull=True
            ).values_list("recipient_id", flat=True)
        )
        users = [u for u in users if u.pk not in already]
    rows = [
        Notification(
            recipient=u,
            kind=kind,
            params=params,
            url=url,
            key=key,
            email_status=_email_status(u, modes[u.pk]),
        )
        for u in users
    ]
    Notification.objects.bulk_create(rows, ignore_conflicts=bool(key))
    if any(r.email_status == Notification.Email.QUEUED for r in rows):
        _mail_soon()
    return len(rows)


def event_first_time(once: str) -> bool:
    """Record the event ``once``; False when it was recorded already (by this or
    any other process: the key is unique in the database). Call it inside the
    transaction that announces the event."""
    _event, created = NotifiedEvent.objects.get_or_create(key=once[:120])
    return created


@transaction.atomic
def notify_once(*, once: str, **kwargs) -> int:
    """``notify`` unless the event ``once`` was announced already."""
    return notify(**kwargs) if event_first_time(once) else 0


@transaction.atomic
def notify_grouped(
    *, recipients: Iterable, kind: str, key: str, params: dict, url: str = "", add: dict
) -> None:
    """A digest: each person's unread notification with ``key`` counts one more
    event (``add`` adds to its numeric params, e.g. {"late": 1}); a person without
    one gets a new one. Repeated submissions to one assignment make one line."""
    users = list(recipients)
    for user in users:
        existing = (
            Notification.objects.select_for_update()
            .filter(recipient=user, key=key, read_at__isnull=True)
            .first()
        )
        if existing is None:
            notify(
                recipients=[user],
                kind=kind,
                params={**params, **add},
                url=url,
                key=key,
            )
            continue
        merged = {**existing.params, **params}
        for name, value in add.items():
            merged[name] = existing.params.get(name, 0) + value
        Notification.objects.filter(pk=existing.pk).update(
            params=merged, count=F("count") + 1, created_at=timezone.now()
        )


def notification_read(*, user, pk: int) -> Notification | None:
    """Mark one of the person's notifications read (someone else's: None)."""
    notification = Notification.objects.filter(recipient=user, pk=pk).first()
    if notification is not None and notification.read_at is None:
        Notification.objects.filter(pk=pk).update(read_at=timezone.now())
    return notification


def notifications_read_all(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def unsubscribe_apply(*, user_id: int, kind: str) -> None:
    """The unsubscribe link: no more e-mail of that kind ("*": of any kind)."""
    kinds = [k.value for k in Kind] if kind == "*" else [kind]
    for each in kinds:
        NotificationPreference.objects.update_or_create(
            user_id=user_id, kind=each, defaults={"email": EmailMode.OFF}
        )


@transaction.atomic
def preferences_set(*, user, choices: dict[str, str]) -> None:
    """Store the person's e-mail choice for each kind given."""
    for kind, mode in choices.items():
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"email": mode}
        )


@transaction.atomic
def calendar_feed_renew(*, user) -> CalendarFeed:
    """A new private calendar address (the old one stops working)."""
    feed, _created = CalendarFeed.objects.update_or_create(
        user=user, defaults={"token": secrets.token_urlsafe(32)}
    )
    return feed


def calendar_feed_revoke(*, user) -> None:
    CalendarFeed.objects.filter(user=user).delete()
