"""Teacher accounts: createteacher, the admin's "Add a teacher", and self-sign-up
behind PORTAL_TEACHER_SIGNUP with an admin's approval."""

import importlib
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import clear_url_caches, reverse

from accounts.models import User


def test_createteacher_with_a_password(db):
    out = io.StringIO()
    call_command(
        "createteacher",
        "r.hughes",
        "--first",
        "Rosa",
        "--last",
        "Hughes",
        "--email",
        "rh@school.example",
        "--password",
        "a-Long-test-passw0rd",
        stdout=out,
    )
    teacher = User.objects.get(username="r.hughes")
    assert teacher.is_teacher and teacher.is_active and not teacher.is_staff
    assert teacher.check_password("a-Long-test-passw0rd")
    assert not teacher.must_change_password


def test_createteacher_without_a_password_prints_a_one_time_one(db):
    out = io.StringIO()
    call_command(
        "createteacher", "k.ode", "--first", "Kofi", "--last", "Ode", stdout=out
    )
    teacher = User.objects.get(username="k.ode")
    password = out.getvalue().split("One-time password: ")[1].split()[0]
    assert teacher.check_password(password)
    assert teacher.must_change_password


def test_createteacher_refuses_a_weak_password_or_a_taken_name(db, teacher):
    with pytest.raises(CommandError):
        call_command(
            "createteacher",
            "new.one",
            "--first",
            "N",
            "--last",
            "O",
            "--password",
            "password",
        )
    with pytest.raises(CommandError, match="taken"):
        call_command(
            "createteacher",
            teacher.username,
            "--first",
            "N",
            "--last",
            "O",
            "--one-time",
        )


def test_the_admin_offers_an_add_a_teacher_button_with_the_role_filled_in(
    client, staff
):
    client.force_login(staff)
    listing = client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert "?role=teacher" in listing
    form = client.get(reverse("admin:accounts_user_add") + "?role=teacher")
    assert form.context["adminform"].form.initial["role"] == "teacher"


def _signs_in(client, username, password) -> bool:
    response = client.post(
        reverse("accounts:login"), {"username": username, "password": password}
    )
    return response.status_code == 302


def _reload_urls():
    import accounts.urls
    import portal.urls

    importlib.reload(accounts.urls)
    importlib.reload(portal.urls)
    clear_url_caches()


@pytest.fixture
def signup_on(settings):
    settings.PORTAL_TEACHER_SIGNUP = True
    _reload_urls()
    yield
    settings.PORTAL_TEACHER_SIGNUP = False
    _reload_urls()


def test_there_is_no_sign_up_page_unless_the_school_turns_it_on(client, db):
    # Switched on and off in the admin too: tests/portal/test_school.py.
    assert client.get("/accounts/teacher-sign-up/").status_code == 404
    assert (
        "ask for an account"
        not in client.get(reverse("accounts:login")).content.decode()
    )


def test_a_teacher_signs_up_and_waits_for_an_admins_approval(
    client, db, signup_on, staff
):
    url = reverse("accounts:teacher_sign_up")
    assert (
        "Teachers: ask for an account"
        in client.get(reverse("accounts:login")).content.decode()
    )
    page = client.get(url)
    assert page.status_code == 200

    response = client.post(
        url,
        {
            "first_name": "Ines",
            "last_name": "Moreau",
            "email": "im@school.example",
            "username": "i.moreau",
            "password1": "a-Long-test-passw0rd",
            "password2": "a-Long-test-passw0rd",
        },
    )
    assert "waits for an admin" in response.content.decode()
    teacher = User.objects.get(username="i.moreau")
    assert teacher.is_teacher and not teacher.is_active

    # Cannot sign in yet.
    assert not _signs_in(client, "i.moreau", "a-Long-test-passw0rd")

    admin_client = client.__class__()
    admin_client.force_login(staff)
    waiting = admin_client.get(
        reverse("admin:accounts_user_changelist") + "?awaiting=yes"
    )
    assert "i.moreau" in waiting.content.decode()
    admin_client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "approve_teachers", "_selected_action": [teacher.pk]},
    )
    teacher.refresh_from_db()
    assert teacher.is_active
    assert _signs_in(client, "i.moreau", "a-Long-test-passw0rd")


def test_sign_up_shows_clear_messages_for_bad_input(client, db, signup_on, teacher):
    response = client.post(
        reverse("accounts:teacher_sign_up"),
        {
            "first_name": "A",
            "last_name": "B",
            "email": "not-an-email",
            "username": teacher.username,
            "password1": "a-Long-test-passw0rd",
            "password2": "different-passw0rd",
        },
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "That username is taken" in text
    assert "The two passwords are not the same" in text
    assert not User.objects.filter(first_name="A", last_name="B").exists()


def test_sign_up_page_follows_the_access_table(client, signup_on, student):
    from portal.access import Audience, audience_for

    assert audience_for("accounts:teacher_sign_up") == Audience.PUBLIC
    client.force_login(student)
    assert client.get(reverse("accounts:teacher_sign_up")).status_code == 200
