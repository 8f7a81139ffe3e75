"""Student data: the export holds everything about a person; deleting or anonymising
them leaves class figures right; no table referring to a person is forgotten."""

import io
import json
import uuid
import zipfile

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import reverse

from assignments import services as work
from assignments.selectors import assignment_progress
from classrooms.models import Enrolment
from portal.studentdata import (
    RELATIONS,
    Erase,
    StudentDataError,
    registry_problems,
    student_anonymise,
    student_data_collect,
    student_data_export,
    student_delete,
)
from tests.assignments.conftest import build_assignment, enrol
from tests.builders import StudentFactory


def _relations_to_users():
    """(model label, field name) of every link to the user model in the project,
    many-to-many links included (through their join tables)."""
    user_model = get_user_model()
    found = set()
    for model in apps.get_models(include_auto_created=True):
        for f in model._meta.get_fields():
            if (
                f.is_relation
                and f.concrete
                and not f.many_to_many
                and f.related_model is user_model
            ):
                found.add((model._meta.label, f.name))
    return found


def test_every_relation_to_a_user_is_in_the_export_and_erasure_plan():
    registered = {(r.model, r.path) for r in RELATIONS}
    missing = sorted(_relations_to_users() - registered)
    assert missing == [], (
        "These links to a user are not in portal.studentdata.RELATIONS; add each "
        f"with its export and delete/anonymise plan: {missing}"
    )


def test_every_table_hanging_off_a_persons_records_is_in_the_plan():
    """A table that points at a student's own rows (evidence on an answer, feedback
    on it) holds their data too, even without a direct link to the user."""
    personal = {r.model for r in RELATIONS if r.on_delete == Erase.DELETE}
    registered = {r.model for r in RELATIONS}
    missing = []
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label
        for f in model._meta.get_fields():
            if (
                f.is_relation
                and f.concrete
                and not f.many_to_many
                and f.related_model is not None
                and f.related_model._meta.label in personal
                and label not in registered
            ):
                missing.append(f"{label}.{f.name} -> {f.related_model._meta.label}")
    assert missing == [], f"add these to portal.studentdata.RELATIONS: {missing}"


def test_the_registry_names_only_real_models_and_paths():
    assert registry_problems() == []


@pytest.fixture
def classwork(teacher):
    """A class with two students who answered, cited, submitted and replied."""
    assignment = build_assignment(teacher, prompts=1)
    prompt = assignment.lesson.prompts.get()
    excerpt = assignment.lesson.lesson_excerpts.first().excerpt
    students = [
        StudentFactory(first_name="Quillon", last_name="Zarthwick", username="qz"),
        StudentFactory(first_name="Other", last_name="Pupil"),
    ]
    responses = []
    for n, student in enumerate(students):
        enrol(assignment.classroom, student)
        response = work.response_get_or_create(
            assignment=assignment, prompt=prompt, student=student
        )
        work.response_draft_save(
            response=response, text=f"Answer number {n} about aid.", revision=1
        )
        work.citation_add(
            response=response, excerpt=excerpt, paragraph=1, quotation="lend or lease"
        )
        work.response_submit(response=response, idempotency_key=uuid.uuid4())
        responses.append(response)
    work.reply_create(response=responses[1], author=students[0], text="Zorblat reply")
    work.reply_create(response=responses[0], author=students[1], text="Kind reply")
    return assignment, students


def test_the_export_holds_the_students_work_and_nobody_elses(classwork):
    assignment, (student, other) = classwork
    data = student_data_collect(user=student)
    text = json.dumps(data, default=str)
    assert data["account"]["username"] == "qz"
    assert "password" not in data["account"]
    assert "Answer number 0 about aid." in text  # the answer
    assert "lend or lease" in text  # evidence
    assert "Zorblat reply" in text  # a reply they wrote
    assert "classrooms.Enrolment" in data["records"]
    assert "assignments.SubmissionVersion" in data["records"]
    assert "Answer number 1" not in text  # a classmate's answer
    assert "Kind reply" not in text  # a classmate's words

    with zipfile.ZipFile(io.BytesIO(student_data_export(user=student))) as archive:
        assert json.loads(archive.read("data.json"))["account"]["username"] == "qz"


