"""accounts.backends: the account a session names is read with SQL kept per
process, with Django's rules (a deactivated account is signed out), and sessions
signed in before it keep working."""

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY

from accounts.backends import EARLIER_PATH, PATH, PortalModelBackend
from accounts.models import User

LOGIN = "/accounts/sign-in/"


@pytest.mark.django_db
def test_signing_in_with_a_password_records_the_portal_backend(
    client, student, password
):
    client.post(LOGIN, {"username": student.username, "password": password})
    assert client.session[BACKEND_SESSION_KEY] == PATH
    page = client.get("/todo/")
    assert page.status_code == 200
    assert page.context["user"] == student


@pytest.mark.django_db
def test_the_account_read_is_the_whole_row_as_stored(student):
    student.first_name, student.language = "Olga", "es"
    student.save()
    read = PortalModelBackend().get_user(str(student.pk))  # as a session keeps it
    stored = User.objects.get(pk=student.pk)
    assert read == stored
    for field in User._meta.concrete_fields:
        assert getattr(read, field.attname) == getattr(stored, field.attname)
    assert read.language == "es"
    assert read.get_session_auth_hash() == stored.get_session_auth_hash()


@pytest.mark.django_db
def test_unknown_malformed_or_deactivated_accounts_are_nobody(student):
    backend = PortalModelBackend()
    assert backend.get_user(student.pk + 1000) is None
    assert backend.get_user("not a number") is None
    assert backend.get_user(None) is None
    User.objects.filter(pk=student.pk).update(is_active=False)
    assert backend.get_user(student.pk) is None


@pytest.mark.django_db
def test_a_deactivated_student_is_signed_out_on_the_next_page(client, student):
    client.force_login(student, backend=PATH)
    assert client.get("/todo/").status_code == 200
    User.objects.filter(pk=student.pk).update(is_active=False)
    answer = client.get("/todo/")
    assert answer.status_code == 302
    assert answer["Location"].startswith("/accounts/sign-in/")


@pytest.mark.django_db
def test_a_session_from_before_the_portal_backend_stays_signed_in(client, student):
    """A school upgrading mid-lesson: a student signed in under Django's
    ModelBackend keeps working, and the session is moved to the portal's."""
    session = client.session
    session[SESSION_KEY] = str(student.pk)
    session[BACKEND_SESSION_KEY] = EARLIER_PATH
    session["_auth_user_hash"] = student.get_session_auth_hash()
    session.save()
    client.cookies["sessionid"] = session.session_key
    page = client.get("/todo/")
    assert page.status_code == 200
    assert page.context["user"] == student
    assert client.session[BACKEND_SESSION_KEY] == PATH
