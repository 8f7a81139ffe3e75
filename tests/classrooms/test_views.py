import csv
import io
import re
from urllib.parse import urljoin

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from classrooms.models import Classroom, Enrolment
from classrooms.services import classroom_create, classroom_update, enrolment_ensure
from portal.school import school_cache_assume_none_stored
from tests.builders import StudentFactory, TeacherFactory, class_build
from tests.classrooms.conftest import students_bulk_enrol


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    # As tests/conftest.py: no school settings stored (portal.school), so the
    # pinned query counts are not one higher on a test's first page.
    school_cache_assume_none_stored()
    yield
    cache.clear()


def url(name, **kwargs):
    return reverse(f"classrooms:{name}", kwargs=kwargs or None)


# --- permissions -------------------------------------------------------------

TEACHER_PAGES = [
    ("classroom_detail", {}),
    ("classroom_edit", {}),
    ("classroom_code", {}),
    ("students_add", {}),
]


@pytest.mark.parametrize(("name", "extra"), TEACHER_PAGES)
def test_another_teacher_gets_404_on_this_class(
    client, classroom, other_teacher, name, extra
):
    client.force_login(other_teacher)
    assert client.get(url(name, pk=classroom.pk, **extra)).status_code == 404


@pytest.mark.parametrize(
    "name",
    [
        "join_code_regenerate",
        "students_password_reset",
        "classroom_archive",
        "co_teacher_add",
    ],
)
def test_another_teacher_cannot_change_this_class(
    client, classroom, other_teacher, name
):
    client.force_login(other_teacher)
    code = classroom.join_code
    assert client.post(url(name, pk=classroom.pk)).status_code == 404
    classroom.refresh_from_db()
    assert classroom.join_code == code and not classroom.is_archived


def test_another_teacher_cannot_remove_or_reset_this_class_s_students(
    client, classroom, enrolled, other_teacher
):
    client.force_login(other_teacher)
    remove = url("student_remove", pk=classroom.pk, student_pk=enrolled.pk)
    assert client.post(remove).status_code == 404
    # Even from their own class, they cannot reach a student who is not in it.
    own = classroom_create(owner=other_teacher, name="Mine")
    response = client.post(
        url("students_password_reset", pk=own.pk), {"only": enrolled.pk}
    )
    assert response.status_code == 302
    enrolled.refresh_from_db()
    assert not enrolled.must_change_password
    assert Enrolment.objects.get(student=enrolled).removed_at is None


def test_a_teacher_cannot_reset_the_password_of_a_student_shared_with_another_teacher(
    client, classroom, enrolled, other_teacher, password
):
    """Teacher B enrols teacher A's student in B's own class: a new password from
    B's roster would open A's class to B, so B is refused and nothing changes."""
    theirs = classroom_create(owner=other_teacher, name="World History")
    enrolment_ensure(classroom=theirs, student=enrolled)
    client.force_login(other_teacher)
    response = client.post(
        url("students_password_reset", pk=theirs.pk), {"only": enrolled.pk}, follow=True
    )
    assert "only the school&#x27;s admin can give them a new password" in (
        response.content.decode()
    )
    enrolled.refresh_from_db()
    assert not enrolled.must_change_password and enrolled.check_password(password)
    # Ticking several students with the shared one among them changes none.
    [alone] = StudentFactory.create_batch(1)
    enrolment_ensure(classroom=theirs, student=alone)
    client.post(
        url("students_password_reset", pk=theirs.pk),
        {"students": [alone.pk, enrolled.pk]},
    )
    alone.refresh_from_db()
    assert not alone.must_change_password
    # The rule runs both ways: the student's first teacher is refused too while
    # B teaches them.
    client.force_login(classroom.owner)
    client.post(url("students_password_reset", pk=classroom.pk), {"only": enrolled.pk})
    enrolled.refresh_from_db()
    assert not enrolled.must_change_password


def test_a_teacher_may_reset_a_student_in_two_of_their_own_classes(
    teacher_client, classroom, enrolled, teacher
):
    second = classroom_create(owner=teacher, name="Civics")
    enrolment_ensure(classroom=second, student=enrolled)
    teacher_client.post(
        url("students_password_reset", pk=second.pk), {"only": enrolled.pk}
    )
    enrolled.refresh_from_db()
    assert enrolled.must_change_password


