"""Headers as production sends them (DJANGO_SECURE on, behind a TLS proxy): HSTS
over HTTPS, cookie flags, and the same headers on the pages every role opens.
The matrix (test_authorization.py) checks CSP, nosniff, frame denial and no-store
on every HTML answer it gets; this file checks what needs HTTPS."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from tests.builders import PASSWORD, StudentFactory
from tests.security import figures

PRODUCTION = {
    "SECURE_HSTS_SECONDS": 31536000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_HSTS_PRELOAD": True,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "SECURE_SSL_REDIRECT": True,
}


@pytest.mark.django_db
@override_settings(**PRODUCTION)
def test_https_answers_carry_hsts_and_secure_cookies():
    student = StudentFactory()
    client = Client()  # a new client: the middleware reads the settings above
    plain = client.get(reverse("accounts:login"))
    assert plain.status_code == 301 and plain["Location"].startswith("https://")
    page = client.get(reverse("accounts:login"), secure=True)
    assert page["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert page["Referrer-Policy"] == "same-origin"
    assert page["Cross-Origin-Opener-Policy"] == "same-origin"
    assert page["X-Content-Type-Options"] == "nosniff"
    assert page["X-Frame-Options"] == "DENY"
    csrf = page.cookies["csrftoken"]
    assert csrf["secure"] and csrf["samesite"] == "Lax"
    signed_in = client.post(
        reverse("accounts:login"),
        {"username": student.username, "password": PASSWORD},
        secure=True,
    )
    session = signed_in.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    todo = client.get(reverse("student_todo"), secure=True)
    assert "no-store" in todo["Cache-Control"] and "private" in todo["Cache-Control"]
    figures.count("headers", "HTTPS answers checked", 3)
