"""Notifications in the portal (the bell), what each person wants by e-mail, and
each person's private calendar link. Events are raised by the apps above (new
assignment, returned answer, reply, submissions, a class changed) through
``notifications.services.notify``; the words are written when shown, in the reader's
language, from ``kind`` and ``params`` (``notifications.kinds``)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    ASSIGNMENT_NEW = "assignment_new", _("A new assignment in my class")
    DUE_SOON = "due_soon", _("Due in 24 hours and not submitted yet")
    ANSWER_RETURNED = "answer_returned", _("My answer was returned or graded")
    REPLY = "reply", _("A reply to my answer")
    SUBMISSIONS = "submissions", _("New and late submissions (one per assignment)")
    LATE_SUBMISSIONS = (
        "late_submissions",
        _("Late submissions only, after the due date (one per assignment)"),
    )
    CLASS_CHANGED = "class_changed", _("A co-teacher changed one of my classes")


class EmailMode(models.TextChoices):
    IMMEDIATE = "immediate", _("E-mail me at once")
    DAILY = "daily", _("In a daily e-mail")
    OFF = "off", _("No e-mail (in the portal only)")


class Notification(models.Model):
    class Email(models.TextChoices):
        NONE = "none", _("No e-mail")
        QUEUED = "queued", _("To be sent")
        SENDING = "sending", _("Being sent")
        DAILY = "daily", _("In the next daily e-mail")
        SENT = "sent", _("Sent")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=300, blank=True)
    # Groups repeated events into one unread notification (a teacher's digest of
    # submissions per assignment) or makes one event once (a due-date reminder).
    key = models.CharField(max_length=120, blank=True)
    count = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    email_status = models.CharField(
        max_length=10, choices=Email.choices, default=Email.NONE
    )
    # When the mail was claimed by a worker (sending) or sent.
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["email_status"], name="notification_email"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"],
                condition=Q(read_at__isnull=True) & ~Q(key=""),
                name="notification_one_unread_per_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"


class NotificationPreference(models.Model):
    """A person's choice for one kind of event (no row: the kind's default)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    email = models.CharField(max_length=10, choices=EmailMode.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"], name="notification_preference_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind} = {self.email}"


class CalendarFeed(models.Model):
    """A person's private calendar address: whoever has the token reads their due
    dates, so it can be revoked (deleted) and renewed (a new token)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"calendar of {self.user_id}"


class NotifiedEvent(models.Model):
    """An event already announced (``notify_once``): a reminder or an announcement
    raised by several workers, or again later, reaches people once."""

    key = models.CharField(max_length=120, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.key
