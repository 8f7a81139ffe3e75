"""An assignment as one student has it: with their accommodations in its class
(extra days or time, the version their reading opens on, read-aloud) and their own
due date, read in the same query as the assignment (assignments.permissions
applies the rule of who sees what; assignments.schedule turns these into the
student's due date)."""

from functools import partial

from django.db.models import F, FilteredRelation, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from assignments.models import Assignment, PersonalDueDate
from classrooms.models import Classroom
from portal.queries import CompiledOnce, joined, joined_columns


def with_accommodations(queryset: QuerySet, user) -> QuerySet:
    """The assignments of ``queryset`` in the classes the student is in now (not
    removed), annotated with their accommodations in that class
    (``student_extra_days``, ``student_extra_percent``, ``student_first_version``,
    ``student_read_aloud``) and their own date on the assignment
    (``student_own_due_at``, None when none is set). All in the same query: the
    accommodations are read through the one join that finds the student's
    enrolment (one per student per class, so no row is repeated), their own date
    through a left join. assignments.schedule.personal_due_apply then gives the
    student their own due date."""
    return (
        queryset.filter(
            classroom__enrolments__student=user,
            classroom__enrolments__removed_at__isnull=True,
        )
        .alias(
            own_date=FilteredRelation(
                "personal_due_dates", condition=Q(personal_due_dates__student=user)
            )
        )
        .annotate(
            student_extra_days=F("classroom__enrolments__extra_days"),
            student_extra_percent=F("classroom__enrolments__extra_percent"),
            student_first_version=F("classroom__enrolments__first_version"),
            student_read_aloud=F("classroom__enrolments__read_aloud"),
            student_own_due_at=F("own_date__due_at"),
        )
    )


def classes_of_student_at(student: int, now) -> QuerySet:
    """The classes a student (an id the caller made sure is a student's) is in now
    (not removed, not archived), each beside every one of its assignments
    available at ``now`` (``available``, a left join: a class without one comes
    once, its ``available__`` columns empty), with the student's accommodations
    in the class (``enrolments__extra_days``, ``enrolments__extra_percent``) and
    their own date on the assignment (``own_due_at``). The rule of
    ``assignments_visible_to_student`` read from the class's side, for the to-do
    list, which shows both."""
    own_date = (
        PersonalDueDate.objects.filter(
            assignment_id=OuterRef("available__id"), student_id=student
        )
        .order_by()
        .values("due_at")[:1]
    )
    return Classroom.objects.filter(
        enrolments__student_id=student,
        enrolments__removed_at__isnull=True,
        archived_at__isnull=True,
    ).annotate(
        available=FilteredRelation(
            "assignments", condition=Q(assignments__available_from__lte=now)
        ),
        own_due_at=Subquery(own_date),
    )


# What with_accommodations annotates a student's assignment with.
_ACCOMMODATIONS = (
    "student_extra_days",
    "student_extra_percent",
    "student_first_version",
    "student_read_aloud",
    "student_own_due_at",
)


def _student_assignment_query(related, *, assignment: int, student: int, now):
    columns = joined_columns(Assignment, related)
    return (
        with_accommodations(
            Assignment.objects.filter(
                pk=assignment,
                available_from__lte=now,
                classroom__archived_at__isnull=True,
            ),
            student,
        )
        .order_by()
        .values_list(*columns, *_ACCOMMODATIONS)[:1]
    )


_STUDENT_ASSIGNMENT: dict[tuple[str, ...], CompiledOnce] = {}


def student_assignment(
    assignment: int, *, student: int, related: tuple[str, ...]
) -> Assignment | None:
    """The assignment of this id if the student sees it now (a class they are in,
    not archived, the assignment available), annotated as ``with_accommodations``
    annotates, with what ``related`` names joined as select_related() joins it;
    None otherwise. Its SQL compiled once for each ``related`` (portal.queries)."""
    query = _STUDENT_ASSIGNMENT.get(related)
    if query is None:
        query = _STUDENT_ASSIGNMENT.setdefault(
            related, CompiledOnce(partial(_student_assignment_query, related))
        )
    rows = query.rows(assignment=assignment, student=student, now=timezone.now())
    if not rows:
        return None
    row = rows[0]
    found = joined(Assignment, related, row)
    for name, value in zip(_ACCOMMODATIONS, row[-len(_ACCOMMODATIONS) :], strict=True):
        setattr(found, name, value)
    return found
