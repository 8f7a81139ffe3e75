"""Feedback, returns and the comment bank, through the services."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from assignments.models import Feedback, Response, SavedComment
from assignments.services import answers
from assignments.services.feedback import (
    FeedbackInput,
    feedback_return,
    feedback_save,
    feedback_save_all,
    saved_comment_create,
)
from tests.assignments.conftest import build_assignment, enrol, post_answer, prompt_of


def _item(response, *, score=None, comment="", version=0):
    return FeedbackInput(
        response=response, score=score, comment=comment, version=version
    )


def test_saving_twice_what_is_stored_keeps_one_version(assignment, student, teacher):
    response = post_answer(student, assignment)
    first = feedback_save(
        item=_item(response, score=Decimal(2), comment="Good.\r\n"),
        max_points=2,
        graded_by=teacher,
        criteria=[],
    )
    again = feedback_save(
        item=_item(response, score=Decimal(2), comment="Good.", version=1),
        max_points=2,
        graded_by=teacher,
        criteria=[],
    )
    assert first.pk == again.pk and again.version == 1
    assert Feedback.objects.get().comment == "Good."


def test_a_score_above_the_share_is_refused(assignment, student, teacher):
    response = post_answer(student, assignment)
    with pytest.raises(ValidationError) as refused:
        feedback_save(
            item=_item(response, score=Decimal(3)),
            max_points=2,
            graded_by=teacher,
            criteria=[],
        )
    assert refused.value.code == "score_range"
    assert not Feedback.objects.exists()


def test_feedback_changed_meanwhile_saves_nothing_and_names_the_lost_comments(
    teacher, student
):
    assignment = build_assignment(teacher, prompts=2, points=4)
    enrol(assignment.classroom, student)
    first = post_answer(student, assignment, n=0)
    second = post_answer(student, assignment, n=1)
    points = {first.prompt_id: 2, second.prompt_id: 2}
    # Another tab saved the first answer's feedback after this page was opened.
    feedback_save(
        item=_item(first, comment="From the other tab."),
        max_points=2,
        graded_by=teacher,
        criteria=[],
    )
    result = feedback_save_all(
        items=[
            _item(first, comment="Mine, first."),
            _item(second, score=Decimal(1), comment="Mine, second."),
        ],
        points=points,
        graded_by=teacher,
        criteria=[],
    )
    assert result.conflict and "changed in another tab" in result.message
    assert result.unsaved_comments == {
        first.prompt_id: "Mine, first.",
        second.prompt_id: "Mine, second.",
    }
    assert list(Feedback.objects.values_list("comment", flat=True)) == [
        "From the other tab."
    ]
    # The same words as the stored ones are not offered to copy.
    same = feedback_save_all(
        items=[_item(first, comment="From the other tab.", score=Decimal(1))],
        points=points,
        graded_by=teacher,
        criteria=[],
    )
    assert same.conflict and same.unsaved_comments == {}


def test_returning_leaves_drafts_and_returned_answers_alone(assignment, teacher):
    posted = post_answer(enrol(assignment.classroom), assignment)
    draft = answers.response_get_or_create(
        assignment=assignment,
        prompt=prompt_of(assignment),
        student=enrol(assignment.classroom),
    )
    assert feedback_return(responses=[posted, draft]) == 1
    assert feedback_return(responses=[posted]) == 0
    posted.refresh_from_db()
    draft.refresh_from_db()
    assert posted.status == Response.Status.RETURNED
    assert draft.status == Response.Status.DRAFT


def test_the_bank_keeps_a_comment_once_and_refuses_an_empty_one(teacher):
    saved_comment_create(owner=teacher, text="  Cite the text.  ")
    saved_comment_create(owner=teacher, text="Cite the text.")
    assert list(SavedComment.objects.values_list("text", flat=True)) == [
        "Cite the text."
    ]
    with pytest.raises(ValidationError) as refused:
        saved_comment_create(owner=teacher, text="   ")
    assert refused.value.code == "empty"
