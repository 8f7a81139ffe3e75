"""Students' own due dates (extended time) as a teacher reads them: on one
student's page of dates, in the gradebook and in the review table; and one
student's, as submitting their answer reads it. Each is
assignments.schedule.personal_due_at applied to the class's date."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import FilteredRelation, Q

from assignments.models import Assignment, PersonalDueDate
from assignments.permissions import assignments_managed_by
from assignments.schedule import personal_due_apply, personal_due_at
from classrooms.models import Classroom, Enrolment


def own_due_dates(
    assignments: list[Assignment],
    enrolments: list[Enrolment],
    *,
    whole_class: bool = False,
) -> dict[tuple[int, int], datetime]:
    """(student id, assignment id) → that student's own due date, for each student
    whose date differs from the class's (standing extended time, or a date of
    their own on that assignment). ``enrolments`` need ``student_id``,
    ``extra_days`` and ``extra_percent``; ``whole_class`` when they are the class's
    every student: the dates are then read by assignment alone (a class of 1,000
    would otherwise send a thousand ids). One query."""
    dates_set = PersonalDueDate.objects.filter(
        assignment__in=[a.pk for a in assignments]
    )
    if not whole_class:
        dates_set = dates_set.filter(student__in=[e.student_id for e in enrolments])
    own = {
        (student_id, assignment_id): due_at
        for student_id, assignment_id, due_at in dates_set.order_by().values_list(
            "student_id", "assignment_id", "due_at"
        )
    }
    dates = {}
    for e in enrolments:
        for a in assignments:
            mine = own.get((e.student_id, a.pk))
            if mine is None and not (e.extra_days or e.extra_percent):
                continue
            dates[(e.student_id, a.pk)] = personal_due_at(
                a.due_at,
                available_from=a.available_from,
                extra_days=e.extra_days,
                extra_percent=e.extra_percent,
                own_due_at=mine,
            )
    return dates


@dataclass
class StudentDueDate:
    assignment: Assignment
    class_due_at: datetime
    due_at: datetime  # the student's date (the class's when they have no other)
    own_date_set: bool  # a date of their own on this assignment


def student_due_dates(
    *, classroom: Classroom, enrolment: Enrolment, user
) -> list[StudentDueDate]:
    """The class's assignments (closed ones left out) with the class's date and
    this student's own. Two queries."""
    assignments = list(
        assignments_managed_by(user)
        .filter(classroom=classroom, closed_at__isnull=True)
        .select_related("lesson")
        .order_by("due_at", "pk")
    )
    set_here = set(
        PersonalDueDate.objects.filter(
            assignment__in=assignments, student_id=enrolment.student_id
        ).values_list("assignment_id", flat=True)
    )
    dates = own_due_dates(assignments, [enrolment]) if assignments else {}
    return [
        StudentDueDate(
            assignment=a,
            class_due_at=a.due_at,
            due_at=dates.get((enrolment.student_id, a.pk), a.due_at),
            own_date_set=a.pk in set_here,
        )
        for a in assignments
    ]


def personal_due_read(assignment: Assignment, student_id: int) -> Assignment:
    """``personal_due_apply`` on an assignment already fetched, for one student:
    their class's accommodations (none once removed from it) and their own date,
    read in one query."""
    terms = (
        Assignment.objects.filter(pk=assignment.pk)
        .alias(
            mine=FilteredRelation(
                "classroom__enrolments",
                condition=Q(
                    classroom__enrolments__student_id=student_id,
                    classroom__enrolments__removed_at__isnull=True,
                ),
            ),
            own=FilteredRelation(
                "personal_due_dates",
                condition=Q(personal_due_dates__student_id=student_id),
            ),
        )
        .order_by()
        .values_list("mine__extra_days", "mine__extra_percent", "own__due_at")
    )
    extra_days, extra_percent, own_due_at = terms.get()
    return personal_due_apply(
        assignment,
        extra_days=extra_days,
        extra_percent=extra_percent,
        own_due_at=own_due_at,
    )
