"""Reminders, run by every worker now and then (PORTAL_WORKER_PERIODIC): announce
assignments whose start date has come, and tell students who have not submitted
an assignment due in the next 24 hours (their own due date: extended time counts). Each event is raised once (see
``notifications.services.notify_once``), however many workers run this."""

from datetime import timedelta

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from assignments.events import (
    assignment_announce,
    personal_due,
    students_by_extra_days,
)
from assignments.models import Assignment, Response
from classrooms.models import MAX_EXTRA_DAYS, Enrolment
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
        due_soon_remind(assignment=a, now=now) for a in _due_within_a_day(now)
    )
    return {"announced": announced, "reminded": reminded}


def _due_within_a_day(now):
    """Assignments due in the next 24 hours for someone: the class's date, or a
    past class date that a student's extended time moves into the window."""
    window = Q(due_at__gt=now, due_at__lte=now + DUE_WINDOW)
    extended = Exists(
        Enrolment.objects.filter(
            classroom_id=OuterRef("classroom_id"),
            extra_days__gt=0,
            removed_at__isnull=True,
        )
    )
    moved = Q(
        extended,
        due_at__gt=now - timedelta(days=MAX_EXTRA_DAYS),
        due_at__lte=now + DUE_WINDOW,
    )
    return _open_assignments().filter(window | moved)


def due_soon_remind(*, assignment: Assignment, now=None) -> int:
    """Students of the class with nothing submitted for this assignment whose own
    due date (the class's, or later by their extended time) is within 24 hours:
    each group once (``due_soon:<assignment>`` for the class's date,
    ``…:+<days>`` for extended time), with their own date in the words."""
    now = now or timezone.now()
    submitted = Response.objects.filter(
        assignment=assignment,
        student=OuterRef("student_id"),
        latest_version__isnull=False,
    )
    reminded = 0
    groups = students_by_extra_days(assignment, exclude=Q(Exists(submitted)))
    for extra, students in sorted(groups.items()):
        due = personal_due(assignment, extra)
        if not now < due <= now + DUE_WINDOW:
            continue
        reminded += notify_once(
            once=f"due_soon:{assignment.pk}" + (f":+{extra}" if extra else ""),
            recipients=students,
            kind=Kind.DUE_SOON,
            params={"title": assignment.lesson.title, "due": due.isoformat()},
            url=reverse("assignments:assignment_detail", args=[assignment.pk]),
        )
    return reminded
