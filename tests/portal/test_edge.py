"""The edge of every request (portal/edge.py): NUL characters taken out of what was
sent, and no-store on whatever a signed-in person is shown."""

from django.urls import reverse

from assignments.models import Response
from classrooms.services import classroom_create
from tests.assignments.conftest import build_assignment, enrol, prompt_of


def test_a_nul_byte_in_an_admin_filter_is_a_page_not_a_server_error(client, staff):
    """PostgreSQL refuses NUL in text: a filter value holding one answered 500."""
    client.force_login(staff)
    for query in ["?role=%00", "?q=ab%00c", "?is_active__exact=1%00"]:
        response = client.get(reverse("admin:accounts_user_changelist") + query)
        assert response.status_code in {200, 302}, query


def test_an_answer_holding_a_nul_byte_is_kept_without_it(client, teacher, student):
    assignment = build_assignment(teacher)
    enrol(assignment.classroom, student)
    client.force_login(student)
    url = reverse(
        "assignments:response_autosave",
        args=[assignment.pk, prompt_of(assignment).pk],
    )
    response = client.post(url, {"text": "The lend\x00-lease act", "revision": 1})
    assert response.status_code == 200 and response.json()["saved"]
    assert Response.objects.get(student=student).text == "The lend-lease act"


def test_pages_and_downloads_for_a_signed_in_person_are_not_stored(
    client, teacher, student
):
    """Pupils share computers: the roster, the gradebook and its CSV must not stay
    in the browser's cache for the next person to find with Back."""
    assignment = build_assignment(teacher)
    enrol(assignment.classroom, student)
    classroom = assignment.classroom
    client.force_login(teacher)
    for url in [
        reverse("classrooms:classroom_detail", args=[classroom.pk]),
        reverse("assignments:gradebook", args=[classroom.pk]),
        reverse("assignments:gradebook_csv", args=[classroom.pk]),
        reverse("assignments:grading", args=[assignment.pk, student.pk]),
        reverse("teacher_home"),
    ]:
        cache_control = client.get(url)["Cache-Control"]
        assert "no-store" in cache_control and "private" in cache_control, url
    client.force_login(student)
    page = client.get(reverse("assignments:assignment_detail", args=[assignment.pk]))
    assert "no-store" in page["Cache-Control"]


def test_a_hundred_thousand_character_username_is_refused_by_the_form(client, db):
    response = client.post(
        reverse("accounts:login"), {"username": "x" * 100_000, "password": "y"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["username"]


def test_a_class_page_is_the_same_page_after_stripping(client, teacher):
    """Stripping touches only values holding a NUL: the rest arrives unchanged."""
    classroom = classroom_create(owner=teacher, name="History")
    client.force_login(teacher)
    client.post(
        reverse("classrooms:classroom_edit", args=[classroom.pk]),
        {"name": "Hist\x00ory & Civics", "section": "P\x003", "join_enabled": "on"},
    )
    classroom.refresh_from_db()
    assert (classroom.name, classroom.section) == ("History & Civics", "P3")


def test_an_address_holding_a_nul_byte_is_not_found(client, db):
    """A provider's address (``/auth/oidc/<id>/login/``) looked its argument up in
    the database: a NUL in it answered 500 on PostgreSQL."""
    from tests.builders import sign_in_provider_build

    sign_in_provider_build(
        provider="openid_connect",
        provider_id="district",
        server_url="http://127.0.0.1:9/",
    )
    url = reverse("openid_connect_login", kwargs={"provider_id": "district"})
    assert client.get(url.replace("district", "dis%00trict")).status_code == 404
