"""A student's own due date beyond whole days of extended time: a standing extra
share of each assignment's time, and a date of their own on one assignment
(assignments.schedule.personal_due_at, set from the roster). Their to-do list,
late marking, the 24-hour reminder, their calendar feed, the review table and the
gradebook all follow it; classmates keep the class's date."""

from datetime import timedelta

import icalendar
from django.urls import reverse
from django.utils import timezone

from assignments.calendar import calendar_for
from assignments.models import PersonalDueDate
from assignments.reminders import reminders_send
from assignments.schedule import personal_due_at
from assignments.selectors.todo import todo_for_student
from assignments.services.assignments import personal_due_date_set
from classrooms.models import Enrolment
from classrooms.services import enrolment_accommodations_set
from notifications.models import Kind, Notification
from tests.assignments.conftest import build_assignment, enrol, post_answer
from tests.builders import StudentFactory


def _percent(classroom, student, percent):
    enrolment_accommodations_set(
        enrolment=Enrolment.objects.get(classroom=classroom, student=student),
        extra_days=0,
        extra_percent=percent,
    )


def test_the_rule_own_date_first_then_days_and_share_of_the_time():
    opens = timezone.now()
    due = opens + timedelta(days=4)
    assert personal_due_at(due, available_from=opens) == due
    assert personal_due_at(
        due, available_from=opens, extra_percent=50
    ) == due + timedelta(days=2)
    assert personal_due_at(
        due, available_from=opens, extra_days=1, extra_percent=25
    ) == due + timedelta(days=2)
    mine = due + timedelta(hours=5)
    assert (
        personal_due_at(due, available_from=opens, extra_days=3, own_due_at=mine)
        == mine
    )


def test_time_and_a_half_moves_the_date_on_the_to_do_list(teacher, student):
    now = timezone.now()
    # Open four days, due a day ago: time and a half gives two more days.
    assignment = build_assignment(
        teacher,
        prompts=1,
        available_from=now - timedelta(days=5),
        due_at=now - timedelta(days=1),
    )
    enrol(assignment.classroom, student)
    classmate = enrol(assignment.classroom, StudentFactory())
    _percent(assignment.classroom, student, 50)
    (mine,) = todo_for_student(user=student).due
    assert mine.due_at == assignment.due_at + timedelta(days=2)
    assert todo_for_student(user=classmate).overdue


def test_a_date_of_their_own_on_one_assignment(client, teacher, student):
    assignment = build_assignment(teacher, prompts=1)
    enrol(assignment.classroom, student)
    url = reverse(
        "assignments:student_due_dates", args=[assignment.classroom_id, student.pk]
    )
    client.force_login(teacher)
    accommodations = reverse(
        "classrooms:student_accommodations",
        args=[assignment.classroom_id, student.pk],
    )
    assert url in client.get(accommodations).content.decode()
    page = client.get(url).content.decode()
    assert "Same as the class" in page

    # Before the assignment opens: refused beside the field, the date kept.
    early = timezone.localtime(assignment.available_from - timedelta(days=1))
    refused = client.post(
        url,
        {"assignment": assignment.pk, "due_at": early.strftime("%Y-%m-%dT%H:%M")},
    )
    assert refused.status_code == 200
    assert "Choose a date after the assignment opens" in refused.content.decode()
    assert not PersonalDueDate.objects.exists()

    later = timezone.localtime(assignment.due_at + timedelta(days=5)).replace(
        second=0, microsecond=0
    )
    done = client.post(
        url,
        {"assignment": assignment.pk, "due_at": later.strftime("%Y-%m-%dT%H:%M")},
    )
    assert done.status_code == 302
    page = client.get(url).content.decode()
    assert "(own date)" in page
    assert PersonalDueDate.objects.get().due_at == later
    client.force_login(student)
    assert todo_for_student(user=student).due[0].due_at == later

    client.force_login(teacher)
    remove = reverse(
        "assignments:student_due_date_remove",
        args=[assignment.classroom_id, student.pk, assignment.pk],
    )
    assert client.post(remove).status_code == 302
    assert not PersonalDueDate.objects.exists()


def test_another_teacher_gets_404(client, other_teacher, teacher, student):
    assignment = build_assignment(teacher, prompts=1)
    enrol(assignment.classroom, student)
    client.force_login(other_teacher)
    url = reverse(
        "assignments:student_due_dates", args=[assignment.classroom_id, student.pk]
    )
    assert client.get(url).status_code == 404


def test_the_reminder_comes_24_hours_before_their_own_date(teacher, student):
    now = timezone.now()
    assignment = build_assignment(
        teacher,
        available_from=now - timedelta(days=3),
        due_at=now + timedelta(hours=20),
    )
    classmate = StudentFactory()
    enrol(assignment.classroom, student)
    enrol(assignment.classroom, classmate)
    _percent(assignment.classroom, student, 100)  # double time: due in 3 days more
    reminders_send()
    reminded = Notification.objects.filter(kind=Kind.DUE_SOON)
    assert set(reminded.values_list("recipient", flat=True)) == {classmate.pk}

    # Their own date (on this assignment) comes within 24 hours: now they hear.
    personal_due_date_set(
        assignment=assignment, student=student, due_at=now + timedelta(hours=30)
    )
    reminders_send()
    assert not reminded.filter(recipient=student).exists()  # 30 hours away yet
    personal_due_date_set(
        assignment=assignment, student=student, due_at=now + timedelta(hours=10)
    )
    reminders_send()
    reminders_send()
    (mine,) = reminded.filter(recipient=student)
    assert mine.params["due"] == (now + timedelta(hours=10)).isoformat()


def test_a_student_who_submitted_hears_nothing(teacher, student):
    now = timezone.now()
    assignment = build_assignment(teacher, due_at=now + timedelta(days=3))
    enrol(assignment.classroom, student)
    personal_due_date_set(
        assignment=assignment, student=student, due_at=now + timedelta(hours=5)
    )
    for n in range(4):
        post_answer(student, assignment, n=n)
    reminders_send()
    assert not Notification.objects.filter(kind=Kind.DUE_SOON).exists()


def test_the_calendar_feed_lists_their_own_date(teacher, student):
    assignment = build_assignment(teacher, prompts=1)
    enrol(assignment.classroom, student)
    mine = assignment.due_at + timedelta(days=3)
    personal_due_date_set(assignment=assignment, student=student, due_at=mine)
    (event,) = icalendar.Calendar.from_ical(calendar_for(student)).walk("VEVENT")
    assert event.decoded("dtstart") == mine.replace(microsecond=0)
    (event,) = icalendar.Calendar.from_ical(calendar_for(teacher)).walk("VEVENT")
    assert event.decoded("dtstart") == assignment.due_at.replace(microsecond=0)


def test_the_review_table_and_gradebook_show_their_own_date(client, teacher, student):
    assignment = build_assignment(teacher, prompts=1)
    enrol(assignment.classroom, student)
    enrol(assignment.classroom, StudentFactory(last_name="Zed"))
    _percent(assignment.classroom, student, 50)
    client.force_login(teacher)
    table = client.get(
        reverse("assignments:review_table", args=[assignment.pk])
    ).content.decode()
    assert table.count("own due date") == 1
    book = client.get(
        reverse("assignments:gradebook", args=[assignment.classroom_id])
    ).content.decode()
    assert book.count("own due date") == 1
