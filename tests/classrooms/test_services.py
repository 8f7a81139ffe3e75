import re

import pytest
from django.core.exceptions import ValidationError

from accounts.models import User
from classrooms.models import JOIN_CODE_ALPHABET, Enrolment
from classrooms.services import (
    StudentRow,
    classroom_archive,
    classroom_co_teacher_add,
    classroom_join,
    classroom_join_code_regenerate,
    classroom_update,
    enrolment_remove,
    enrolment_restore,
    student_passwords_reset,
    students_bulk_create,
    usernames_generate,
)
from tests.builders import StudentFactory


def test_a_new_class_has_an_unambiguous_eight_character_code(classroom):
    assert len(classroom.join_code) == 8
    assert set(classroom.join_code) <= set(JOIN_CODE_ALPHABET)
    assert not set("0O1IL") & set(JOIN_CODE_ALPHABET)


def test_regenerating_the_code_makes_the_old_one_stop_working(classroom, student):
    old = classroom.join_code
    classroom_join_code_regenerate(classroom=classroom)
    assert classroom.join_code != old
    with pytest.raises(ValidationError) as error:
        classroom_join(student=student, code=old)
    assert error.value.code == "unknown"
    classroom_join(student=student, code=classroom.join_code)


def test_join_code_is_forgiving_about_case_spaces_and_dashes(classroom, student):
    code = classroom.join_code
    enrolment, joined = classroom_join(
        student=student, code=f" {code[:4].lower()}-{code[4:]} "
    )
    assert joined and enrolment.classroom == classroom


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"join_enabled": False}, "disabled"),
        ("archive", "archived"),
    ],
)
def test_switched_off_or_archived_class_refuses_its_code(
    classroom, student, change, code
):
    if change == "archive":
        classroom_archive(classroom=classroom)
    else:
        classroom_update(
            classroom=classroom,
            name=classroom.name,
            section=classroom.section,
            school_year=classroom.school_year,
            allow_self_signup=False,
            **change,
        )
    with pytest.raises(ValidationError) as error:
        classroom_join(student=student, code=classroom.join_code)
    assert error.value.code == code
    assert not Enrolment.objects.filter(student=student).exists()


def test_joining_twice_leaves_one_enrolment(classroom, student):
    _, first = classroom_join(student=student, code=classroom.join_code)
    _, second = classroom_join(student=student, code=classroom.join_code)
    assert (first, second) == (True, False)
    assert Enrolment.objects.filter(student=student).count() == 1


def test_removing_a_student_keeps_their_account_and_only_the_teacher_restores(
    classroom, enrolled
):
    enrolment = Enrolment.objects.get(student=enrolled)
    enrolment_remove(enrolment=enrolment)
    assert User.objects.filter(pk=enrolled.pk).exists()
    assert Enrolment.objects.filter(pk=enrolment.pk, removed_at__isnull=False).exists()
    # The class code does not let a removed student back in ...
    with pytest.raises(ValidationError) as refused:
        classroom_join(student=enrolled, code=classroom.join_code)
    assert "Ask them to add you back" in refused.value.messages[0]
    assert Enrolment.objects.get(pk=enrolment.pk).removed_at is not None
    # ... the teacher does, and the earlier enrolment (with its work) comes back.
    enrolment_restore(enrolment=enrolment)
    assert Enrolment.objects.get(pk=enrolment.pk).removed_at is None


def test_usernames_are_readable_and_unique_against_the_database(db):
    StudentFactory(username="maya.okafor")
    names = [("Maya", "Okafor"), ("Maya", "Okafor"), ("José", "Núñez"), ("Prince", "")]
    assert usernames_generate(names) == [
        "maya.okafor2",
        "maya.okafor3",
        "jose.nunez",
        "prince",
    ]


def test_bulk_create_makes_students_with_one_time_passwords(classroom):
    rows = [StudentRow("Maya", "Okafor"), StudentRow("Leo", "Haddad", "S-42")]
    cards = students_bulk_create(classroom=classroom, rows=rows)
    assert [c.username for c in cards] == ["maya.okafor", "leo.haddad"]
    for card in cards:
        assert re.fullmatch(r"[a-z2-9]{5}-[a-z2-9]{5}", card.password)
        user = User.objects.get(username=card.username)
        assert user.is_student and user.must_change_password
        assert card.password not in user.password  # only the hash is stored
        assert user.check_password(card.password)
    assert User.objects.get(username="leo.haddad").student_number == "S-42"
    assert classroom.enrolments.count() == 2


def test_one_time_passwords_use_the_fast_hasher_then_argon2_after_a_change(
    classroom, settings
):
    from django.contrib.auth.hashers import identify_hasher

    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "accounts.hashers.OneTimePasswordHasher",
    ]
    [card] = students_bulk_create(classroom=classroom, rows=[StudentRow("A", "B")])
    user = User.objects.get(pk=card.user_id)
    assert identify_hasher(user.password).algorithm == "pbkdf2_onetime"
    from accounts.services import user_password_change

    user_password_change(user=user, new_password="my own Secret 99")
    user.refresh_from_db()
    assert identify_hasher(user.password).algorithm == "argon2"


def test_password_reset_replaces_the_old_password(classroom, enrolled, password):
    [card] = student_passwords_reset(students=[enrolled], by=None)
    enrolled.refresh_from_db()
    assert enrolled.must_change_password
    assert not enrolled.check_password(password)
    assert enrolled.check_password(card.password)


def test_co_teacher_must_be_a_teacher(classroom, other_teacher, student):
    with pytest.raises(ValidationError) as error:
        classroom_co_teacher_add(classroom=classroom, username=student.username)
    assert error.value.code == "unknown_teacher"
    classroom_co_teacher_add(classroom=classroom, username=other_teacher.username)
    assert list(classroom.co_teachers.all()) == [other_teacher]
