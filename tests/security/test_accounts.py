"""Accounts, as an attacker and a class would use them: what the sign-in page gives
away, sessions at sign-in and sign-out, where ``?next=`` may send a person, and the
lockout while a whole class signs in from one school address."""

import re

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from tests.builders import PASSWORD, StudentFactory
from tests.security import figures

PROBE = "accounts"
LOGIN = reverse("accounts:login")
SCHOOL = "198.51.100.20"


def _sign_in(client, username, password, *, next_url=None, ip=SCHOOL):
    url = LOGIN + (f"?next={next_url}" if next_url is not None else "")
    figures.count(PROBE, "sign-in attempts")
    return client.post(
        url, {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def _words(response) -> str:
    """The page as a person reads it (no token, no echoed username)."""
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    html = re.sub(r'"X-CSRFToken": "[^"]+"', "", html)
    return re.sub(r'name="username"[^>]*value="[^"]*"', 'name="username"', html)


@pytest.mark.django_db
def test_a_wrong_password_and_an_unknown_user_get_the_same_page():
    student = StudentFactory()
    wrong = _sign_in(Client(), student.username, "not-the-password")
    unknown = _sign_in(Client(), "no.such.student", "not-the-password")
    assert wrong.status_code == unknown.status_code == 200
    assert _words(wrong) == _words(unknown).replace("no.such.student", student.username)
    assert "That username and password do not match" in wrong.content.decode()


@pytest.mark.django_db
def test_the_session_key_changes_at_sign_in_and_dies_at_sign_out():
    student = StudentFactory()
    client = Client()
    _sign_in(client, student.username, "typo")  # starts a session (the counter)
    before = client.session.session_key
    assert before
    assert _sign_in(client, student.username, PASSWORD).status_code == 302
    after = client.session.session_key
    assert after and after != before
    assert not Session.objects.filter(session_key=before).exists()
    # Sign out: the old key is gone from the store, and replaying it is anonymous.
    client.post(reverse("accounts:logout"))
    assert not Session.objects.filter(session_key=after).exists()
    replay = Client()
    replay.cookies["sessionid"] = after
    assert replay.get(reverse("student_todo")).status_code == 302


NEXT_ATTEMPTS = [
    "//evil.example",
    "//evil.example/path",
    "https://evil.example",
    "https:/\\evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "%2F%2Fevil.example",
    "%2F%5Cevil.example",
    "https%3A%2F%2Fevil.example",
    "/%09/evil.example",
    "///evil.example",
    "http:evil.example",
    "javascript:alert(1)",
    " //evil.example",
    "/\t/evil.example",
]


@pytest.mark.django_db
@pytest.mark.parametrize("next_url", NEXT_ATTEMPTS)
def test_next_never_leaves_the_host(next_url):
    student = StudentFactory()
    response = _sign_in(Client(), student.username, PASSWORD, next_url=next_url)
    figures.count(PROBE, "?next= values tried")
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("/") and not location.startswith(("//", "/\\")), location
    assert "evil.example" not in location.split("?")[0]


@pytest.mark.django_db
def test_a_class_of_30_signs_in_from_one_address_while_a_guessed_account_locks(
    settings,
):
    """Lockout is per username: 30 students behind one school address all sign in
    within the minute (a few with a typo first), while the account someone is
    guessing at is locked alone."""
    students = StudentFactory.create_batch(30)
    victim = StudentFactory()
    guesser = Client()
    for n in range(settings.AXES_FAILURE_LIMIT + 2):
        _sign_in(guesser, victim.username, f"Summer{n}")
    for n, student in enumerate(students):
        browser = Client()
        if n % 5 == 0:
            assert _sign_in(browser, student.username, "typo").status_code == 200
        response = _sign_in(browser, student.username, PASSWORD)
        assert response.status_code == 302, (student.username, response.status_code)
        figures.count(PROBE, "class sign-ins from one address")
    locked = _sign_in(Client(), victim.username, PASSWORD)
    assert locked.status_code in {403, 429}
    assert "Too many wrong passwords" in locked.content.decode()
