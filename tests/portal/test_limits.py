"""Ids and numbers a page sends are read by one helper (portal/limits.py): a broken
or hostile value is "no such thing" or a message, never a server error."""

import pytest
from django.urls import reverse

from assignments.models import Response
from lessons.services import lesson_create, unit_create
from portal.limits import BIGINT_MAX, id_from, int_from
from tests.assignments.conftest import build_assignment, enrol, prompt_of


@pytest.mark.parametrize(
    ("sent", "read"),
    [
        ("12", 12),
        (" 7 ", 7),
        ("²", None),  # str.isdigit() says yes; int() says no
        ("١٢", None),  # Arabic-Indic digits
        ("0", None),
        ("-3", None),
        ("1e3", None),
        ("", None),
        (None, None),
        (str(BIGINT_MAX), BIGINT_MAX),
        (str(BIGINT_MAX + 1), None),
        ("9" * 400, None),
        ("\x00", None),
    ],
)
def test_id_from_reads_only_ascii_digits_a_database_id_can_hold(sent, read):
    assert id_from(sent) == read


def test_int_from_keeps_to_its_range():
    assert int_from("-5", minimum=-10) == -5
    assert int_from("2147483648") is None
    assert int_from("3", maximum=2) is None
    assert int_from("--3") is None


def test_broken_ids_in_posted_fields_answer_a_page_not_a_server_error(
    client, teacher, student
):
    assignment = build_assignment(teacher)
    enrol(assignment.classroom, student)
    lesson = lesson_create(unit=unit_create(owner=teacher, title="U"), title="L")
    client.force_login(teacher)
    create = reverse("assignments:assignment_create")
    assert client.get(create + "?lesson=²").status_code == 200
    assert client.get(create + "?lesson=99999999999999999999999").status_code == 200
    for sent in ["²", "abc", "1e9", "99999999999999999999999"]:
        returned = client.post(
            reverse("assignments:review_return", args=[assignment.pk]),
            {"student": sent},
        )
        assert returned.status_code == 404, sent
        for name, field in [
            ("lessons:lesson_excerpt_add", "excerpt"),
            ("lessons:lesson_source_add", "source"),
        ]:
            added = client.post(reverse(name, args=[lesson.pk]), {field: sent})
            assert added.status_code == 404, (name, sent)
        reset = client.post(
            reverse(
                "classrooms:students_password_reset", args=[assignment.classroom.pk]
            ),
            {"only": sent},
        )
        assert reset.status_code == 302, sent


def test_an_out_of_range_revision_is_refused_with_a_message(client, teacher, student):
    """A revision past the column's integer answered 500 on PostgreSQL."""
    assignment = build_assignment(teacher)
    enrol(assignment.classroom, student)
    client.force_login(student)
    args = [assignment.pk, prompt_of(assignment).pk]
    autosave = reverse("assignments:response_autosave", args=args)
    for revision in ["2147483648", "99999999999999999999", "-1", "²"]:
        answer = client.post(autosave, {"text": "Mine", "revision": revision})
        assert answer.status_code == 400, revision
        assert answer.json()["message"]
    saved = client.post(
        reverse("assignments:response_save", args=args),
        {"text": "Kept", "revision": "2147483648"},
        follow=True,
    )
    assert saved.status_code == 200
    assert "The page sent a broken form; reload it." in saved.content.decode()
    assert not Response.objects.filter(student=student, text="Kept").exists()
