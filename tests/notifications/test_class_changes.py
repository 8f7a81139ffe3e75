"""A co-teacher's changes reach the class's other teachers: students added and
removed (one line per class and teacher that keeps counting, not one per
student), an assignment created, its due date moved, or deleted. The one who
made the change hears nothing."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assignments.models import Assignment
from classrooms.models import Enrolment
from classrooms.services import classroom_create
from notifications.kinds import words
from notifications.models import Kind, Notification
from tests.assignments.conftest import build_assignment, enrol, post_answer
from tests.builders import StudentFactory


@pytest.fixture
def shared(teacher, other_teacher):
    """A class of ``teacher``'s that ``other_teacher`` co-teaches."""
    classroom = classroom_create(owner=teacher, name="History", section="P1")
    classroom.co_teachers.add(other_teacher)
    return build_assignment(teacher, classroom=classroom)


def lines(user) -> list[str]:
    return [
        words(n.kind, n.params, n.count).text
        for n in Notification.objects.filter(recipient=user, kind=Kind.CLASS_CHANGED)
    ]


def test_students_added_and_removed_make_one_line_that_counts(
    client, shared, teacher, other_teacher, django_capture_on_commit_callbacks
):
    classroom = shared.classroom
    client.force_login(other_teacher)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("classrooms:students_add", args=[classroom.pk]),
            {"names": "Maya Okafor\nLeo Haddad\nSofia Lindqvist"},
        )
    assert lines(teacher) == [
        f"Oscar Other changed {classroom}: added 3 students.",
    ]
    leo = Enrolment.objects.get(classroom=classroom, student__first_name="Leo")
    client.post(
        reverse("classrooms:student_remove", args=[classroom.pk, leo.student_id])
    )
    assert lines(teacher) == [
        f"Oscar Other changed {classroom}: added 3 students and removed 1 student.",
    ]
    # Not told of their own change (only of the assignment the owner made).
    assert not [t for t in lines(other_teacher) if "student" in t]

    # Once read, the next change starts a new line.
    Notification.objects.filter(recipient=teacher).update(read_at=timezone.now())
    client.post(
        reverse("classrooms:student_restore", args=[classroom.pk, leo.student_id])
    )
    assert lines(teacher)[0] == f"Oscar Other changed {classroom}: added 1 student."


def test_an_assignment_created_moved_and_deleted_by_a_co_teacher(
    client, shared, teacher, other_teacher
):
    classroom = shared.classroom
    assert lines(other_teacher) == [
        f"Tessa Teacher changed {classroom}: assigned “Aid and alliance”, due "
        + words(Kind.DUE_SOON, {"title": "", "due": shared.due_at.isoformat()})
        .text.split("is due ")[1]
        .split(" and you")[0]
        + "."
    ]
    assert lines(teacher) == []

    client.force_login(other_teacher)
    edit = reverse("assignments:assignment_edit", args=[shared.pk])
    for days in (4, 5):  # moved twice: one line, with the last date
        due = (timezone.localtime() + timedelta(days=days)).replace(
            second=0, microsecond=0
        )
        response = client.post(
            edit,
            {
                "available_from": timezone.localtime(shared.available_from).strftime(
                    "%Y-%m-%dT%H:%M"
                ),
                "due_at": due.strftime("%Y-%m-%dT%H:%M"),
                "late_work_allowed": "on",
                "discussion_visibility": shared.discussion_visibility,
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
    moved = [t for t in lines(teacher) if "moved the due date" in t]
    assert len(moved) == 1
    assert due.strftime("%b %-d, %-I:%M %p") in moved[0]

    # A change that keeps the date tells nobody of a date.
    Notification.objects.all().delete()
    client.post(
        edit,
        {
            "available_from": timezone.localtime(shared.available_from).strftime(
                "%Y-%m-%dT%H:%M"
            ),
            "due_at": due.strftime("%Y-%m-%dT%H:%M"),
            "discussion_visibility": shared.discussion_visibility,
        },
    )
    assert lines(teacher) == []

    delete = reverse("assignments:assignment_delete", args=[shared.pk])
    assert "Delete “Aid and alliance” for" in client.get(delete).content.decode()
    response = client.post(delete, follow=True)
    assert "is no longer assigned to" in response.content.decode()
    assert not Assignment.objects.filter(pk=shared.pk).exists()
    assert lines(teacher) == [
        f"Oscar Other changed {classroom}: deleted the assignment “Aid and alliance”."
    ]


def test_an_assignment_with_work_is_not_deleted(client, shared, other_teacher):
    student = StudentFactory()
    enrol(shared.classroom, student)
    post_answer(student, shared)
    client.force_login(other_teacher)
    response = client.post(
        reverse("assignments:assignment_delete", args=[shared.pk]), follow=True
    )
    assert "Close it instead: their work stays." in response.content.decode()
    assert Assignment.objects.filter(pk=shared.pk).exists()


def test_someone_elses_assignment_cannot_be_deleted(client, shared):
    client.force_login(StudentFactory())
    delete = reverse("assignments:assignment_delete", args=[shared.pk])
    assert client.post(delete).status_code in {403, 404}
    assert Assignment.objects.filter(pk=shared.pk).exists()
