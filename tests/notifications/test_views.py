"""The bell, the notifications page, marking read, e-mail choices, the signed
unsubscribe link (signed out) and the private calendar feed."""

from datetime import timedelta

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.models import (
    CalendarFeed,
    EmailMode,
    Kind,
    Notification,
    NotificationPreference,
)
from notifications.services import calendar_feed_renew, notify
from notifications.tokens import unsubscribe_token
from tests.assignments.conftest import build_assignment, enrol
from tests.assignments.test_selectors_student import (
    TODO_QUERIES as TODO_PAGE_QUERIES,
)
from tests.builders import StudentFactory

BELL_QUERIES = 3  # session, user, the count
# The to-do page with nothing assigned (so no answers to count), its bell's count
# included.
TODO_QUERIES = TODO_PAGE_QUERIES - 1


def raise_some(user, n: int) -> None:
    rosa = StudentFactory(first_name="Rosa", last_name="Parks")
    notify(
        recipients=[user],
        kind=Kind.REPLY,
        params={"title": "Aid and alliance", "author_id": rosa.pk},
        url=reverse("student_todo"),
    )
    Notification.objects.bulk_create(
        Notification(
            recipient=user, kind=Kind.REPLY, params={"title": "T", "author_id": rosa.pk}
        )
        for _ in range(n - 1)
    )


@pytest.mark.parametrize("how_many", [1, 150])
def test_the_bell_costs_the_same_with_1_or_150_notifications(
    client, student, how_many, django_assert_num_queries
):
    raise_some(student, how_many)
    client.force_login(student)
    shown = "99+" if how_many > 99 else str(how_many)
    said = "more than 99" if how_many > 99 else str(how_many)
    # Every page's header has the count, rendered by the server (no script
    # needed): one query of the page's, the same at 1 or 150.
    with django_assert_num_queries(TODO_QUERIES):
        page = client.get(reverse("student_todo")).content.decode()
    assert 'hx-get="/notifications/bell/"' not in page
    assert f'aria-hidden="true">{shown}</span>' in page
    assert f"Notifications: {said} unread" in page
    # The bell on its own (what htmx asks for where a page had no count).
    with django_assert_num_queries(BELL_QUERIES):
        bell = client.get(reverse("notifications:bell")).content.decode()
    assert f'aria-hidden="true">{shown}</span>' in bell
    assert f"Notifications: {said} unread" in bell


def test_open_marks_read_and_mark_all_read(client, student):
    raise_some(student, 3)
    client.force_login(student)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Rosa P. replied to your answer in “Aid and alliance”." in page
    newest = Notification.objects.filter(recipient=student).order_by("pk").first()
    opened = client.get(reverse("notifications:open", args=[newest.pk]))
    assert opened["Location"] == reverse("student_todo")
    newest.refresh_from_db()
    assert newest.read_at is not None
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(recipient=student, read_at=None).exists()
    # Someone else's notification: 404.
    other = StudentFactory()
    raise_some(other, 1)
    theirs = Notification.objects.get(recipient=other)
    assert (
        client.post(reverse("notifications:read", args=[theirs.pk])).status_code == 404
    )


def test_choices_are_saved_and_used(client, teacher):
    client.force_login(teacher)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "New and late submissions" in page
    response = client.post(
        reverse("notifications:preferences"),
        {"submissions": "off", "class_changed": "daily", "reply": "immediate"},
    )
    assert response.status_code == 302
    assert dict(
        NotificationPreference.objects.filter(user=teacher).values_list("kind", "email")
    ) == {"submissions": "off", "class_changed": "daily", "reply": "immediate"}
    refused = client.post(reverse("notifications:preferences"), {"reply": "loud"})
    assert refused.status_code == 200
    assert "Select a valid choice" in refused.content.decode()


def test_unsubscribe_works_signed_out_and_only_with_our_signature(client, student):
    token = unsubscribe_token(student, Kind.REPLY)
    url = reverse("notifications:unsubscribe", args=[token])
    page = client.get(url)
    assert page.status_code == 200
    assert not NotificationPreference.objects.exists()  # a GET changes nothing
    done = client.post(url)  # what a mail program's one-click does
    assert "no more e-mail" in done.content.decode()
    assert NotificationPreference.objects.get(user=student).email == EmailMode.OFF
    forged = reverse("notifications:unsubscribe", args=[token[:-2] + "xx"])
    assert client.post(forged).status_code == 404


def test_the_calendar_feed_lists_due_dates_in_the_schools_zone(
    client, teacher, settings
):
    settings.TIME_ZONE = "America/Chicago"
    student = StudentFactory()
    due = timezone.now().replace(microsecond=0) + timedelta(days=2)
    assignment = build_assignment(teacher, due_at=due)
    enrol(assignment.classroom, student)
    feed = calendar_feed_renew(user=student)
    url = reverse("assignments:calendar_feed", args=[feed.token])

    response = client.get(url)  # signed out: a calendar program
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    start = event.decoded("dtstart")
    assert str(event["summary"]) == "Due: Aid and alliance"
    assert start == due
    assert str(start.tzinfo) == "America/Chicago"
    assert calendar.walk("VTIMEZONE")[0]["tzid"] == "America/Chicago"

    # Renewed: the old address answers 404; revoked: so does the new one.
    client.force_login(student)
    client.post(reverse("notifications:calendar_renew"))
    assert client.get(url).status_code == 404
    token = CalendarFeed.objects.get(user=student).token
    new_url = reverse("assignments:calendar_feed", args=[token])
    assert client.get(new_url).status_code == 200
    client.post(reverse("notifications:calendar_revoke"))
    assert client.get(new_url).status_code == 404


def test_a_choice_missing_from_the_post_keeps_its_setting(client, teacher):
    """A preferences page loaded before a kind existed posts without it."""
    client.force_login(teacher)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "Late submissions only, after the due date" in page
    client.post(reverse("notifications:preferences"), {"late_submissions": "off"})
    client.post(reverse("notifications:preferences"), {"submissions": "daily"})
    assert dict(
        NotificationPreference.objects.filter(user=teacher).values_list("kind", "email")
    ) == {"late_submissions": "off", "submissions": "daily"}
    refused = client.post(
        reverse("notifications:preferences"), {"late_submissions": "loud"}
    )
    assert refused.status_code == 200
    assert "Select a valid choice" in refused.content.decode()
