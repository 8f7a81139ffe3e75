"""Each person's own time zone and own due date outside the pages: the calendar
feed, the due-in-24-hours reminder (24 hours before the student's own due date,
extended time included) and the e-mail a worker writes (in the recipient's zone,
delivered to a real SMTP server by a real worker process)."""

import time
from datetime import timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.services import user_time_zone_set
from assignments.reminders import reminders_send
from classrooms.models import Enrolment
from jobs.models import Job
from notifications.kinds import words
from notifications.models import Kind, Notification
from notifications.services import calendar_feed_renew
from tests.assignments.conftest import build_assignment, enrol
from tests.builders import StudentFactory
from tests.smtp import smtp_server
from tests.worker import DATABASE_BACKEND, wait_for, worker_process


def _reminded(student) -> list[Notification]:
    return list(Notification.objects.filter(kind=Kind.DUE_SOON, recipient=student))


def test_the_feed_is_in_the_students_zone_at_their_own_due_date(client, teacher):
    student = StudentFactory()
    user_time_zone_set(user=student, time_zone="Asia/Tokyo")
    due = timezone.now().replace(microsecond=0) + timedelta(days=2)
    assignment = build_assignment(teacher, due_at=due)
    enrol(assignment.classroom, student)
    Enrolment.objects.filter(student=student).update(extra_days=3)
    feed = calendar_feed_renew(user=student)

    response = client.get(reverse("assignments:calendar_feed", args=[feed.token]))
    calendar = icalendar.Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    start = event.decoded("dtstart")
    assert str(start.tzinfo) == "Asia/Tokyo"
    assert start == due + timedelta(days=3)  # their own date, extended time added
    assert calendar.walk("VTIMEZONE")[0]["tzid"] == "Asia/Tokyo"
    assert str(calendar["x-wr-timezone"]) == "Asia/Tokyo"


def test_a_teachers_feed_is_in_the_teachers_zone(client, teacher):
    user_time_zone_set(user=teacher, time_zone="Europe/Madrid")
    due = timezone.now().replace(microsecond=0) + timedelta(days=2)
    build_assignment(teacher, due_at=due)
    feed = calendar_feed_renew(user=teacher)
    response = client.get(reverse("assignments:calendar_feed", args=[feed.token]))
    (event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event.decoded("dtstart").tzinfo) == "Europe/Madrid"
    assert event.decoded("dtstart") == due  # a teacher sees the class's date


def test_the_reminder_follows_each_students_own_due_date(teacher):
    """Class due in 20 hours: the student on the class's date is reminded now; the
    one with two extra days is not, until 24 hours before their own date."""
    on_time, extended = StudentFactory(), StudentFactory()
    assignment = build_assignment(
        teacher,
        due_at=timezone.now() + timedelta(hours=20),
        available_from=timezone.now() - timedelta(days=5),
    )
    enrol(assignment.classroom, on_time)
    enrol(assignment.classroom, extended)
    Enrolment.objects.filter(student=extended).update(extra_days=2)

    reminders_send()
    assert len(_reminded(on_time)) == 1
    assert _reminded(extended) == []

    # Two days on (the class's date passed): their own date is 20 hours away.
    type(assignment).objects.filter(pk=assignment.pk).update(
        due_at=timezone.now() + timedelta(hours=20) - timedelta(days=2)
    )
    reminders_send()
    reminders_send()  # another worker, or the next run: once
    (reminder,) = _reminded(extended)
    assert len(_reminded(on_time)) == 1
    class_due = type(assignment).objects.get(pk=assignment.pk).due_at
    assert reminder.params["due"] == (class_due + timedelta(days=2)).isoformat()


def test_announcing_an_assignment_tells_each_student_their_own_due_date(teacher):
    extended = StudentFactory()
    classmate = StudentFactory()
    assignment = build_assignment(
        teacher,
        due_at=timezone.now() + timedelta(days=3),
        available_from=timezone.now() + timedelta(hours=1),
    )
    enrol(assignment.classroom, extended)
    enrol(assignment.classroom, classmate)
    Enrolment.objects.filter(student=extended).update(extra_days=4)
    type(assignment).objects.filter(pk=assignment.pk).update(
        available_from=timezone.now() - timedelta(minutes=1)
    )
    reminders_send()
    mine = Notification.objects.get(kind=Kind.ASSIGNMENT_NEW, recipient=extended)
    theirs = Notification.objects.get(kind=Kind.ASSIGNMENT_NEW, recipient=classmate)
    assert mine.params["due"] == (assignment.due_at + timedelta(days=4)).isoformat()
    assert theirs.params["due"] == assignment.due_at.isoformat()


def test_the_words_of_a_notification_are_in_the_readers_zone(teacher):
    params = {"title": "Aid and alliance", "due": "2031-01-15T20:00:00+00:00"}
    with timezone.override("Asia/Tokyo"):
        text = words(Kind.DUE_SOON, params).text
    assert text == (
        "“Aid and alliance” is due Thu Jan 16, 5:00 AM JST and you have not "
        "submitted it yet."
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_worker_writes_the_reminder_mail_in_the_students_zone(
    teacher, settings, tmp_path
):
    settings.TASKS = DATABASE_BACKEND
    student = StudentFactory(email="kenji@school.test")
    user_time_zone_set(user=student, time_zone="Asia/Tokyo")
    due = timezone.now().replace(second=0, microsecond=0) + timedelta(hours=10)
    assignment = build_assignment(teacher, due_at=due)
    enrol(assignment.classroom, student)  # after assigning: no announcement mail
    reminders_send()
    with smtp_server() as smtp, worker_process(tmp_path, **smtp.environment()):
        wait_for(lambda: smtp.inbox.messages, what="the reminder mail")
        wait_for(
            lambda: not Job.objects.exclude(status__in=["done", "failed"]).exists(),
            what="the job to finish",
        )
        time.sleep(0.5)
    (message,) = smtp.inbox.messages
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    local = timezone.localtime(due, timezone=ZoneInfo("Asia/Tokyo"))
    expected = local.strftime("%a %b %-d, %-I:%M %p") + " JST"
    assert expected in text
    assert expected in html
    assert "EST" not in text and "EDT" not in text
