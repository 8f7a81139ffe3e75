"""OneRoster 1.2 CSV import (classrooms.roster): the dry run changes nothing,
applying twice leaves the same rows, a delta removes enrollments and keeps the
students' answers, and problems are listed by file and line."""

import io

import pytest
from django.contrib.auth import get_user_model

from classrooms.models import Classroom, Enrolment, RosterRecord
from classrooms.roster.apply import roster_import
from classrooms.roster.read import roster_read_folder, roster_read_zip
from tests.classrooms.oneroster_files import district, enrollments_deleted

User = get_user_model()


def row_counts() -> dict:
    return {
        "users": User.objects.count(),
        "active users": User.objects.filter(is_active=True).count(),
        "classes": Classroom.objects.count(),
        "co-teachers": Classroom.co_teachers.through.objects.count(),
        "enrolments": Enrolment.objects.count(),
        "active enrolments": Enrolment.objects.filter(removed_at__isnull=True).count(),
        "records": RosterRecord.objects.count(),
    }


def run(export, *, dry_run=False):
    files = roster_read_zip(io.BytesIO(export.zip_bytes()))
    assert files.problems == []
    return roster_import(files=files, dry_run=dry_run)


@pytest.fixture(scope="module")
def big_district():
    return district(schools=3, classes=40, users=1000)


@pytest.mark.django_db
def test_the_dry_run_lists_what_would_change_and_changes_nothing(big_district):
    before = row_counts()
    report = run(big_district, dry_run=True)
    assert row_counts() == before
    counts = report.counts()
    assert counts["users"]["created"] == 1000
    assert counts["classes"]["created"] == 40
    assert counts["enrollments"]["created"] == 960  # students; teachers own classes
    assert counts["orgs"]["created"] == 4  # the district and 3 schools


@pytest.mark.django_db
def test_importing_the_same_zip_twice_leaves_the_same_rows(big_district):
    report = run(big_district)
    first = row_counts()
    assert first["users"] == 1000
    assert first["classes"] == 40
    assert first["active enrolments"] == 960
    again = run(big_district)
    assert row_counts() == first
    assert all(
        n == 0 for actions in again.counts().values() for n in actions.values()
    ), again.counts()
    # Teachers own their classes; students sign in through the school's provider.
    classroom = Classroom.objects.get(roster_source_id="class-7")
    assert classroom.owner.roster_source_id == "t-7"
    assert classroom.owner.role == User.Role.TEACHER
    assert classroom.name == "World History 7" and classroom.school_year == "2026–27"
    student = User.objects.get(roster_source_id="s-7")
    assert student.username == "stu7" and student.student_number == "S00007"
    assert not student.has_usable_password()
    assert report.counts()["users"]["created"] == 1000


@pytest.mark.django_db
def test_a_delta_removes_five_enrollments_and_keeps_their_answers(big_district):
    from assignments.services import answers
    from tests.assignments.conftest import build_assignment, prompt_of

    run(big_district)
    gone = big_district.files["enrollments"][40:45]  # five students
    classroom = Classroom.objects.get(roster_source_id=gone[0]["classSourcedId"])
    assignment = build_assignment(classroom.owner, classroom=classroom)
    student = User.objects.get(roster_source_id=gone[0]["userSourcedId"])
    response = answers.response_get_or_create(
        assignment=assignment, prompt=prompt_of(assignment), student=student
    )
    answers.response_draft_save(response=response, text="My answer", revision=1)
    before = row_counts()

    report = run(enrollments_deleted(gone))
    assert report.counts()["enrollments"]["deactivated"] == 5
    after = row_counts()
    assert after["active enrolments"] == before["active enrolments"] - 5
    assert after["enrolments"] == before["enrolments"]  # stamped, not deleted
    for row in gone:
        enrolment = Enrolment.objects.get(
            classroom__roster_source_id=row["classSourcedId"],
            student__roster_source_id=row["userSourcedId"],
        )
        assert enrolment.removed_at is not None
    response.refresh_from_db()
    assert response.text == "My answer"
    assert User.objects.get(pk=student.pk).is_active  # the person stays
    # The same delta again changes nothing more.
    assert run(enrollments_deleted(gone)).counts()["enrollments"]["deactivated"] == 0


@pytest.mark.django_db
def test_a_bulk_file_without_a_person_switches_their_account_off():
    export = district(schools=1, classes=2, users=10)
    run(export)
    export.files["users"] = [
        u for u in export.files["users"] if u["sourcedId"] != "s-0"
    ]
    export.files["enrollments"] = [
        e for e in export.files["enrollments"] if e["userSourcedId"] != "s-0"
    ]
    report = run(export)
    assert report.counts()["users"]["deactivated"] == 1
    assert not User.objects.get(roster_source_id="s-0").is_active
    assert Enrolment.objects.get(student__roster_source_id="s-0").removed_at


@pytest.mark.django_db
def test_problems_are_listed_by_file_and_line_and_the_rest_is_imported():
    export = district(schools=1, classes=2, users=10)
    export.files["users"][3]["sourcedId"] = export.files["users"][2]["sourcedId"]
    export.files["enrollments"][5]["classSourcedId"] = "class-unknown"
    export.files["users"][4]["status"] = "retired"
    files = roster_read_zip(io.BytesIO(export.zip_bytes()))
    messages = [str(p) for p in files.problems]
    assert any(m.startswith("users.csv, line 5: sourcedId") for m in messages)
    assert any(m.startswith("users.csv, line 6: status") for m in messages)
    report = roster_import(files=files, dry_run=False)
    problems = [str(p) for p in report.problems]
    assert any(
        p.startswith("enrollments.csv, line 7: class “class-unknown”") for p in problems
    )
    assert Classroom.objects.count() == 2


@pytest.mark.django_db
def test_a_zip_without_a_manifest_or_a_column_changes_nothing():
    files = roster_read_zip(io.BytesIO(b"not a zip"))
    assert files.fatal and "not a zip" in str(files.problems[0])
    export = district(schools=1, classes=1, users=3)
    for row in export.files["classes"]:
        del row["courseSourcedId"]
    files = roster_read_zip(io.BytesIO(export.zip_bytes()))
    assert files.fatal
    assert "classes.csv: columns missing: courseSourcedId." in [
        str(p) for p in files.problems
    ]
    roster_import(files=files, dry_run=False)
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_a_teacher_made_account_with_the_school_id_is_taken_over(teacher):
    from classrooms.services import StudentRow, classroom_create, students_bulk_create

    classroom = classroom_create(owner=teacher, name="Own class")
    [card] = students_bulk_create(
        classroom=classroom, rows=[StudentRow("Stu", "Zero", student_number="S00000")]
    )
    run(district(schools=1, classes=2, users=10))
    account = User.objects.get(pk=card.user_id)
    assert account.roster_source_id == "s-0"
    assert User.objects.filter(student_number="S00000").count() == 1


@pytest.mark.django_db
def test_a_folder_reads_like_a_zip(tmp_path):
    district(schools=1, classes=2, users=10).write_folder(tmp_path)
    files = roster_read_folder(tmp_path)
    assert files.problems == []
    assert roster_import(files=files, dry_run=False).counts()["users"]["created"] == 10
