"""Rubrics, through the services: what may change once answers were scored."""

import pytest
from django.core.exceptions import ValidationError

from assignments.models import CriterionScore, Feedback, Rubric
from assignments.services.assignments import assignment_rubric_set
from assignments.services.rubrics import rubric_create, rubric_delete, rubric_update
from tests.assignments.conftest import post_answer

CRITERIA = [
    {"title": "Uses the source", "skill": "sourcing", "points": 4},
    {"title": "Explains", "skill": "claim_evidence", "points": 3},
]


def test_a_rubric_needs_a_criterion(teacher):
    with pytest.raises(ValidationError) as refused:
        rubric_create(owner=teacher, title="Empty", criteria=[])
    assert refused.value.code == "empty"
    assert not Rubric.objects.filter(owner=teacher).exists()


def test_reordering_keeps_the_criteria_and_their_ids(teacher):
    rubric = rubric_create(owner=teacher, title="Evidence", criteria=CRITERIA)
    first, second = rubric.criteria.order_by("order")
    rubric_update(
        rubric=rubric,
        title="Evidence",
        criteria=[
            {"id": second.pk, "title": "Explains", "skill": "sourcing", "points": 3},
            {"id": first.pk, "title": "Uses", "skill": "sourcing", "points": 4},
        ],
    )
    assert list(rubric.criteria.order_by("order").values_list("pk", "order")) == [
        (second.pk, 1),
        (first.pk, 2),
    ]


def test_a_criterion_answers_were_scored_on_stays(teacher, student, assignment):
    rubric = rubric_create(owner=teacher, title="Evidence", criteria=CRITERIA)
    first, second = rubric.criteria.order_by("order")
    feedback = Feedback.objects.create(
        response=post_answer(student, assignment), max_points=2
    )
    CriterionScore.objects.create(
        feedback=feedback, criterion=first, points=1, max_points=4
    )
    with pytest.raises(ValidationError) as refused:
        rubric_update(
            rubric=rubric,
            title="Evidence",
            criteria=[{"id": second.pk, **CRITERIA[1]}],
        )
    assert refused.value.code == "criterion_scored"
    assert rubric.criteria.count() == 2
    with pytest.raises(ValidationError) as kept:
        rubric_delete(rubric=rubric)
    assert kept.value.code == "scored"


def test_a_rubric_in_use_is_kept_until_the_assignment_lets_go(teacher, assignment):
    rubric = rubric_create(owner=teacher, title="Evidence", criteria=CRITERIA)
    assignment_rubric_set(assignment=assignment, rubric=rubric)
    with pytest.raises(ValidationError) as refused:
        rubric_delete(rubric=rubric)
    assert refused.value.code == "in_use"
    assignment_rubric_set(assignment=assignment, rubric=None)
    rubric_delete(rubric=rubric)
    assert not Rubric.objects.filter(owner=teacher).exists()