@pytest.mark.parametrize(("name", "extra"), TEACHER_PAGES)
def test_students_are_refused_teacher_pages(student_client, classroom, name, extra):
    response = student_client.get(url(name, pk=classroom.pk, **extra))
    assert response.status_code in {403, 404}


def test_co_teacher_manages_the_class_but_not_its_co_teachers(
    client, classroom, other_teacher, enrolled
):
    classroom.co_teachers.add(other_teacher)
    client.force_login(other_teacher)
    page = client.get(url("classroom_detail", pk=classroom.pk))
    assert page.status_code == 200 and enrolled.username in page.content.decode()
    assert client.get(reverse("teacher_home")).context["classrooms"][0] == classroom
    response = client.post(url("co_teacher_add", pk=classroom.pk), {"username": "x"})
    assert response.status_code == 403
    assert client.post(url("classroom_archive", pk=classroom.pk)).status_code == 403


# --- the roster ------------------------------------------------------------------


# Pinned caps: what each list page costs today; one query more fails.
# The roster: session, viewer, class, co-teachers, count, page, shared names,
# removed, the owner's invitations waiting to be accepted, the class's groups (the
# group filter).
ROSTER_QUERIES = 11  # +1: the bell's count in the header
CLASS_LIST_QUERIES = 6  # with the invitations to co-teach, and the bell's count
MY_CLASSES_QUERIES = 4  # +1: the bell's count in the header


def test_roster_of_1000_costs_the_same_queries_as_a_roster_of_10(
    teacher_client,
    classroom,
    django_assert_num_queries,
    django_assert_max_num_queries,
):
    students_bulk_enrol(classroom, 10)
    page = url("classroom_detail", pk=classroom.pk)
    with CaptureQueriesContext(connection) as small:
        assert teacher_client.get(page).status_code == 200
    students_bulk_enrol(classroom, 990, start=10)
    with (
        django_assert_num_queries(len(small.captured_queries)),
        django_assert_max_num_queries(ROSTER_QUERIES),
    ):
        response = teacher_client.get(page)
    html = response.content.decode()
    assert "1000 students" in html
    assert html.count('name="students"') == 50  # one page
    # Searching and paging cost no more than the first page.
    with django_assert_max_num_queries(ROSTER_QUERIES + 1):
        response = teacher_client.get(page, {"q": "pupil 1", "page": "2"})
    # 271 of 0…999 hold a 1 (729 do not).
    assert "Showing 51–100 of 271." in response.content.decode()


def test_roster_pages_keep_the_search_and_survive_a_bad_page_number(
    teacher_client, classroom
):
    students_bulk_enrol(classroom, 120)
    page = url("classroom_detail", pk=classroom.pk)
    html = teacher_client.get(page, {"q": "Pupil", "page": "2"}).content.decode()
    assert "Showing 51–100 of 120." in html
    assert 'href="?q=Pupil&amp;page=3"' in html
    assert 'aria-current="page">2<' in html
    for bad in ("999", "x", "-1"):
        assert teacher_client.get(page, {"page": bad}).status_code == 200


def test_roster_search_that_matches_nobody_says_so(teacher_client, classroom):
    students_bulk_enrol(classroom, 3)
    response = teacher_client.get(
        url("classroom_detail", pk=classroom.pk), {"q": "Zzyzx"}
    )
    html = response.content.decode()
    assert "No student on the roster matches “Zzyzx”." in html
    assert "0 of 3 students match" in html


def test_each_roster_row_has_one_menu_with_the_asking_actions_apart(
    teacher_client, classroom, enrolled
):
    page = url("classroom_detail", pk=classroom.pk)
    html = teacher_client.get(page).content.decode()
    assert html.count("data-row-menu") == 1
    menu = html[html.index("data-row-menu") : html.index("</details>")]
    safe, asking = menu.split("Asks first")
    assert "New password" in safe and "Export data" in safe
    assert "Remove from class…" in asking and "Anonymise…" in asking
    assert "Remove" not in safe and "Anonymise" not in safe
    # The red ones open a confirmation page; following the link changes nothing.
    # (The row's links are written relative to the page: followed from it.)
    remove = url("student_remove", pk=classroom.pk, student_pk=enrolled.pk)
    assert remove in [urljoin(page, h) for h in re.findall(r'href="([^"]+)"', asking)]
    assert teacher_client.get(remove).status_code == 200
    assert Enrolment.objects.get(student=enrolled).removed_at is None


