"""Staff second factor (allauth.mfa): required for admins by a setting, optional
for teachers, asked on every sign-in path, recovery codes once each, and the
lockout rules unchanged."""

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from tests.builders import (
    PASSWORD,
    StaffFactory,
    TeacherFactory,
    mfa_build,
    recovery_codes,
    totp_code,
)

LOGIN = "/accounts/sign-in/"


@pytest.fixture(autouse=True)
def _admins_need_a_second_factor(settings):
    settings.PORTAL_ADMIN_MFA_REQUIRED = True


def sign_in(client, user, password=PASSWORD, next_url=""):
    data = {"username": user.username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(LOGIN, data, REMOTE_ADDR="10.9.8.7")


def enter_code(client, code):
    return client.post(reverse("mfa_authenticate"), {"code": code})


@pytest.mark.django_db
def test_an_admin_with_mfa_cannot_reach_the_admin_without_a_code(client):
    admin = StaffFactory()
    secret = mfa_build(admin)
    response = sign_in(client, admin, next_url="/admin/")
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session  # not signed in yet
    # The admin is out of reach, whatever is tried.
    for url in ["/admin/", "/admin/login/"]:
        page = client.get(url, follow=True)
        assert page.request["PATH_INFO"] == "/accounts/sign-in/"
    wrong = enter_code(client, "000000")
    assert wrong.status_code == 200
    assert "Incorrect code" in wrong.content.decode()
    assert "_auth_user_id" not in client.session
    response = enter_code(client, totp_code(secret))
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_recovery_codes_work_once_each(client):
    admin = StaffFactory()
    mfa_build(admin)
    first, second = recovery_codes(admin)[:2]
    sign_in(client, admin)
    assert enter_code(client, first).status_code == 302
    assert client.get("/admin/").status_code == 200
    client.post(reverse("accounts:logout"))

    sign_in(client, admin)
    again = enter_code(client, first)
    assert again.status_code == 200 and "Incorrect code" in again.content.decode()
    assert "_auth_user_id" not in client.session
    assert enter_code(client, second).status_code == 302
    assert client.get("/admin/").status_code == 200
    assert first not in recovery_codes(admin)


@pytest.mark.django_db
def test_an_admin_without_mfa_is_sent_to_set_it_up_before_the_admin(client):
    admin = StaffFactory()
    sign_in(client, admin)
    response = client.get("/admin/")
    assert response["Location"] == reverse("mfa_activate_totp")
    page = client.get(response["Location"], follow=True)
    # Setting it up asks for the password once more first (allauth).
    assert page.request["PATH_INFO"] == reverse("account_reauthenticate")
    assert "Admins sign in with a second step here" in page.content.decode()


@pytest.mark.django_db
def test_a_session_without_the_code_is_asked_for_it_at_the_admin(client):
    """An admin session opened some other way (here: forced by the test) still
    needs the second step before the admin opens."""
    admin = StaffFactory()
    secret = mfa_build(admin)
    client.force_login(admin)
    response = client.get("/admin/")
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    response = client.post(response["Location"], {"code": totp_code(secret)})
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_a_teacher_may_add_a_second_factor_and_is_then_asked_for_it(client):
    teacher = TeacherFactory()
    response = sign_in(client, teacher)
    assert response["Location"] == "/"  # no second factor: straight in
    assert client.get(reverse("mfa_index")).status_code == 200
    client.post(reverse("accounts:logout"))
    secret = mfa_build(teacher)
    assert sign_in(client, teacher)["Location"] == reverse("mfa_authenticate")
    assert enter_code(client, totp_code(secret))["Location"] == "/"


@pytest.mark.django_db
def test_the_password_lockout_still_applies_to_an_admin_with_mfa(client):
    admin = StaffFactory()
    mfa_build(admin)
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        sign_in(client, admin, password="guess")
    response = sign_in(client, admin)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_an_admin_cannot_switch_off_the_required_second_factor(client):
    admin = StaffFactory()
    secret = mfa_build(admin)
    sign_in(client, admin)
    enter_code(client, totp_code(secret))
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code in {200, 302}
    from allauth.mfa.utils import is_mfa_enabled

    assert is_mfa_enabled(admin)


@pytest.mark.django_db
def test_wrong_codes_pause_that_person_only(client):
    admin, colleague = StaffFactory(), StaffFactory()
    secret = mfa_build(admin)
    colleague_secret = mfa_build(colleague)
    sign_in(client, admin)
    for _ in range(8):
        enter_code(client, "000000")
    paused = enter_code(client, totp_code(secret))
    assert "_auth_user_id" not in client.session
    assert "Too many failed" in paused.content.decode()
    # A colleague in the same staff room (same address) is not held up.
    from django.test import Client

    other = Client()
    sign_in(other, colleague)
    assert enter_code(other, totp_code(colleague_secret)).status_code == 302
    assert "_auth_user_id" in other.session
