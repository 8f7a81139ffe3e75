"""Account rules other apps rely on."""

import pytest
from django.core.exceptions import ValidationError

from accounts.services import colleague_find
from classrooms.services import classroom_co_teacher_add, classroom_create
from lessons.services import unit_co_author_add, unit_create
from tests.builders import TeacherFactory


def test_a_colleague_is_an_active_teacher_found_whatever_the_case(teacher):
    colleague = TeacherFactory(username="r.diaz")
    assert colleague_find(username=" R.Diaz ") == colleague


@pytest.mark.parametrize("who", ["student", "switched_off_teacher", "nobody"])
def test_students_switched_off_accounts_and_strangers_are_nobody(student, who):
    username = {
        "student": student.username,
        "switched_off_teacher": TeacherFactory(is_active=False).username,
        "nobody": "no.such.person",
    }[who]
    with pytest.raises(ValidationError) as refused:
        colleague_find(username=username)
    assert refused.value.code == "unknown_teacher"


def test_co_teachers_and_co_authors_follow_the_same_rule(teacher):
    """One rule for both: a switched-off account co-teaches nothing and co-authors
    nothing."""
    waiting = TeacherFactory(is_active=False)
    classroom = classroom_create(owner=teacher, name="History 9")
    unit = unit_create(owner=teacher, title="Allies")
    for add in (
        lambda: classroom_co_teacher_add(
            classroom=classroom, username=waiting.username
        ),
        lambda: unit_co_author_add(unit=unit, username=waiting.username),
    ):
        with pytest.raises(ValidationError) as refused:
            add()
        assert refused.value.code == "unknown_teacher"
    assert not classroom.co_teachers.exists() and not unit.co_authors.exists()