def test_teacher_home_and_class_list_cost_a_fixed_number_of_queries(
    teacher_client, teacher, django_assert_max_num_queries
):
    for n in range(20):
        classroom_create(owner=teacher, name=f"Class {n}")
    with django_assert_max_num_queries(8):
        assert teacher_client.get(reverse("teacher_home")).status_code == 200
    with django_assert_max_num_queries(8):
        assert teacher_client.get(url("classroom_list")).status_code == 200


def test_the_class_list_costs_the_same_for_1_class_as_for_20(
    teacher_client, teacher, django_assert_num_queries, django_assert_max_num_queries
):
    classroom_create(owner=teacher, name="Class 0")
    with CaptureQueriesContext(connection) as one:
        assert teacher_client.get(url("classroom_list")).status_code == 200
    for n in range(1, 20):
        class_build(owner=teacher, name=f"Class {n}", students=1)
    with (
        django_assert_num_queries(len(one.captured_queries)),
        django_assert_max_num_queries(CLASS_LIST_QUERIES),
    ):
        response = teacher_client.get(url("classroom_list"))
    assert len(response.context["classrooms"]) == 20


def test_my_classes_cost_the_same_for_1_class_as_for_10(
    student_client,
    student,
    teacher,
    django_assert_num_queries,
    django_assert_max_num_queries,
):
    classroom = classroom_create(owner=teacher, name="Class 0")
    enrolment_ensure(classroom=classroom, student=student)
    with CaptureQueriesContext(connection) as one:
        assert student_client.get(url("my_classes")).status_code == 200
    for n in range(1, 10):
        classroom = classroom_create(owner=TeacherFactory(), name=f"Class {n}")
        enrolment_ensure(classroom=classroom, student=student)
    with (
        django_assert_num_queries(len(one.captured_queries)),
        django_assert_max_num_queries(MY_CLASSES_QUERIES),
    ):
        response = student_client.get(url("my_classes"))
    assert len(response.context["classrooms"]) == 10


# --- adding students ---------------------------------------------------------


