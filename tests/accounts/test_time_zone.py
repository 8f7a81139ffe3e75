"""A person's own time zone: chosen on its page (default the school's), applied on
every request, and used by the one date formatter, which names the zone."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.services import user_time_zone_set
from classrooms.models import Enrolment
from portal.times import moment_text, school_zone_name, zone_name_of
from tests.assignments.conftest import build_assignment, enrol
from tests.builders import TeacherFactory

URL = reverse("accounts:time_zone")


def test_the_page_offers_the_schools_zone_first_and_saves_a_choice(
    teacher_client, teacher
):
    page = teacher_client.get(URL).content.decode()
    assert "The school&#x27;s time zone (America/New York)" in page
    assert '<option value="Asia/Tokyo">Asia/Tokyo</option>' in page

    response = teacher_client.post(URL, {"time_zone": "Asia/Tokyo"}, follow=True)
    assert "Your time zone is saved." in response.content.decode()
    teacher.refresh_from_db()
    assert teacher.time_zone == "Asia/Tokyo"
    assert zone_name_of(teacher) == "Asia/Tokyo"

    teacher_client.post(URL, {"time_zone": ""})
    teacher.refresh_from_db()
    assert zone_name_of(teacher) == school_zone_name() == "America/New_York"


def test_a_name_that_is_not_a_zone_is_refused_beside_the_field(teacher_client, teacher):
    response = teacher_client.post(URL, {"time_zone": "Mars/Olympus_Mons"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Select a valid choice." in page
    assert 'aria-invalid="true"' in page or "is-invalid" in page
    teacher.refresh_from_db()
    assert teacher.time_zone == ""


def test_a_student_reads_their_due_date_in_their_own_zone(student_client, student):
    """The to-do list, written by the shared formatter, in the student's zone and
    naming it; the same list in the school's zone for a classmate who chose none."""
    due = datetime(2031, 1, 15, 20, 0, tzinfo=UTC)  # 15:00 in New York
    assignment = build_assignment(
        teacher=TeacherFactory(), due_at=due, available_from=timezone.now()
    )
    enrol(assignment.classroom, student)
    page = student_client.get(reverse("student_todo")).content.decode()
    assert "Wed 15 Jan, 3:00 p.m. EST" in page

    user_time_zone_set(user=student, time_zone="Asia/Tokyo")
    page = student_client.get(reverse("student_todo")).content.decode()
    assert "Thu 16 Jan, 5:00 a.m. JST" in page
    assert "EST" not in page


def test_the_zone_is_per_request_and_reset_after_it(student_client, student):
    user_time_zone_set(user=student, time_zone="Asia/Tokyo")
    student_client.get(reverse("student_todo"))
    # The thread that served the page does not keep the student's zone.
    assert timezone.get_current_timezone_name() == "America/New_York"


def test_the_formatter_names_the_active_zone():
    moment = datetime(2031, 7, 1, 12, 0, tzinfo=UTC)
    with timezone.override("Europe/Madrid"):
        assert moment_text(moment) == "Tue 1 Jul, 2:00 p.m. CEST"
    assert moment_text(moment) == "Tue 1 Jul, 8:00 a.m. EDT"


@pytest.mark.parametrize("zone", ["", "Not/AZone"])
def test_no_choice_or_a_vanished_zone_reads_the_schools(student, zone):
    student.time_zone = zone
    assert zone_name_of(student) == "America/New_York"


def test_extended_time_and_zone_together_on_the_to_do_list(student_client, student):
    due = datetime(2031, 1, 15, 20, 0, tzinfo=UTC)
    assignment = build_assignment(
        teacher=TeacherFactory(), due_at=due, available_from=timezone.now()
    )
    enrol(assignment.classroom, student)
    Enrolment.objects.filter(student=student).update(extra_days=2)
    user_time_zone_set(user=student, time_zone="Europe/Madrid")
    page = student_client.get(reverse("student_todo")).content.decode()
    assert "Fri 17 Jan, 9:00 p.m. CET" in page  # two days later, Madrid time
