"""E-mail of notifications, sent only by workers (jobs): at once for people who
chose it, or in one daily e-mail. Each mail has a text and an HTML body in the
recipient's language and time zone and a one-click unsubscribe link (List-Unsubscribe and
List-Unsubscribe-Post, RFC 8058).

No duplicates when a job is retried: each notification is claimed (queued →
sending) before its mail goes and marked sent after, so a retry skips what was sent.
A worker killed between the SMTP server's acceptance and the mark would send that
one mail again; its Message-ID is fixed per notification, so mail programs that
notice repeated Message-IDs show it once."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jobs.runner import JobContext, job_handler, lease_seconds
from jobs.services import job_start
from notifications.kinds import words
from notifications.models import Notification
from notifications.tokens import unsubscribe_token
from portal.school import school_base_url, school_name
from portal.times import school_zone, zone_of

BATCH = 50


def _absolute(path: str) -> str:
    return school_base_url().rstrip("/") + path if path.startswith("/") else path


def _language(user) -> str:
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def _message(user, *, subject: str, items: list[dict], kind: str, message_id: str):
    unsubscribe = _absolute(
        reverse("notifications:unsubscribe", args=[unsubscribe_token(user, kind)])
    )
    context = {
        "user": user,
        "items": items,
        "unsubscribe_url": unsubscribe,
        "preferences_url": _absolute(reverse("notifications:preferences")),
        "PORTAL_NAME": school_name(),
        "daily": kind == "*",
    }
    message = EmailMultiAlternatives(
        subject=f"[{school_name()}] {subject}",
        body=render_to_string("notifications/email.txt", context),
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Message-ID": message_id,
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(
        render_to_string("notifications/email.html", context), "text/html"
    )
    return message


def _item(notification: Notification) -> dict:
    said = words(notification.kind, notification.params, notification.count)
    return {
        "subject": said.subject,
        "text": said.text,
        "url": _absolute(notification.url),
    }


def _domain() -> str:
    return school_base_url().split("://", 1)[-1].split("/", 1)[0].split(":")[0]


def _claim(notification: Notification, now) -> bool:
    return bool(
        Notification.objects.filter(
            pk=notification.pk,
            email_status=notification.email_status,
            emailed_at=notification.emailed_at,
        ).update(email_status=Notification.Email.SENDING, emailed_at=now)
    )


@job_handler(atomic=False)
def notification_mail_job(context: JobContext) -> dict:
    """Send every notification waiting for an immediate e-mail (and any whose
    sending was cut off by a dead worker). Several of these jobs may run at once:
    each mail is claimed by one."""
    sent = 0
    while True:
        now = timezone.now()
        stale = now - timedelta(seconds=lease_seconds())
        batch = list(
            Notification.objects.filter(
                Q(email_status=Notification.Email.QUEUED)
                | Q(email_status=Notification.Email.SENDING, emailed_at__lt=stale)
            )
            .select_related("recipient")
            .order_by("pk")[:BATCH]
        )
        if not batch:
            break
        for notification in batch:
            if not _claim(notification, now):
                continue  # another worker has it
            sent += _send_one(notification)
    return {"sent": sent}


def _send_one(notification: Notification) -> int:
    user = notification.recipient
    try:
        with translation.override(_language(user)), timezone.override(zone_of(user)):
            item = _item(notification)
            message = _message(
                user,
                subject=item["subject"],
                items=[item],
                kind=notification.kind,
                message_id=f"<notification-{notification.pk}.{notification.count}@{_domain()}>",
            )
        message.send()
    except Exception:
        # Not sent: back in the queue for the job's next attempt.
        Notification.objects.filter(pk=notification.pk).update(
            email_status=Notification.Email.QUEUED, emailed_at=None
        )
        raise
    Notification.objects.filter(pk=notification.pk).update(
        email_status=Notification.Email.SENT, emailed_at=timezone.now()
    )
    return 1


@job_handler(atomic=False)
def notification_digest_job(context: JobContext, *, day: str) -> dict:
    """The daily e-mail: for each person, everything waiting for it, in one mail."""
    sent = 0
    people = (
        Notification.objects.filter(email_status=Notification.Email.DAILY)
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    for recipient_id in list(people):
        rows = list(
            Notification.objects.filter(
                recipient_id=recipient_id, email_status=Notification.Email.DAILY
            ).select_related("recipient")
        )
        ids = [n.pk for n in rows]
        claimed = Notification.objects.filter(
            pk__in=ids, email_status=Notification.Email.DAILY
        ).update(email_status=Notification.Email.SENDING, emailed_at=timezone.now())
        if not claimed:
            continue
        user = rows[0].recipient
        with translation.override(_language(user)), timezone.override(zone_of(user)):
            message = _message(
                user,
                subject=_("Your daily summary"),
                items=[_item(n) for n in rows],
                kind="*",
                message_id=f"<digest-{recipient_id}-{day}@{_domain()}>",
            )
        try:
            message.send()
        except Exception:
            Notification.objects.filter(pk__in=ids).update(
                email_status=Notification.Email.DAILY, emailed_at=None
            )
            raise
        Notification.objects.filter(pk__in=ids).update(
            email_status=Notification.Email.SENT, emailed_at=timezone.now()
        )
        sent += 1
    return {"sent": sent}


def daily_digest_start() -> None:
    """Run by every worker now and then: once the school's day reaches
    PORTAL_DIGEST_HOUR, start today's digest (once: the job's key is the date)."""
    local = timezone.localtime(timezone=school_zone())
    if local.hour >= settings.PORTAL_DIGEST_HOUR:
        day = local.date().isoformat()
        job_start(
            handler=notification_digest_job,
            title="Daily e-mail",
            payload={"day": day},
            key=f"notifications:digest:{day}",
        )