@pytest.fixture
def run_jobs(django_capture_on_commit_callbacks):
    """Jobs run after the request's transaction (the immediate backend, as a
    worker would run them; tests/classrooms/test_jobs.py uses a real worker)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _cards_url_from_job_page(client, response) -> str:
    """Adding students redirects to the job's page (a worker makes the accounts;
    here the immediate backend ran it already); its result links to the cards."""
    assert response.status_code == 302
    assert response["Location"].startswith("/jobs/")
    page = client.get(response["Location"]).content.decode()
    assert "Open the login cards" in page
    return re.search(r'href="(/classes/\d+/cards/[^"]+)"', page).group(1)


def test_pasted_names_create_accounts_and_open_the_login_cards(
    teacher_client, classroom, run_jobs
):
    with run_jobs():
        response = teacher_client.post(
            url("students_add", pk=classroom.pk),
            {"names": "Maya Okafor\n\n  Maya   Okafor \nLeo Haddad\n"},
        )
    cards_url = _cards_url_from_job_page(teacher_client, response)
    response = teacher_client.get(cards_url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "maya.okafor" in html and "maya.okafor2" in html and "leo.haddad" in html
    assert classroom.enrolments.count() == 3
    assert "Print the cards" in html


def test_a_bad_csv_row_creates_nobody_and_names_its_line(teacher_client, classroom):
    upload = SimpleUploadedFile(
        "roster.csv", b"Maya,Okafor\nLeo,Haddad\nBroken\n", "text/csv"
    )
    before = User.objects.count()
    response = teacher_client.post(
        url("students_add", pk=classroom.pk), {"csv_file": upload}
    )
    assert response.status_code == 200
    assert "Line 3:" in response.content.decode()
    assert User.objects.count() == before
    assert classroom.enrolments.count() == 0


def test_empty_form_is_refused_with_a_clear_message(teacher_client, classroom):
    response = teacher_client.post(
        url("students_add", pk=classroom.pk), {"names": "\n \n"}
    )
    assert "Paste at least one name" in response.content.decode()


def test_login_cards_csv_downloads_once_then_the_passwords_are_gone(
    teacher_client, classroom, run_jobs
):
    with run_jobs():
        response = teacher_client.post(
            url("students_add", pk=classroom.pk), {"names": "Maya Okafor\nLeo Haddad"}
        )
    cards_url = _cards_url_from_job_page(teacher_client, response)
    token = cards_url.rstrip("/").rsplit("/", 1)[-1]
    assert teacher_client.get(cards_url).status_code == 200

    download = teacher_client.post(url("login_cards_csv", pk=classroom.pk, token=token))
    assert download["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["First name", "Last name", "Username"]
    assert [r[2] for r in rows[1:]] == ["leo.haddad", "maya.okafor"]
    user = User.objects.get(username="maya.okafor")
    password = next(r[3] for r in rows if r[2] == "maya.okafor")
    assert user.check_password(password)
    assert password not in user.password

    again = teacher_client.get(cards_url, follow=True)
    assert password not in again.content.decode()
    assert "Those login cards are gone" in again.content.decode()


def test_only_the_teacher_who_made_the_cards_sees_them(
    client, teacher_client, classroom, other_teacher, run_jobs
):
    with run_jobs():
        response = teacher_client.post(
            url("students_add", pk=classroom.pk), {"names": "Maya Okafor"}
        )
    job_url = response["Location"]
    cards_url = _cards_url_from_job_page(teacher_client, response)
    classroom.co_teachers.add(other_teacher)
    client.force_login(other_teacher)
    assert client.get(job_url).status_code == 404  # the job's page is its starter's
    page = client.get(cards_url, follow=True).content.decode()
    assert "maya.okafor" in page  # on the roster, as a co-teacher
    assert "One-time password" not in page and "Print the cards" not in page


def test_resetting_a_password_gives_a_card_and_stops_the_old_password(
    teacher_client, classroom, enrolled, password
):
    response = teacher_client.post(
        url("students_password_reset", pk=classroom.pk),
        {"only": enrolled.pk},
        follow=True,
    )
    html = response.content.decode()
    assert enrolled.username in html and "Print the cards" in html
    enrolled.refresh_from_db()
    assert enrolled.must_change_password and not enrolled.check_password(password)


def test_removing_a_student_keeps_their_account(teacher_client, classroom, enrolled):
    remove = url("student_remove", pk=classroom.pk, student_pk=enrolled.pk)
    assert "Their account and everything they wrote are kept" in (
        teacher_client.get(remove).content.decode()
    )
    teacher_client.post(remove)
    roster = teacher_client.get(url("classroom_detail", pk=classroom.pk))
    assert enrolled.username not in [
        row.student.username for row in roster.context["roster"].rows
    ]
    assert User.objects.filter(pk=enrolled.pk, is_active=True).exists()


def test_teacher_creates_edits_and_archives_a_class(teacher_client, teacher):
    response = teacher_client.post(
        url("classroom_create"),
        {
            "name": "World History",
            "section": "B",
            "school_year": "2026–27",
            "join_enabled": "on",
        },
    )
    classroom = Classroom.objects.get(name="World History")
    assert response["Location"] == classroom.get_absolute_url()
    teacher_client.post(
        url("classroom_edit", pk=classroom.pk),
        {"name": "World History II", "section": "B", "school_year": "2026–27"},
    )
    classroom.refresh_from_db()
    assert classroom.name == "World History II" and not classroom.join_enabled
    teacher_client.post(url("classroom_archive", pk=classroom.pk))
    classroom.refresh_from_db()
    assert classroom.is_archived
    assert (
        classroom not in teacher_client.get(url("classroom_list")).context["classrooms"]
    )


def test_a_co_teacher_is_invited_and_co_teaches_once_they_accept(
    client, teacher, classroom, enrolled
):
    """The form used to make any teacher co-teach at once, without their consent."""
    colleague = TeacherFactory(username="r.diaz")
    client.force_login(teacher)
    response = client.post(
        url("co_teacher_add", pk=classroom.pk), {"username": "R.Diaz"}, follow=True
    )
    assert "Invitation kept for “R.Diaz”" in response.content.decode()
    assert not classroom.co_teachers.exists()
    # Not theirs until they accept: the class still answers 404.
    client.force_login(colleague)
    assert client.get(url("classroom_detail", pk=classroom.pk)).status_code == 404
    page = client.get(url("classroom_list"))
    [invitation] = page.context["invitations"]
    assert "invites you to co-teach U.S. History" in page.content.decode()
    answer = url("co_teacher_invitation_answer", invitation_pk=invitation.pk)
    accepted = client.post(answer, {"accept": "1"}, follow=True)
    assert "You now co-teach" in accepted.content.decode()
    assert list(classroom.co_teachers.all()) == [colleague]
    assert enrolled.username in accepted.content.decode()
    assert client.post(answer, {"accept": "1"}).status_code == 404  # used up


def test_the_co_teacher_form_never_tells_whether_a_username_is_a_teacher_s(
    teacher_client, classroom, student
):
    """The same words for a teacher's username, a student's and nobody's."""
    TeacherFactory(username="r.diaz")
    said = []
    for username in ["r.diaz", student.username, "no.such.person"]:
        response = teacher_client.post(
            url("co_teacher_add", pk=classroom.pk), {"username": username}, follow=True
        )
        said.append(
            [str(m).replace(username, "NAME") for m in response.context["messages"]]
        )
    assert said[0] == said[1] == said[2]
    assert not classroom.co_teachers.exists()


