"""The language menu (accounts.views.language_set), the person's own language
(User.language, accounts.services.user_language_set) and its middleware
(accounts.middleware.PreferredLanguageMiddleware)."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from accounts.services import user_language_set

MENU = reverse("accounts:language")
LOGIN = reverse("accounts:login")
TODO = reverse("student_todo")


def _html_lang(response) -> str:
    text = response.content.decode()
    start = text.index("<html lang=") + len('<html lang="')
    return text[start : text.index('"', start)]


def _csrf_client() -> Client:
    return Client(enforce_csrf_checks=True)


def _menu_post(client, language, next_url):
    """Post the menu as the page does: the form on the page, its CSRF token."""
    page = client.get(next_url, follow=True)
    token = page.context["csrf_token"]
    return client.post(
        MENU,
        {"language": language, "next": next_url, "csrfmiddlewaretoken": str(token)},
    )


@pytest.mark.django_db
def test_menu_on_the_sign_in_page_switches_it_to_spanish_before_signing_in():
    client = _csrf_client()
    response = _menu_post(client, "es", LOGIN)
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    page = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="en-US")
    assert _html_lang(page) == "es"
    assert "Iniciar sesión" in page.content.decode()


@pytest.mark.django_db
def test_spanish_chosen_before_sign_in_carries_on_after_it(student, password):
    client = _csrf_client()
    _menu_post(client, "es", LOGIN)
    token = client.get(LOGIN).context["csrf_token"]
    signed_in = client.post(
        LOGIN,
        {"username": student.username, "password": password},
        REMOTE_ADDR="10.9.9.9",
        HTTP_X_CSRFTOKEN=str(token),
        follow=True,
    )
    assert signed_in.request["PATH_INFO"] == TODO
    assert _html_lang(signed_in) == "es"
    assert "<h1" in signed_in.content.decode()
    assert "Pendientes" in signed_in.content.decode()


@pytest.mark.django_db
def test_a_signed_in_choice_is_kept_on_the_account_and_applied_at_next_sign_in(
    student, password
):
    laptop = Client()
    laptop.force_login(student)
    laptop.post(MENU, {"language": "es", "next": TODO})
    student.refresh_from_db()
    assert student.language == "es"

    # Another computer whose browser asks for English: Spanish from sign-in on.
    library = Client(HTTP_ACCEPT_LANGUAGE="en-US")
    assert _html_lang(library.get(LOGIN)) == "en"
    page = library.post(
        LOGIN,
        {"username": student.username, "password": password},
        REMOTE_ADDR="10.9.9.8",
        follow=True,
    )
    assert page.request["PATH_INFO"] == TODO
    assert _html_lang(page) == "es"
    assert page["Content-Language"] == "es"


@pytest.mark.django_db
def test_without_a_choice_a_signed_in_person_reads_the_browser_language(
    student_client,
):
    assert _html_lang(student_client.get(TODO, HTTP_ACCEPT_LANGUAGE="es-US")) == "es"
    assert _html_lang(student_client.get(TODO, HTTP_ACCEPT_LANGUAGE="en-US")) == "en"


@pytest.mark.django_db
def test_the_person_s_choice_wins_over_the_browser_and_the_cookie(student, client):
    user_language_set(user=student, language="es")
    client.force_login(student)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert _html_lang(client.get(TODO, HTTP_ACCEPT_LANGUAGE="en")) == "es"
    # Back to English from the menu: kept on the account too.
    client.post(MENU, {"language": "en", "next": TODO})
    student.refresh_from_db()
    assert student.language == "en"
    assert _html_lang(client.get(TODO, HTTP_ACCEPT_LANGUAGE="es")) == "en"


@pytest.mark.django_db
def test_an_unknown_language_changes_nothing(student_client, student):
    response = student_client.post(MENU, {"language": "xx", "next": TODO})
    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    student.refresh_from_db()
    assert student.language == ""
    with pytest.raises(ValidationError):
        user_language_set(user=student, language="xx")


@pytest.mark.django_db
def test_the_menu_returns_only_to_a_page_of_this_portal(client):
    response = client.post(
        MENU, {"language": "es", "next": "https://elsewhere.example/phish"}
    )
    assert response.status_code == 302
    assert "elsewhere.example" not in response["Location"]


@pytest.mark.django_db
def test_the_menu_is_a_post_form(client):
    assert client.get(MENU).status_code == 405
