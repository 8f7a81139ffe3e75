"""A class teacher exports a student's data and anonymises a student from the
roster; other teachers' students answer 404; a student shared with another
teacher's class is left to an admin."""

import io
import json
import re
import zipfile
from urllib.parse import urljoin

import pytest
from django.urls import reverse

from accounts.models import User
from assignments.selectors.reports import assignment_progress
from classrooms.models import Enrolment
from classrooms.services import classroom_create, enrolment_ensure, enrolment_remove
from jobs.models import Job
from tests.builders import StudentFactory


def url(name, classroom, student):
    return reverse(
        f"privacy:{name}", kwargs={"pk": classroom.pk, "student_pk": student.pk}
    )


@pytest.fixture
def classwork(teacher, classwork_build):
    """A class of two students who both answered and replied to each other."""
    return classwork_build(teacher, replies_both_ways=False)


@pytest.fixture
def export(client, django_capture_on_commit_callbacks):
    """Ask for a student's file as a teacher does: the page, its button (which
    starts a job; the test settings run it at once), then the job page's download."""

    def ask(classroom, student):
        address = url("student_export", classroom, student)
        assert "Prepare the file" in client.get(address).content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            started = client.post(address)
        job_page = client.get(started["Location"]).content.decode()
        assert "Download student-data-" in job_page
        job = Job.objects.get(pk=started["Location"].rstrip("/").rsplit("/", 1)[-1])
        return client.get(reverse("jobs:file", args=[job.pk]))

    return ask


