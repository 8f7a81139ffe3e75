"""The school's settings: an admin changes the name, time zone, public address and
teacher sign-up in the admin (history kept); the environment's values stay the
defaults; every page, login card and e-mail follows at once."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal.models import SchoolSettings
from portal.school import CACHE_KEY, school, school_settings_save
from portal.times import school_zone
from tests.assignments.conftest import build_assignment, enrol
from tests.builders import class_build
from tests.classrooms.test_views import _cards_url_from_job_page

CHANGE = reverse("admin:portal_schoolsettings_changelist")


def _admin_save(client, **values):
    data = {"name": "", "time_zone": "", "base_url": "", "teacher_signup": "unknown"}
    data.update(values)
    return client.post(reverse("admin:portal_schoolsettings_add"), data)


def test_the_environment_is_the_default_and_the_stored_row_wins(db, settings):
    settings.PORTAL_NAME = "From env"
    settings.TIME_ZONE = "America/New_York"
    settings.PORTAL_TEACHER_SIGNUP = False
    assert school().name == "From env"
    assert school_zone().key == "America/New_York"
    school_settings_save(values={"name": "Lincoln High", "time_zone": "Asia/Tokyo"})
    current = school()
    assert (current.name, current.time_zone) == ("Lincoln High", "Asia/Tokyo")
    assert current.base_url == settings.PORTAL_BASE_URL  # left empty: the env's
    assert current.teacher_signup is False
    school_settings_save(values={"name": ""})
    assert school().name == "From env"


def test_a_bad_zone_or_address_is_refused(db):
    with pytest.raises(ValidationError) as refused:
        school_settings_save(values={"time_zone": "Mars/Olympus"})
    assert "not a time zone name" in str(refused.value)
    with pytest.raises(ValidationError):
        school_settings_save(values={"base_url": "not an address"})


def test_an_admin_edits_the_one_row_with_its_history(client, staff):
    client.force_login(staff)
    assert client.get(CHANGE).status_code == 200
    response = _admin_save(
        client,
        name="Lincoln High",
        time_zone="America/Chicago",
        base_url="https://portal.lincoln.example",
        teacher_signup="true",
    )
    assert response.status_code == 302
    row = SchoolSettings.objects.get()
    assert row.pk == 1 and row.name == "Lincoln High"
    (change,) = SchoolSettings.history.model.objects.all()
    assert change.history_user == staff and change.name == "Lincoln High"
    # The list holds the one row; adding a second one and deleting are refused.
    assert (
        "/admin/portal/schoolsettings/1/change/" in client.get(CHANGE).content.decode()
    )
    assert client.get(reverse("admin:portal_schoolsettings_add")).status_code == 403
    delete = reverse("admin:portal_schoolsettings_delete", args=[1])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    # A refusal is shown beside its field.
    change = reverse("admin:portal_schoolsettings_change", args=[1])
    html = client.post(
        change,
        {
            "name": "X",
            "time_zone": "Nowhere/Town",
            "base_url": "",
            "teacher_signup": "unknown",
        },
    ).content.decode()
    assert "is not a time zone name" in html
    assert SchoolSettings.objects.get().time_zone == "America/Chicago"


def test_only_admins_reach_the_school_settings(client, teacher):
    client.force_login(teacher)
    assert client.get(CHANGE).status_code in {302, 403}
    assert not SchoolSettings.objects.exists()


def test_pages_cards_and_times_follow_the_stored_settings(
    client, teacher, student, settings
):
    settings.TIME_ZONE = "America/New_York"
    assignment = build_assignment(
        teacher, due_at=timezone.now().replace(hour=15, minute=0) + timedelta(days=2)
    )
    enrol(assignment.classroom, student)
    client.force_login(student)
    page = reverse("student_todo")
    before = client.get(page).content.decode()
    assert "Sources &amp; Voices" in before or settings.PORTAL_NAME in before
    assert " EST<" in before or " EDT<" in before
    school_settings_save(values={"name": "Lincoln High", "time_zone": "Asia/Tokyo"})
    after = client.get(page).content.decode()
    assert "<title>" in after and "Lincoln High" in after
    assert " JST<" in after and " EST<" not in after


def test_login_cards_print_the_stored_address(
    client, teacher, django_capture_on_commit_callbacks
):
    school_settings_save(values={"base_url": "https://portal.lincoln.example"})
    classroom = class_build(owner=teacher)
    client.force_login(teacher)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("classrooms:students_add", args=[classroom.pk]),
            {"names": "Maya Okafor"},
        )
    html = client.get(_cards_url_from_job_page(client, response)).content.decode()
    assert "https://portal.lincoln.example" in html


def test_the_sign_up_switch_opens_and_closes_the_page(client, db, settings):
    settings.PORTAL_TEACHER_SIGNUP = False
    sign_up = reverse("accounts:teacher_sign_up")
    login = reverse("accounts:login")
    assert client.get(sign_up).status_code == 404
    school_settings_save(values={"teacher_signup": True})
    assert client.get(sign_up).status_code == 200
    assert "ask for an account" in client.get(login).content.decode()
    school_settings_save(values={"teacher_signup": False})
    settings.PORTAL_TEACHER_SIGNUP = True  # the stored switch wins over the env
    assert client.get(sign_up).status_code == 404


def test_a_page_costs_no_query_for_the_settings_once_cached(client, student):
    client.force_login(student)
    page = reverse("student_todo")
    client.get(page)
    cache.delete(CACHE_KEY)

    with CaptureQueriesContext(connection) as cold:
        client.get(page)
    with CaptureQueriesContext(connection) as warm:
        client.get(page)
    assert len(cold.captured_queries) == len(warm.captured_queries) + 1
