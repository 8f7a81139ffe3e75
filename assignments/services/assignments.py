"""Giving a lesson to classes: create, change, close, and the rubric it is scored
with."""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from assignments.events import assignment_announce
from assignments.models import Assignment, Rubric
from classrooms.models import Classroom
from lessons.models import Lesson

ASSIGNMENT_FIELDS = [
    "instructions",
    "available_from",
    "due_at",
    "late_work_allowed",
    "points",
    "discussion_visibility",
]


@transaction.atomic
def assignment_create(
    *, lesson: Lesson, classrooms: Iterable[Classroom], created_by, **fields
) -> list[Assignment]:
    """Give a lesson to one or more classes: one assignment per class, each with the
    same dates and rules (changed later class by class). Students of a class are
    told at once if it is open now (later, by the reminders job, otherwise)."""
    created = []
    for classroom in classrooms:
        assignment = Assignment(
            lesson=lesson, classroom=classroom, created_by=created_by
        )
        for name in ASSIGNMENT_FIELDS:
            if name in fields:
                setattr(assignment, name, fields[name])
        assignment.full_clean()
        assignment.save()
        assignment_announce(assignment=assignment)
        created.append(assignment)
    return created


@transaction.atomic
def assignment_update(*, assignment: Assignment, **fields) -> Assignment:
    """Change dates and rules. Answers already submitted keep their late flag."""
    changed = [name for name in ASSIGNMENT_FIELDS if name in fields]
    for name in changed:
        setattr(assignment, name, fields[name])
    assignment.full_clean()
    assignment.save(update_fields=[*changed, "updated_at"])
    return assignment


@transaction.atomic
def assignment_close(*, assignment: Assignment, closed: bool = True) -> Assignment:
    """Close an assignment (no more submissions; drafts are still kept) or reopen it."""
    assignment.closed_at = timezone.now() if closed else None
    assignment.full_clean()
    assignment.save(update_fields=["closed_at", "updated_at"])
    return assignment


@transaction.atomic
def assignment_rubric_set(
    *, assignment: Assignment, rubric: Rubric | None
) -> Assignment:
    """Attach a rubric (or none) to an assignment. Levels already chosen with
    another rubric stay in the skill report."""
    assignment.rubric = rubric
    assignment.save(update_fields=["rubric", "updated_at"])
    return assignment