def _everything():
    rows = []
    for model in apps.get_models(include_auto_created=True):
        rows.extend(map(repr, model._base_manager.values_list()))
    return "\n".join(rows)


def test_anonymising_keeps_class_figures_and_forgets_the_person(classwork, teacher):
    assignment, (student, other) = classwork
    before = assignment_progress(assignment=assignment, user=teacher)

    student_anonymise(user=student)

    size, progress = assignment_progress(assignment=assignment, user=teacher)
    assert size == before[0] == 2
    assert [(p.posted, p.drafts, p.late) for p in progress] == [
        (p.posted, p.drafts, p.late) for p in before[1]
    ]
    dump = _everything()
    for trace in ["Quillon", "Zarthwick", "'qz'"]:
        assert trace not in dump
    student.refresh_from_db()
    assert not student.is_active and not student.has_usable_password()


def test_deleting_removes_their_work_and_figures_count_those_who_remain(
    classwork, teacher
):
    assignment, (student, other) = classwork

    student_delete(user=student)

    size, progress = assignment_progress(assignment=assignment, user=teacher)
    assert size == 1
    assert [p.posted for p in progress] == [1]
    assert not get_user_model().objects.filter(pk=student.pk).exists()
    assert "Zorblat reply" not in _everything()
    assert Enrolment.objects.filter(student=other).exists()
    assert other.responses.get().versions.count() == 1


def test_deleting_keeps_classmates_replies_under_an_emptied_answer(classwork, teacher):
    """A classmate's reply is the classmate's: it survives the deletion, hanging off
    the deleted student's answer, now emptied and held by a placeholder account that
    is in no class and says nothing about who wrote it."""
    assignment, (student, other) = classwork
    kind = other.assignment_replies.get()

    student_delete(user=student)

    kind.refresh_from_db()
    assert kind.text == "Kind reply"
    anchor = kind.response
    holder = anchor.student
    assert holder.username.startswith("deleted-")
    assert not holder.is_active and not holder.has_usable_password()
    assert not Enrolment.objects.filter(student=holder).exists()
    assert (anchor.text, anchor.latest_version_id, anchor.status) == ("", None, "draft")
    assert not anchor.versions.exists() and not anchor.citations.exists()
    dump = _everything()
    for trace in ["Quillon", "Zarthwick", "'qz'", "Answer number 0", "Zorblat"]:
        assert trace not in dump
    # The classmate's export still holds the reply they wrote.
    assert "Kind reply" in json.dumps(student_data_collect(user=other), default=str)


def test_a_teacher_with_classes_cannot_be_deleted_until_they_are_handed_over(
    classwork, teacher
):
    with pytest.raises(StudentDataError, match="hand them over"):
        student_delete(user=teacher)
    assert get_user_model().objects.filter(pk=teacher.pk).exists()


def test_admin_exports_anonymises_and_deletes_from_the_user_list(
    client, staff, classwork
):
    assignment, (student, other) = classwork
    client.force_login(staff)
    url = reverse("admin:accounts_user_changelist")

    download = client.post(
        url, {"action": "export_student_data", "_selected_action": [student.pk]}
    )
    assert download["Content-Disposition"].endswith('student-data-qz.zip"')

    confirm = client.post(
        url, {"action": "anonymise_accounts", "_selected_action": [student.pk]}
    )
    assert "Anonymise these accounts?" in confirm.content.decode()
    student.refresh_from_db()
    assert student.username == "qz"  # nothing happens before confirming
    client.post(
        url,
        {
            "action": "anonymise_accounts",
            "_selected_action": [student.pk],
            "confirm": "yes",
        },
    )
    student.refresh_from_db()
    assert student.username == f"former-user-{student.pk}"

    client.post(
        url,
        {
            "action": "delete_with_data",
            "_selected_action": [other.pk],
            "confirm": "yes",
        },
    )
    assert not get_user_model().objects.filter(pk=other.pk).exists()
