"""Export, anonymise and delete: the export holds everything about a person;
deleting or anonymising them leaves class figures right."""

import io
import json
import zipfile

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model

from assignments.selectors.reports import assignment_progress
from classrooms.models import Enrolment
from privacy.services import (
    StudentDataError,
    student_anonymise,
    student_data_collect,
    student_data_export,
    student_delete,
)


@pytest.fixture
def classwork(teacher, classwork_build):
    """A class with two students who answered, cited, submitted and replied."""
    return classwork_build(teacher, replies_both_ways=True)


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
    # Had it been an essay, its parts hold the student's words too.
    kind.response.__class__.objects.filter(pk=kind.response_id).update(
        essay={"thesis": "Quillon's thesis"}
    )

    student_delete(user=student)

    kind.refresh_from_db()
    assert kind.text == "Kind reply"
    anchor = kind.response
    holder = anchor.student
    assert holder.username.startswith("deleted-")
    assert not holder.is_active and not holder.has_usable_password()
    assert not Enrolment.objects.filter(student=holder).exists()
    assert (anchor.text, anchor.latest_version_id, anchor.status) == ("", None, "draft")
    assert anchor.essay == {}
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