def _data(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    content = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return json.loads(archive.read("data.json"))


# --- export ----------------------------------------------------------------------


def test_the_class_teacher_downloads_the_students_file(
    client, teacher, classwork, export
):
    assignment, (student, other) = classwork
    client.force_login(teacher)

    response = export(assignment.classroom, student)

    assert response["Content-Disposition"] == (
        'attachment; filename="student-data-qz.zip"'
    )
    assert "no-cache" in response["Cache-Control"]
    data = _data(response)
    text = json.dumps(data)
    assert data["account"]["username"] == "qz"
    enrolments = data["records"]["classrooms.Enrolment"]
    assert [e["fields"]["classroom"] for e in enrolments] == [assignment.classroom.pk]
    assert "Answer number 0 about aid." in text  # their answer
    assert "lend or lease" in text  # their evidence
    assert "Zorblat reply" in text  # a reply they wrote
    assert "Answer number 1" not in text  # not a classmate's


def test_a_co_teacher_and_a_removed_student_are_covered(
    client, teacher, other_teacher, classwork, export
):
    assignment, (student, other) = classwork
    assignment.classroom.co_teachers.add(other_teacher)
    enrolment_remove(enrolment=Enrolment.objects.get(student=student))
    client.force_login(other_teacher)

    data = _data(export(assignment.classroom, student))

    assert data["account"]["username"] == "qz"


def test_another_teachers_student_answers_404(
    client, teacher, other_teacher, classwork
):
    assignment, (student, other) = classwork
    mine = classroom_create(owner=other_teacher, name="Mine")
    enrolment_ensure(classroom=mine, student=StudentFactory())
    client.force_login(other_teacher)

    # Their own class's URL with someone else's student, and the other class's URL.
    assert client.get(url("student_export", mine, student)).status_code == 404
    assert (
        client.get(url("student_export", assignment.classroom, student)).status_code
        == 404
    )
    assert client.get(url("student_anonymise", mine, student)).status_code == 404
    assert client.post(url("student_anonymise", mine, student)).status_code == 404
    student.refresh_from_db()
    assert student.username == "qz"


def test_only_the_teacher_who_asked_sees_the_job_and_its_file(
    client, teacher, other_teacher, classwork, export
):
    assignment, (student, other) = classwork
    assignment.classroom.co_teachers.add(other_teacher)
    client.force_login(teacher)
    export(assignment.classroom, student)
    job = Job.objects.get()
    assert job.owner == teacher and "Zarthwick" not in job.title

    # A co-teacher of the same class, and the student themselves, get 404.
    for someone in [other_teacher, student]:
        client.force_login(someone)
        assert client.get(job.get_absolute_url()).status_code == 404
        assert client.get(reverse("jobs:file", args=[job.pk])).status_code == 404


def test_a_teacher_account_is_not_exported_through_a_class(
    client, teacher, other_teacher
):
    classroom = classroom_create(owner=teacher, name="Mine")
    classroom.co_teachers.add(other_teacher)
    client.force_login(teacher)
    assert (
        client.get(url("student_export", classroom, other_teacher)).status_code == 404
    )


def test_students_are_refused(client, classwork):
    assignment, (student, other) = classwork
    client.force_login(other)
    for name in ["student_export", "student_anonymise"]:
        assert client.get(url(name, assignment.classroom, student)).status_code == 403
        assert client.get(url(name, assignment.classroom, other)).status_code == 403
    assert (
        client.post(url("student_anonymise", assignment.classroom, student)).status_code
        == 403
    )


def test_the_roster_links_to_export_and_anonymise(client, teacher, classwork):
    assignment, (student, other) = classwork
    client.force_login(teacher)
    roster = assignment.classroom.get_absolute_url()
    page = client.get(roster).content.decode()
    # The row's links are written relative to the roster: followed from it.
    links = [urljoin(roster, href) for href in re.findall(r'href="([^"]+)"', page)]
    assert url("student_export", assignment.classroom, student) in links
    assert url("student_anonymise", assignment.classroom, student) in links


# --- anonymise -------------------------------------------------------------------


def test_the_class_teacher_anonymises_and_class_figures_stay(
    client, teacher, classwork
):
    assignment, (student, other) = classwork
    before = assignment_progress(assignment=assignment, user=teacher)
    client.force_login(teacher)
    address = url("student_anonymise", assignment.classroom, student)

    confirm = client.get(address)
    assert confirm.status_code == 200
    assert "Class statistics stay correct" in confirm.content.decode()
    student.refresh_from_db()
    assert student.username == "qz"  # nothing happens before confirming

    response = client.post(address, follow=True)

    assert response.redirect_chain[-1][0] == assignment.classroom.get_absolute_url()
    assert "The student is anonymised" in response.content.decode()
    student.refresh_from_db()
    assert student.username == f"former-user-{student.pk}"
    assert not student.is_active and not student.has_usable_password()
    size, progress = assignment_progress(assignment=assignment, user=teacher)
    assert size == before[0] == 2
    assert [(p.posted, p.drafts, p.late) for p in progress] == [
        (p.posted, p.drafts, p.late) for p in before[1]
    ]
    roster = response.content.decode()
    assert "Zarthwick" not in roster and "Quillon" not in roster


def test_a_student_shared_with_another_teacher_is_left_to_an_admin(
    client, teacher, other_teacher, classwork
):
    assignment, (student, other) = classwork
    theirs = classroom_create(owner=other_teacher, name="Theirs")
    enrolment_remove(enrolment=enrolment_ensure(classroom=theirs, student=student))
    client.force_login(teacher)
    address = url("student_anonymise", assignment.classroom, student)

    page = client.get(address).content.decode()
    assert "only an admin can anonymise" in page
    assert 'method="post"' not in page.split("<main", 1)[-1]

    response = client.post(address, follow=True)
    assert "only an admin can anonymise" in response.content.decode()
    student.refresh_from_db()
    assert student.username == "qz" and student.is_active


def test_a_student_shared_with_another_teacher_is_exported_by_an_admin_only(
    client, teacher, other_teacher, classwork
):
    assignment, (student, other) = classwork
    theirs = classroom_create(owner=other_teacher, name="Theirs")
    enrolment_ensure(classroom=theirs, student=student)
    client.force_login(teacher)
    response = client.get(
        url("student_export", assignment.classroom, student), follow=True
    )
    assert response["Content-Type"].startswith("text/html")
    assert "ask the school&#x27;s admin to export it" in response.content.decode()


def test_co_teaching_the_other_class_makes_it_the_teachers_own(
    client, teacher, other_teacher, classwork
):
    assignment, (student, other) = classwork
    theirs = classroom_create(owner=other_teacher, name="Theirs")
    enrolment_ensure(classroom=theirs, student=student)
    theirs.co_teachers.add(teacher)
    client.force_login(teacher)

    client.post(url("student_anonymise", assignment.classroom, student))

    assert User.objects.get(pk=student.pk).username == f"former-user-{student.pk}"
