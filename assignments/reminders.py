"""Reminders, run by every worker now and then (PORTAL_WORKER_PERIODIC): announce
assignments whose start date has come, and tell students who have not submitted
an assignment due in the next 24 hours (by their own due date: a student with
extended time hears 24 hours before their date, not the class's). Each event is
raised once (see ``notifications.services.notify_once``), however many workers run
this."""

from datetime import timedelta

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from assignments.events import assignment_announce, students_of
from assignments.models import Assignment, PersonalDueDate, Response
from assignments.schedule import personal_due_at
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
    extended = Q(
        classroom__enrolments__removed_at__isnull=True,
        classroom__enrolments__extra_days__gt=0,
    ) | Q(
        classroom__enrolments__removed_at__isnull=True,
        classroom__enrolments__extra_percent__gt=0,
    )
    candidates = (
        _open_assignments()
        .filter(due_at__lte=now + DUE_WINDOW)
        .filter(
            Q(due_at__gt=now)
            | (Q(due_at__gt=now - EXTENDED_LOOKBACK) & extended)
            | Q(personal_due_dates__due_at__gt=now)
        )
        .distinct()
    )
    # A student's own date can fall in the window while the class's is days away.
    personal = _open_assignments().filter(
        pk__in=PersonalDueDate.objects.filter(
            due_at__gt=now, due_at__lte=now + DUE_WINDOW
        ).values("assignment_id")
    )
    seen = set()
    reminded = 0
    for assignment in [*candidates, *personal]:
        if assignment.pk not in seen:
            seen.add(assignment.pk)
            reminded += due_soon_remind(assignment=assignment, now=now)
    return {"announced": announced, "reminded": reminded}


def _own_dates(assignment: Assignment) -> dict:
    """Each student of the class with extended time on this assignment: their own
    due date (assignments.schedule.personal_due_at). Students not listed have the
    class's date."""
    own = {
        p.student_id: p.due_at
        for p in PersonalDueDate.objects.filter(assignment=assignment)
    }
    dates = {}
    for student_id, days, percent in Enrolment.objects.filter(
        classroom_id=assignment.classroom_id, removed_at__isnull=True
    ).values_list("student_id", "extra_days", "extra_percent"):
        if days or percent or student_id in own:
            dates[student_id] = personal_due_at(
                assignment.due_at,
                available_from=assignment.available_from,
                extra_days=days,
                extra_percent=percent,
                own_due_at=own.get(student_id),
            )
    return dates


def due_soon_remind(*, assignment: Assignment, now=None) -> int:
    """Students of the class with nothing submitted for this assignment whose due
    date (their own, with extended time) is within the next 24 hours: those on the
    class's date together, once; each student with a date of their own once."""
    now = now or timezone.now()
    submitted = Response.objects.filter(
        assignment=assignment,
        student=OuterRef("pk"),
        latest_version__isnull=False,
    )
    waiting = list(students_of(assignment).filter(~Exists(submitted)))
    own = _own_dates(assignment)
    url = reverse("assignments:assignment_detail", args=[assignment.pk])
    title = assignment.lesson.title
    sent = 0
    on_class_date = [s for s in waiting if s.pk not in own]
    if on_class_date and now < assignment.due_at <= now + DUE_WINDOW:
        sent += notify_once(
            once=f"due_soon:{assignment.pk}",
            recipients=on_class_date,
            kind=Kind.DUE_SOON,
            params={"title": title, "due": assignment.due_at.isoformat()},
            url=url,
        )
    for student in waiting:
        due = own.get(student.pk)
        if due is not None and now < due <= now + DUE_WINDOW:
            sent += notify_once(
                # The date in the key: a date changed later is announced again.
                once=f"due_soon:{assignment.pk}:{student.pk}:{due:%Y%m%d%H%M}",
                recipients=[student],
                kind=Kind.DUE_SOON,
                params={"title": title, "due": due.isoformat()},
                url=url,
            )
    return sent
