"""Reminders, run by every worker now and then (PORTAL_WORKER_PERIODIC): announce
assignments whose start date has come, and tell students who have not submitted
an assignment due in the next 24 hours. Each event is raised once (see
``notifications.services.notify_once``), however many workers run this."""

from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from assignments.events import assignment_announce, students_of
from assignments.models import Assignment, Response
from notifications.models import Kind
from notifications.services import notify_once

DUE_WINDOW = timedelta(hours=24)
# Assignments older than this are never announced late (a first deployment).
ANNOUNCE_WITHIN = timedelta(days=7)


def _open_assignments():
    now = timezone.now()
    return (
        Assignment.objects.filter(available_from__lte=now)
        .exclude(closed_at__lte=now)
        .select_related("lesson", "classroom")
    )


def reminders_send() -> dict:
    now = timezone.now()
    announced = sum(
        assignment_announce(assignment=a)
        for a in _open_assignments().filter(available_from__gte=now - ANNOUNCE_WITHIN)
    )
    reminded = sum(
        due_soon_remind(assignment=a)
        for a in _open_assignments().filter(
            due_at__gt=now, due_at__lte=now + DUE_WINDOW
        )
    )
    return {"announced": announced, "reminded": reminded}


def due_soon_remind(*, assignment: Assignment) -> int:
    """Students of the class with nothing submitted for this assignment."""
    submitted = Response.objects.filter(
        assignment=assignment,
        student=OuterRef("pk"),
        latest_version__isnull=False,
    )
    return notify_once(
        once=f"due_soon:{assignment.pk}",
        recipients=students_of(assignment).filter(~Exists(submitted)),
        kind=Kind.DUE_SOON,
        params={"title": assignment.lesson.title, "due": assignment.due_at.isoformat()},
        url=reverse("assignments:assignment_detail", args=[assignment.pk]),
    )
