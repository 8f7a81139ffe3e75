import pytest
from django.conf import settings
from django.urls import reverse

from accounts.models import User
from accounts.services import user_create
from tests.builders import StudentFactory

LOGIN = "/accounts/sign-in/"


def post_login(client, username, password, ip="10.1.2.3"):
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip
    )


@pytest.mark.django_db
def test_teacher_lands_on_teacher_home_and_student_on_todo(
    client, teacher, student, password
):
    response = post_login(client, teacher.username, password)
    assert response.status_code == 302
    assert (
        client.get(response["Location"], follow=True).request["PATH_INFO"] == "/teach/"
    )
    client.logout()
    response = post_login(client, student.username, password)
    final = client.get(response["Location"], follow=True)
    assert final.request["PATH_INFO"] == "/todo/"
    assert "To do" in final.content.decode()


@pytest.mark.django_db
def test_wrong_password_says_so_next_to_the_form_and_keeps_the_username(
    client, student
):
    response = post_login(client, student.username, "not-it")
    html = response.content.decode()
    assert response.status_code == 200
    assert "do not match" in html
    assert f'value="{student.username}"' in html


@pytest.mark.django_db
def test_one_time_password_must_be_changed_before_anything_else(client):
    user = user_create(
        username="new.kid", password="OneTime-123", must_change_password=True
    )
    post_login(client, "new.kid", "OneTime-123")
    response = client.get("/todo/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:password_change"))
    page = client.get(response["Location"])
    assert "Choose your own password" in page.content.decode()
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "OneTime-123",
            "new_password1": "my own Secret 42",
            "new_password2": "my own Secret 42",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.must_change_password is False
    assert user.check_password("my own Secret 42")
    # Still signed in, and now free to go on.
    assert client.get("/todo/").status_code == 200


@pytest.mark.django_db
def test_thirty_students_from_one_school_address_are_never_locked_out(client, password):
    students = StudentFactory.create_batch(30)
    # Each makes a typo first (a whole class of typos from one NAT address) ...
    for s in students:
        post_login(client, s.username, "typo", ip="192.0.2.10")
    # ... and then every one of them gets in.
    for s in students:
        client.logout()
        response = post_login(client, s.username, password, ip="192.0.2.10")
        assert response.status_code == 302, f"{s.username} was refused"


@pytest.mark.django_db
def test_repeated_failures_lock_that_username_only(client, password):
    victim, classmate = StudentFactory(), StudentFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, victim.username, "guess")
    response = post_login(client, victim.username, password)
    assert response.status_code == 429
    assert "Too many wrong passwords" in response.content.decode()
    assert post_login(client, classmate.username, password).status_code == 302


def test_production_hashes_passwords_with_argon2():
    from portal import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


@pytest.mark.django_db
def test_sign_out_is_a_post_and_ends_the_session(teacher_client):
    assert teacher_client.get("/teach/").status_code == 200
    assert teacher_client.get(reverse("accounts:logout")).status_code == 405
    teacher_client.post(reverse("accounts:logout"))
    assert teacher_client.get("/teach/").status_code == 302


@pytest.mark.django_db
def test_roles(teacher, student, staff):
    assert teacher.is_teacher and not teacher.is_student
    assert student.is_student and not student.is_teacher
    assert staff.is_staff and not staff.is_student
    assert User.objects.count() == 3


@pytest.mark.django_db
def test_one_address_trying_many_accounts_is_paused_but_a_class_is_not(
    client, password, settings
):
    settings.PORTAL_SIGNIN_FAILURES_PER_IP = 40
    students = StudentFactory.create_batch(2)
    # A class's worth of typos from one school address (30 browsers): everyone
    # still gets in.
    for n in range(30):
        client.cookies.clear()
        post_login(client, f"nobody{n}", "typo", ip="198.51.100.7")
    assert (
        post_login(
            client, students[0].username, password, ip="198.51.100.7"
        ).status_code
        == 302
    )
    # Spraying guesses across many accounts from one address, dropping cookies
    # between guesses, is paused ...
    client.logout()
    for n in range(40):
        client.cookies.clear()
        post_login(client, f"victim{n}", "Summer2026", ip="198.51.100.66")
    response = post_login(client, students[1].username, password, ip="198.51.100.66")
    assert response.status_code == 429
    assert "from this browser or network address" in response.content.decode()
    # ... for that address only.
    assert (
        post_login(
            client, students[1].username, password, ip="198.51.100.8"
        ).status_code
        == 302
    )


@pytest.mark.django_db
def test_one_browser_guessing_is_paused_while_its_classmates_sign_in(client, password):
    """100 wrong passwords from one address used to pause sign-in for the whole
    school behind it; now the guessing browser is paused, and only it."""
    school = "203.0.113.9"
    for n in range(100):
        post_login(client, f"classmate{n}", "Summer2026", ip=school)
    paused = post_login(client, "anyone", "Summer2026", ip=school)
    assert paused.status_code == 429
    classmate = StudentFactory()
    client.cookies.clear()  # another pupil's browser, same school address
    assert post_login(client, classmate.username, password, ip=school).status_code == (
        302
    )