def test_an_invitation_is_answered_only_by_the_invited_teacher(
    client, teacher, classroom, other_teacher, student
):
    TeacherFactory(username="r.diaz")
    client.force_login(teacher)
    client.post(url("co_teacher_add", pk=classroom.pk), {"username": "r.diaz"})
    invitation = classroom.co_teacher_invitations.get()
    answer = url("co_teacher_invitation_answer", invitation_pk=invitation.pk)
    for someone in [other_teacher, teacher]:
        client.force_login(someone)
        assert client.post(answer, {"accept": "1"}).status_code == 404
    client.force_login(student)
    assert client.post(answer, {"accept": "1"}).status_code == 403
    assert not classroom.co_teachers.exists()
    # The owner withdraws it; another teacher cannot.
    withdraw = url(
        "co_teacher_invitation_withdraw", pk=classroom.pk, invitation_pk=invitation.pk
    )
    client.force_login(other_teacher)
    assert client.post(withdraw).status_code == 404
    client.force_login(teacher)
    client.post(withdraw)
    assert not classroom.co_teacher_invitations.exists()


def test_a_declined_invitation_is_gone(client, teacher, classroom):
    colleague = TeacherFactory(username="r.diaz")
    client.force_login(teacher)
    client.post(url("co_teacher_add", pk=classroom.pk), {"username": "r.diaz"})
    client.force_login(colleague)
    invitation = classroom.co_teacher_invitations.get()
    client.post(
        url("co_teacher_invitation_answer", invitation_pk=invitation.pk),
        {"accept": "0"},
    )
    assert not classroom.co_teacher_invitations.exists()
    assert not classroom.co_teachers.exists()


def test_join_code_regenerates_through_htmx(teacher_client, classroom):
    old = classroom.join_code
    response = teacher_client.post(
        url("join_code_regenerate", pk=classroom.pk), HTTP_HX_REQUEST="true"
    )
    classroom.refresh_from_db()
    html = response.content.decode()
    assert classroom.join_code != old and classroom.join_code in html
    assert "<html" not in html and 'id="join-code"' in html


# --- students ----------------------------------------------------------------


def test_student_joins_with_a_code_and_sees_only_their_classes(
    student_client, student, classroom, other_teacher
):
    other = classroom_create(owner=other_teacher, name="Not mine")
    response = student_client.post(
        url("join"), {"code": classroom.join_code.lower()}, follow=True
    )
    html = response.content.decode()
    assert "You joined U.S. History" in html
    assert "Not mine" not in html
    assert list(response.context["classrooms"]) == [classroom]
    assert other.join_code not in html


