"""The security suite (marked ``security``; ./dev test runs it once, on PostgreSQL).

Six actors, as in the issue: signed out, a student of class A, a student of class
B, teacher A, teacher B and an admin. The probes walk the URL resolver, so a route
added later falls under them with no extra work: its access row and its sample
builder (tests/url_samples.py, which tests/test_access_policy.py already demands)
are all they need."""

import secrets

import pytest
from django.conf import settings
from django.test import Client

from classrooms.services import classroom_create, enrolment_ensure
from tests.builders import StaffFactory, StudentFactory, TeacherFactory
from tests.security import figures

ACTORS = ["anonymous", "student_a", "student_b", "teacher_a", "teacher_b", "admin"]
# Whose object is "someone else's" for each actor: a peer with the same role, so
# an object shared by design (the admins' shared library) is not mistaken for a
# leak.
PEER = {
    "student_a": "student_b",
    "student_b": "student_a",
    "teacher_a": "teacher_b",
    "teacher_b": "teacher_a",
    "admin": "teacher_a",
}
ROLE = {
    "anonymous": "anonymous",
    "student_a": "student",
    "student_b": "student",
    "teacher_a": "teacher",
    "teacher_b": "teacher",
    "admin": "staff",
}


@pytest.fixture
def actors(db):
    """The six actors (None for the signed-out one); each student is in their
    teacher's class."""
    people = {
        "anonymous": None,
        "student_a": StudentFactory(username="probe.student.a"),
        "student_b": StudentFactory(username="probe.student.b"),
        "teacher_a": TeacherFactory(username="probe.teacher.a"),
        "teacher_b": TeacherFactory(username="probe.teacher.b"),
        "admin": StaffFactory(username="probe.admin"),
    }
    for letter in "ab":
        classroom = classroom_create(
            owner=people[f"teacher_{letter}"], name=f"Class {letter.upper()}"
        )
        enrolment_ensure(classroom=classroom, student=people[f"student_{letter}"])
    return people


class CsrfClient(Client):
    """A browser with a valid CSRF token: every POST carries it, so a refusal is
    the view's (or the access policy's), never the CSRF check's."""

    def __init__(self, **kwargs):
        super().__init__(enforce_csrf_checks=True, HTTP_HOST="testserver", **kwargs)
        self.csrf_token = secrets.token_hex(16)  # 32 characters: a valid secret
        self.cookies[settings.CSRF_COOKIE_NAME] = self.csrf_token

    def post(self, path, data=None, **kwargs):
        data = {} if data is None else data
        if isinstance(data, dict):
            data = {"csrfmiddlewaretoken": self.csrf_token, **data}
        kwargs.setdefault("HTTP_X_CSRFTOKEN", self.csrf_token)
        return super().post(path, data, **kwargs)

    def act_as(self, user) -> "CsrfClient":
        self.logout()
        self.cookies[settings.CSRF_COOKIE_NAME] = self.csrf_token
        if user is not None:
            self.force_login(user)
        self.user = user
        return self

    def still_signed_in(self) -> "CsrfClient":
        """Sign in again when the last request signed this browser out (a sign-out
        route, a password change): one session read otherwise."""
        if self.user is not None and "_auth_user_id" not in self.session:
            self.act_as(self.user)
        return self


@pytest.fixture
def browser_client():
    return CsrfClient()


@pytest.fixture
def browsers(actors):
    """One signed-in browser per actor, kept for the whole test."""
    return {key: CsrfClient().act_as(user) for key, user in actors.items()}


def pytest_terminal_summary(terminalreporter):
    lines = figures.table()
    if lines:
        terminalreporter.section("security suite figures")
        for line in lines:
            terminalreporter.write_line(line)
