"""Giving a lesson to classes: create, change, close, and the rubric it is scored
with."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from assignments.events import assignment_announce, assignment_changed_notify
from assignments.models import (
    MAX_POINTS,
    Assignment,
    Feedback,
    PersonalDueDate,
    PromptPoints,
    Rubric,
)
from classrooms.models import Classroom
from lessons.models import Lesson

ASSIGNMENT_FIELDS = [
    "instructions",
    "available_from",
    "due_at",
    "late_work_allowed",
    "points",
    "discussion_visibility",
    "discussion_in_groups",
]


@transaction.atomic
def assignment_create(
    *, lesson: Lesson, classrooms: Iterable[Classroom], created_by, **fields
) -> list[Assignment]:
    """Give a lesson to one or more classes: one assignment per class, each with the
    same dates and rules (changed later class by class). Students of a class are
    told at once if it is open now (later, by the reminders job, otherwise).
    A lesson of a draft unit is refused: students would see what its editor says
    only the unit's authors see."""
    _refuse_draft_unit(lesson)
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
        assignment_changed_notify(
            assignment, by=created_by, change="assignment_created"
        )
        created.append(assignment)
    return created


def _refuse_draft_unit(lesson: Lesson) -> None:
    unit = lesson.unit
    if unit.is_published:
        return
    raise ValidationError(
        {
            "lesson": ValidationError(
                _(
                    "“%(unit)s” is a draft, which only its authors see, so its "
                    "lessons cannot be assigned yet. Open the unit and choose "
                    "Publish, then assign this lesson."
                )
                % {"unit": unit.title},
                code="unit_draft",
            )
        }
    )


@transaction.atomic
def assignment_update(*, assignment: Assignment, by=None, **fields) -> Assignment:
    """Change dates and rules. Answers already submitted keep their late flag. A
    new due date set by ``by`` is told to the class's other teachers."""
    # The stored date (a model form has already put the new one on the instance).
    due_before = (
        Assignment.objects.filter(pk=assignment.pk).values_list("due_at", flat=True)
    ).first()
    changed = [name for name in ASSIGNMENT_FIELDS if name in fields]
    for name in changed:
        setattr(assignment, name, fields[name])
    assignment.full_clean()
    assignment.save(update_fields=[*changed, "updated_at"])
    if due_before is not None and assignment.due_at != due_before:
        assignment_changed_notify(assignment, by=by, change="assignment_due_changed")
    return assignment


@transaction.atomic
def assignment_delete(*, assignment: Assignment, by=None) -> None:
    """Delete an assignment no student has started (answers would go with it: an
    assignment with work is closed instead). The class's other teachers are told."""
    if assignment.responses.exists():
        raise ValidationError(
            _(
                "Students have started this assignment, and deleting it would delete "
                "their work. Close it instead: their work stays."
            ),
            code="has_work",
        )
    assignment_changed_notify(assignment, by=by, change="assignment_deleted")
    assignment.delete()


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


@dataclass(frozen=True)
class PointsChanged:
    """What setting the points did to scores already given."""

    rescaled: int = 0  # scores multiplied by new / old points
    lowered: int = 0  # kept, but above the new points, so lowered to them


def _rescaled(score: Decimal, old: int, new: int) -> Decimal:
    if old == 0:
        return Decimal(0)
    return (score * new / old).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@transaction.atomic
def assignment_points_set(
    *, assignment: Assignment, points: dict[int, int], rescale: bool
) -> PointsChanged:
    """Set what each prompt of the assignment is worth (``points`` by prompt pk,
    every prompt of its lesson); the assignment is then worth their sum. Scores
    already given follow: with ``rescale`` each is multiplied by new / old points
    (3 of 4 becomes 4.5 of 6); without, each is kept, and one above its prompt's
    new points is lowered to them. Either way a score never exceeds its points,
    and the gradebook adds up the same scores it shows."""
    locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
    prompt_pks = set(locked.lesson.prompts.values_list("pk", flat=True))
    if set(points) != prompt_pks:
        raise ValidationError(_("Give points to every question."), code="prompts")
    if any(not 0 <= p <= MAX_POINTS for p in points.values()):
        raise ValidationError(
            _("Each question is worth 0 to %(max)s points.") % {"max": MAX_POINTS},
            code="range",
        )
    if sum(points.values()) > MAX_POINTS:
        raise ValidationError(
            _("The questions add up to more than %(max)s points.")
            % {"max": MAX_POINTS},
            code="total",
        )
    for prompt_pk, value in points.items():
        PromptPoints.objects.update_or_create(
            assignment=locked, prompt_id=prompt_pk, defaults={"points": value}
        )
    locked.points = sum(points.values())
    locked.full_clean()
    locked.save(update_fields=["points", "updated_at"])
    assignment.points = locked.points
    rescaled = lowered = 0
    changed = (
        Feedback.objects.select_for_update()
        .filter(response__assignment=locked)
        .select_related("response")
    )
    for feedback in changed:
        new = points[feedback.response.prompt_id]
        if feedback.max_points == new:
            continue
        if feedback.score is not None and rescale:
            feedback.score = _rescaled(feedback.score, feedback.max_points, new)
            rescaled += 1
        elif feedback.score is not None and feedback.score > new:
            feedback.score = Decimal(new)
            lowered += 1
        feedback.max_points = new
        feedback.version += 1
        feedback.save(update_fields=["score", "max_points", "version", "updated_at"])
    return PointsChanged(rescaled=rescaled, lowered=lowered)


@transaction.atomic
def personal_due_date_set(*, assignment: Assignment, student, due_at) -> None:
    """Give one student a due date of their own on one assignment (an
    accommodation): it replaces the class's date and their standing extended time
    there. It must come after the assignment opens; the student must be on the
    class's roster."""
    if not assignment.classroom.enrolments.filter(
        student=student, removed_at__isnull=True
    ).exists():
        raise ValidationError(
            _("This student is not on the class's roster."), code="not_enrolled"
        )
    if due_at <= assignment.available_from:
        raise ValidationError(
            {
                "due_at": _("Choose a date after the assignment opens (%(opens)s).")
                % {
                    "opens": date_format(
                        timezone.localtime(assignment.available_from), "DATETIME_FORMAT"
                    )
                }
            },
            code="before_open",
        )
    own = PersonalDueDate.objects.filter(assignment=assignment, student=student).first()
    own = own or PersonalDueDate(assignment=assignment, student=student)
    own.due_at = due_at
    own.full_clean(validate_constraints=False, validate_unique=False)
    own.save()


@transaction.atomic
def personal_due_date_remove(*, assignment: Assignment, student) -> None:
    """The student is back on the class's date (with their standing extended
    time, if any) for this assignment."""
    PersonalDueDate.objects.filter(assignment=assignment, student=student).delete()