def test_a_student_never_sees_classmates_names_or_usernames(
    student_client, enrolled, classroom, make_students
):
    [classmate] = make_students(1)
    for page in [url("my_classes"), reverse("student_todo")]:
        html = student_client.get(page).content.decode()
        assert classmate.username not in html and classmate.last_name not in html


def test_wrong_code_then_too_many_wrong_codes_are_refused(student_client, classroom):
    response = student_client.post(url("join"), {"code": "ZZZZZZZZ"})
    assert "No class has that code" in response.content.decode()
    for _ in range(10):
        student_client.post(url("join"), {"code": "ZZZZZZZZ"})
    response = student_client.post(url("join"), {"code": classroom.join_code})
    assert "Too many wrong codes" in response.content.decode()
    assert not classroom.enrolments.exists()


def test_wrong_codes_are_limited_per_address_too(client, classroom, settings):
    settings.CLASSROOMS_JOIN_FAILURES_PER_IP = 3
    for _ in range(3):
        other = StudentFactory()
        client.force_login(other)
        client.post(url("join"), {"code": "ZZZZZZZZ"})
    client.force_login(StudentFactory())
    response = client.post(url("join"), {"code": classroom.join_code})
    assert "Too many wrong codes" in response.content.decode()


def test_one_pupil_guessing_codes_never_stops_the_school_from_joining(
    client, classroom
):
    """60 wrong codes from one pupil used to stop everyone behind the school's one
    address from joining; now the guesser is stopped, and only they are."""
    classroom.allow_self_signup = True
    classroom.save(update_fields=["allow_self_signup"])
    school = {"REMOTE_ADDR": "203.0.113.40"}
    guess = {"first_name": "Guess", "last_name": "Er", "code": "ZZZZZZZZ"}
    for _ in range(60):
        client.post(url("sign_up"), guess, **school)
    right = {**guess, "code": classroom.join_code, "password1": "river Stone 4821"}
    right["password2"] = right["password1"]
    stopped = client.post(url("sign_up"), right, **school)
    assert "Too many wrong codes" in stopped.content.decode()
    # A classmate's browser at the same address signs up, another joins.
    client.cookies.clear()
    signed_up = client.post(url("sign_up"), {**right, "first_name": "Ana"}, **school)
    assert signed_up.status_code == 302
    client.force_login(StudentFactory())
    client.post(url("join"), {"code": classroom.join_code}, **school)
    assert classroom.enrolments.count() == 2


def test_disabled_and_archived_codes_get_a_clear_message(student_client, classroom):
    classroom_update(
        classroom=classroom,
        name=classroom.name,
        section="",
        school_year="",
        join_enabled=False,
        allow_self_signup=False,
    )
    response = student_client.post(url("join"), {"code": classroom.join_code})
    assert "switched off" in response.content.decode()


def test_self_sign_up_needs_the_class_switch(client, classroom):
    data = {
        "code": classroom.join_code,
        "first_name": "Ana",
        "last_name": "Lima",
        "password1": "river Stone 4821",
        "password2": "river Stone 4821",
    }
    response = client.post(url("sign_up"), data)
    assert (
        "does not let students create their own accounts" in response.content.decode()
    )
    assert not User.objects.filter(first_name="Ana").exists()

    classroom.allow_self_signup = True
    classroom.save(update_fields=["allow_self_signup"])
    response = client.post(url("sign_up"), data, follow=True)
    html = response.content.decode()
    assert "ana.lima" in html and "Write it down" in html
    user = User.objects.get(username="ana.lima")
    assert user.is_student and not user.email and not user.must_change_password
    assert list(response.context["classrooms"]) == [classroom]


@pytest.mark.parametrize(
    "name", ["student_remove", "student_restore", "student_accommodations"]
)
def test_a_student_id_no_row_can_have_is_no_such_student(teacher_client, teacher, name):
    # 2**64 does not fit a database id: "not found", as for any student not in
    # the class (SQLite refused it as a parameter: a server error before).
    classroom = classroom_create(owner=teacher, name="History 8")
    page = url(name, pk=classroom.pk, student_pk=2**64)
    if name != "student_restore":  # a button's address only
        assert teacher_client.get(page).status_code == 404
    assert teacher_client.post(page).status_code == 404
