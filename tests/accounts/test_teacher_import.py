"""Teacher accounts from a CSV file: a problem by line and nothing created, or
every account with a one-time password; the admin page that does it."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import User
from accounts.teacher_import import teachers_csv_read, teachers_import
from tests.builders import TeacherFactory

GOOD = b"Username,First_Name,Last_Name,Email\nm.okafor,Maya,Okafor,maya@school.edu\nl.haddad,Leo,Haddad,\n"


def test_a_good_file_makes_every_teacher_with_a_one_time_password(db):
    read = teachers_csv_read(GOOD)
    assert read.problems == []
    created = teachers_import(rows=read.rows)
    assert [u.username for u, _p in created] == ["m.okafor", "l.haddad"]
    maya, password = created[0]
    maya.refresh_from_db()
    assert maya.role == User.Role.TEACHER and maya.email == "maya@school.edu"
    assert maya.must_change_password and maya.check_password(password)


def test_every_problem_is_named_by_line_and_nothing_is_created(db):
    TeacherFactory(username="taken.one")
    data = (
        b"username,first_name,last_name,email\n"
        b"taken.one,Tia,One,\n"
        b"bad name!,Bo,Two,\n"
        b"\n"
        b"ok.three,,Three,not-an-email\n"
        b"ok.four,Fe,Four,\n"
        b"OK.FOUR,Fi,Four,\n"
    )
    read = teachers_csv_read(data)
    assert read.problems == [
        "Line 2: the username “taken.one” is taken.",
        "Line 3: “bad name!” is not a valid username.",
        "Line 5: username, first and last name are all needed.",
        "Line 5: “not-an-email” is not an e-mail address.",
        "Line 7: the username “OK.FOUR” comes twice.",
    ]
    assert not User.objects.filter(username="ok.four").exists()


def test_a_file_without_the_columns_says_which_are_missing(db):
    read = teachers_csv_read(b"name,mail\nMaya,maya@school.edu\n")
    assert read.problems == [
        "Line 1: the header lacks username, first_name, last_name."
    ]
    assert teachers_csv_read(b"username,first_name,last_name\n").problems == [
        "The file lists no teacher."
    ]


def test_the_admin_page_shows_problems_or_the_passwords_once(client, staff):
    client.force_login(staff)
    url = reverse("admin:accounts_user_import_teachers")
    assert client.get(url).status_code == 200
    bad = client.post(
        url, {"csv_file": SimpleUploadedFile("t.csv", b"username\nx\n", "text/csv")}
    )
    assert "Nothing was created: 1 problem" in bad.content.decode()
    good = client.post(url, {"csv_file": SimpleUploadedFile("t.csv", GOOD, "text/csv")})
    html = good.content.decode()
    assert "2 teacher accounts created" in html and "m.okafor" in html
    assert (
        good["Cache-Control"].startswith("max-age=0")
        or "no-cache" in good["Cache-Control"]
    )


def test_a_teacher_cannot_open_the_import(client, teacher):
    client.force_login(teacher)
    response = client.get(reverse("admin:accounts_user_import_teachers"))
    assert response.status_code in {302, 403}
