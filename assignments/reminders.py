"""Reminders, run by every worker now and then (PORTAL_WORKER_PERIODIC): announce
assignments whose start date has come, and tell students who have not submitted
an assignment due in the next 24 hours by their own due date (extended time, or a
date of their own on the assignment: they hear 24 hours before it, not before the
class's). Each event is raised once (see ``notifications.services.notify_once``),
however many workers run this."""

from datetime import timedelta

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from assignments.events import assignment_announce, students_by_due_date
from assignments.models import Assignment, PersonalDueDate, Response
from classrooms.models import Enrolment
from notifications.models import Kind
from notifications.services import notify_once

DUE_WINDOW = timedelta(hours=24)
# Assignments older than this are never announced late (a first deployment).
ANNOUNCE_WITHIN = timedelta(days=7)
# A class date this far back may still have a student's own date ahead (extended
# time); older ones are not looked at again.
EXTENDED_LOOKBACK = timedelta(days=120)


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
        due_soon_remind(assignment=a, now=now) for a in _due_within_a_day(now)
    )
    return {"announced": announced, "reminded": reminded}


def _due_within_a_day(now):
    """Assignments due in the next 24 hours for someone: the class's date, a past
    class date that a student's extended time may move into the window, or a
    student's own date on the assignment."""
    window = Q(due_at__gt=now, due_at__lte=now + DUE_WINDOW)
    extended = Exists(
        Enrolment.objects.filter(
            Q(extra_days__gt=0) | Q(extra_percent__gt=0),
            classroom_id=OuterRef("classroom_id"),
            removed_at__isnull=True,
        )
    )
    moved = Q(
        extended,
        due_at__gt=now - EXTENDED_LOOKBACK,
        due_at__lte=now + DUE_WINDOW,
    )
    own = Exists(
        PersonalDueDate.objects.filter(
            assignment=OuterRef("pk"), due_at__gt=now, due_at__lte=now + DUE_WINDOW
        )
    )
    return _open_assignments().filter(window | moved | own)


def due_soon_remind(*, assignment: Assignment, now=None) -> int:
    """Students of the class with nothing submitted for this assignment whose own
    due date is within 24 hours: each date's group once (``due_soon:<assignment>``
    for the class's date, ``…:<date>`` for another, so a date changed later is
    announced again), with their own date in the words."""
    now = now or timezone.now()
    submitted = Response.objects.filter(
        assignment=assignment,
        student=OuterRef("student_id"),
        latest_version__isnull=False,
    )
    reminded = 0
    groups = students_by_due_date(assignment, exclude=Q(Exists(submitted)))
    for due, students in sorted(groups.items()):
        if not now < due <= now + DUE_WINDOW:
            continue
        own = "" if due == assignment.due_at else f":{due:%Y%m%d%H%M}"
        reminded += notify_once(
            once=f"due_soon:{assignment.pk}{own}",
            recipients=students,
            kind=Kind.DUE_SOON,
            params={"title": assignment.lesson.title, "due": due.isoformat()},
            url=reverse("assignments:assignment_detail", args=[assignment.pk]),
        )
    return reminded
