"""Assigning lessons to classes, through the services."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from assignments.models import Feedback
from assignments.services.assignments import (
    PointsChanged,
    assignment_create,
    assignment_points_set,
)
from classrooms.services import classroom_create
from lessons.services import unit_publish
from tests.assignments.conftest import build_assignment, enrol, post_answer


def test_assigning_to_two_classes_makes_one_assignment_each(teacher):
    first = build_assignment(teacher)
    unit_publish(unit=first.lesson.unit)
    other = classroom_create(owner=teacher, name="History", section="P2")
    created = assignment_create(
        lesson=first.lesson,
        classrooms=[other],
        created_by=teacher,
        due_at=timezone.now() + timedelta(days=1),
    )
    assert [a.classroom for a in created] == [other]
    assert first.lesson.assignments.count() == 2


def test_due_must_come_after_available(teacher):
    with pytest.raises(ValidationError):
        build_assignment(
            teacher,
            available_from=timezone.now(),
            due_at=timezone.now() - timedelta(hours=1),
        )


# --- points per question -----------------------------------------------------------


def _scored(assignment, student, n, score, out_of):
    return Feedback.objects.create(
        response=post_answer(student, assignment, n=n),
        score=Decimal(score),
        max_points=out_of,
    )


def test_points_set_per_question_and_scores_rescale_when_asked(teacher_client, teacher):
    assignment = build_assignment(teacher, prompts=2, points=8)  # 4 + 4
    first, second = assignment.lesson.prompts.order_by("order")
    ada, bo = enrol(assignment.classroom), enrol(assignment.classroom)
    _scored(assignment, ada, 0, "3", 4)
    _scored(assignment, ada, 1, "4", 4)
    _scored(assignment, bo, 0, "1.5", 4)
    unscored = post_answer(bo, assignment, n=1)
    Feedback.objects.create(response=unscored, score=None, max_points=4)

    changed = assignment_points_set(
        assignment=assignment, points={first.pk: 6, second.pk: 4}, rescale=True
    )
    assert changed == PointsChanged(rescaled=2, lowered=0)
    assignment.refresh_from_db()
    assert assignment.points == 10
    scores = {
        (f.response.student_id, f.response.prompt_id): (f.score, f.max_points)
        for f in Feedback.objects.select_related("response")
    }
    assert scores[(ada.pk, first.pk)] == (Decimal("4.5"), 6)
    assert scores[(bo.pk, first.pk)] == (Decimal("2.3"), 6)  # 2.25, rounded half up
    assert scores[(ada.pk, second.pk)] == (Decimal("4"), 4)  # unchanged points
    assert scores[(bo.pk, second.pk)] == (None, 4)

    # The gradebook CSV says the same: out of 10, Ada 8.5.
    export = teacher_client.get(
        reverse("assignments:gradebook_csv", args=[assignment.classroom_id])
    )
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[1][-1] == "10"
    ada_row = next(r for r in rows if r[1] == str(ada.pk))
    assert ada_row[-1] == "8.5"


def test_points_lowered_without_rescaling_cap_the_scores_above_them(teacher):
    assignment = build_assignment(teacher, prompts=2, points=8)
    first, second = assignment.lesson.prompts.order_by("order")
    ada, bo = enrol(assignment.classroom), enrol(assignment.classroom)
    _scored(assignment, ada, 0, "4", 4)
    _scored(assignment, bo, 0, "1", 4)
    changed = assignment_points_set(
        assignment=assignment, points={first.pk: 2, second.pk: 4}, rescale=False
    )
    assert changed == PointsChanged(rescaled=0, lowered=1)
    assert sorted(
        Feedback.objects.values_list("score", "max_points").order_by("score")
    ) == [(Decimal("1"), 2), (Decimal("2"), 2)]


def test_points_for_every_question_in_range_or_nothing_changes(teacher):
    assignment = build_assignment(teacher, prompts=2, points=8)
    first, second = assignment.lesson.prompts.order_by("order")
    for points in (
        {first.pk: 5},
        {first.pk: -1, second.pk: 1},
        {first.pk: 900, second.pk: 900},
    ):
        with pytest.raises(ValidationError):
            assignment_points_set(assignment=assignment, points=points, rescale=True)
    assignment.refresh_from_db()
    assert assignment.points == 8 and not assignment.point_shares.exists()


def test_a_lesson_of_a_draft_unit_is_refused_and_nothing_is_assigned(teacher):
    first = build_assignment(teacher)  # its unit is back to draft
    other = classroom_create(owner=teacher, name="History", section="P2")
    with pytest.raises(ValidationError) as info:
        assignment_create(lesson=first.lesson, classrooms=[other], created_by=teacher)
    error = info.value.error_dict["lesson"][0]
    assert error.code == "unit_draft"
    assert "“Wartime allies” is a draft" in error.messages[0]
    assert "choose Publish" in error.messages[0]
    assert not other.assignments.exists()
