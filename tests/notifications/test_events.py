"""The events that notify people: a new assignment (a class of 200 in a bounded
number of queries), a returned answer, a reply, the teacher's digest of
submissions, a co-teacher's change, and the due-soon reminder (once)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from assignments.reminders import reminders_send
from assignments.services.assignments import assignment_create
from assignments.services.feedback import feedback_return
from assignments.services.replies import reply_create
from classrooms.models import CoTeacherInvitation, Enrolment
from classrooms.services import (
    classroom_create,
    classroom_update,
    co_teacher_invitation_accept,
    co_teacher_invite,
)
from lessons.services import unit_publish
from notifications.kinds import words
from notifications.models import Kind, Notification
from tests.assignments.conftest import build_assignment, enrol, post_answer
from tests.builders import StudentFactory, TeacherFactory

# Creating the assignment, telling 200 students and queueing their e-mail (one job):
# the pinned cap is what it costs now (SQLite and PostgreSQL alike).
# 35, one for the class's other teachers (told too), one for students' own due dates
ASSIGN_200_QUERIES = 37


@pytest.fixture
def assignment(teacher, student):
    assignment = build_assignment(teacher)
    enrol(assignment.classroom, student)
    return assignment


def texts(user) -> list[str]:
    return [
        words(n.kind, n.params, n.count).text
        for n in Notification.objects.filter(recipient=user)
    ]


def _assign_to_class_of(teacher, lesson, size: int) -> int:
    """Assign ``lesson`` to a new class of ``size`` students (half with an e-mail
    address); returns the queries it cost."""
    classroom = classroom_create(owner=teacher, name=f"Class of {size}", section="P1")
    students = User.objects.bulk_create(
        User(
            username=f"c{size}-{n}",
            role=User.Role.STUDENT,
            email=f"s{n}@school.test" if n % 2 else "",
        )
        for n in range(size)
    )
    Enrolment.objects.bulk_create(
        Enrolment(classroom=classroom, student=s) for s in students
    )
    with CaptureQueriesContext(connection) as queries:
        assignment_create(
            lesson=lesson,
            classrooms=[classroom],
            created_by=teacher,
            due_at=timezone.now() + timedelta(days=3),
        )
    assert (
        Notification.objects.filter(
            kind=Kind.ASSIGNMENT_NEW, recipient__in=students
        ).count()
        == size
    )
    return len(queries)


def test_assigning_to_a_class_of_200_costs_what_a_class_of_2_costs(teacher):
    lesson = build_assignment(teacher).lesson
    unit_publish(unit=lesson.unit)
    small = _assign_to_class_of(teacher, lesson, 2)
    large = _assign_to_class_of(teacher, lesson, 200)
    assert small == large <= ASSIGN_200_QUERIES, (small, large)
    (text,) = texts(User.objects.get(username="c200-1"))
    assert text.startswith("“Aid and alliance” was assigned in Class of 200 (P1), due ")
    # Those with an address get one e-mail each, sent by a worker (one job).
    assert Notification.objects.filter(email_status="queued").count() == 1 + 100
    # The reminders job does not announce it again.
    reminders_send()
    assert Notification.objects.filter(kind=Kind.ASSIGNMENT_NEW).count() == 202


def test_an_assignment_opening_later_is_announced_when_it_opens(teacher, student):
    classroom = classroom_create(owner=teacher, name="Later", section="P2")
    enrol(classroom, student)
    assignment = build_assignment(
        teacher,
        classroom=classroom,
        available_from=timezone.now() + timedelta(hours=1),
    )
    assert texts(student) == []
    type(assignment).objects.filter(pk=assignment.pk).update(
        available_from=timezone.now() - timedelta(minutes=1)
    )
    reminders_send()
    assert len(texts(student)) == 1


def test_due_in_24_hours_reminds_only_those_who_have_not_submitted(teacher):
    done, waiting = StudentFactory(), StudentFactory()
    assignment = build_assignment(teacher, due_at=timezone.now() + timedelta(hours=20))
    enrol(assignment.classroom, done)
    enrol(assignment.classroom, waiting)
    post_answer(done, assignment)
    reminders_send()
    reminders_send()  # a second worker, or the next run: still once
    assert (
        Notification.objects.filter(kind=Kind.DUE_SOON, recipient=waiting).count() == 1
    )
    assert not Notification.objects.filter(kind=Kind.DUE_SOON, recipient=done).exists()
    (text,) = [t for t in texts(waiting) if "due" in t and "not submitted" in t]
    assert "EST" in text or "EDT" in text  # the time, in the school's zone, named


def test_returning_an_answer_tells_the_student(teacher, student, assignment):
    response = post_answer(student, assignment)
    feedback_return(responses=[response])
    assert "Your answer to “Aid and alliance” was returned." in texts(student)


def test_a_reply_tells_the_answers_author_not_the_replier(teacher, student, assignment):
    classmate = StudentFactory(first_name="Rosa", last_name="Parks")
    enrol(assignment.classroom, classmate)
    response = post_answer(student, assignment)
    reply_create(response=response, author=classmate, text="Good point.")
    reply_create(response=response, author=student, text="Thanks!")
    replies = [t for t in texts(student) if "replied" in t]
    assert replies == ["Rosa P. replied to your answer in “Aid and alliance”."]


def test_submissions_make_one_line_per_assignment_for_each_teacher(teacher):
    co_teacher = TeacherFactory()
    assignment = build_assignment(teacher)
    assignment.classroom.co_teachers.add(co_teacher)
    for _n in range(3):
        student = StudentFactory()
        enrol(assignment.classroom, student)
        post_answer(student, assignment)
    for person in (teacher, co_teacher):
        (line,) = Notification.objects.filter(recipient=person, kind=Kind.SUBMISSIONS)
        assert line.count == 3
        assert words(line.kind, line.params, line.count).text == (
            "3 new submissions to “Aid and alliance” in History (P1)."
        )
    # Once read, the next submission starts a new line.
    Notification.objects.filter(recipient=teacher).update(read_at=timezone.now())
    late = StudentFactory()
    enrol(assignment.classroom, late)
    post_answer(late, assignment)
    assert (
        Notification.objects.filter(
            recipient=teacher, kind=Kind.SUBMISSIONS, read_at__isnull=True
        )
        .get()
        .count
        == 1
    )


def test_a_co_teachers_change_tells_the_other_teachers(teacher):
    colleague = TeacherFactory(username="colleague", first_name="Cora", last_name="Co")
    classroom = classroom_create(owner=teacher, name="World", section="P4")
    co_teacher_invite(classroom=classroom, username="colleague", by=teacher)
    co_teacher_invitation_accept(
        invitation=CoTeacherInvitation.objects.get(), teacher=colleague
    )
    # The owner hears that the colleague joined.
    assert texts(teacher) == ["Cora Co now co-teaches World (P4)."]
    classroom_update(
        classroom=classroom,
        name="World history",
        section="P4",
        school_year="",
        join_enabled=True,
        allow_self_signup=False,
        by=colleague,
    )
    assert texts(teacher)[0] == (
        "Cora Co changed World history (P4): changed its settings."
    )
    assert not any("changed its settings" in t for t in texts(colleague))


def test_late_submissions_also_make_a_line_of_their_own(teacher):
    co_teacher = TeacherFactory()
    now = timezone.now()
    overdue = build_assignment(
        teacher,
        available_from=now - timedelta(days=3),
        due_at=now - timedelta(days=1),
        late_work_allowed=True,
    )
    overdue.classroom.co_teachers.add(co_teacher)
    for _n in range(2):
        student = StudentFactory()
        enrol(overdue.classroom, student)
        post_answer(student, overdue)

    for person in (teacher, co_teacher):
        (line,) = Notification.objects.filter(
            recipient=person, kind=Kind.LATE_SUBMISSIONS
        )
        assert line.count == 2
        assert words(line.kind, line.params, line.count).text == (
            "2 late submissions to “Aid and alliance” in History (P1), after its "
            "due date."
        )
        assert line.url == reverse("assignments:review_table", args=[overdue.pk])
        # Told at once by e-mail by default (a worker sends it), if they have one.
        if person.email:
            assert line.email_status == Notification.Email.QUEUED
        # The submissions line counts them too, as before.
        (digest,) = Notification.objects.filter(recipient=person, kind=Kind.SUBMISSIONS)
        assert words(digest.kind, digest.params, digest.count).text == (
            "2 new submissions to “Aid and alliance” in History (P1). 2 of them late."
        )


def test_work_on_time_makes_no_late_line(teacher, student, assignment):
    post_answer(student, assignment)
    assert Notification.objects.filter(recipient=teacher, kind=Kind.SUBMISSIONS)
    assert not Notification.objects.filter(kind=Kind.LATE_SUBMISSIONS).exists()
