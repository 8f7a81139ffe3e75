"""Assigning lessons to classes, through the services."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from assignments.services.assignments import assignment_create
from classrooms.services import classroom_create
from tests.assignments.conftest import build_assignment


def test_assigning_to_two_classes_makes_one_assignment_each(teacher):
    first = build_assignment(teacher)
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
