"""Answers, evidence, drafts and submissions, through the services."""

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from assignments.models import MAX_ANSWER_CHARS, Response, SubmissionVersion
from assignments.services import answers
from assignments.services.assignments import assignment_close
from tests.assignments.conftest import build_assignment, build_past_due, enrol


def _answer(assignment, student, n=0):
    prompt = assignment.lesson.prompts.order_by("order")[n]
    return answers.response_get_or_create(
        assignment=assignment, prompt=prompt, student=student
    )


def _excerpt(assignment, n=0):
    return assignment.lesson.lesson_excerpts.order_by("order")[n].excerpt


def test_quotation_not_in_paragraph_is_refused_with_a_clear_message(
    assignment, student
):
    response = _answer(assignment, student)
    with pytest.raises(ValidationError) as info:
        answers.citation_add(
            response=response,
            excerpt=_excerpt(assignment),
            paragraph=2,  # the words are in ¶1
            quotation="lend or lease",
        )
    assert "not in ¶2 of “Passage 0”" in info.value.messages[0]
    assert not response.citations.exists()


def test_citing_twice_keeps_one_citation(assignment, student):
    response = _answer(assignment, student)
    for _ in range(2):
        answers.citation_add(
            response=response,
            excerpt=_excerpt(assignment),
            paragraph=1,
            quotation="lend or lease",
        )
    assert response.citations.count() == 1


def test_an_older_draft_save_never_overwrites_a_newer_one(assignment, student):
    response = _answer(assignment, student)
    assert answers.response_draft_save(
        response=response, text="newer", revision=2
    ).saved
    late = answers.response_draft_save(response=response, text="older", revision=1)
    assert not late.saved
    response.refresh_from_db()
    assert response.text == "newer"
    assert response.revision == 2


def test_control_characters_are_stripped_and_overlong_text_refused(assignment, student):
    response = _answer(assignment, student)
    answers.response_draft_save(response=response, text="a\x00b\x07c\r\nd", revision=1)
    response.refresh_from_db()
    assert response.text == "abc\nd"
    with pytest.raises(ValidationError) as info:
        answers.response_draft_save(
            response=response, text="x" * (MAX_ANSWER_CHARS + 5), revision=2
        )
    assert "Shorten it by 5 characters" in info.value.messages[0]
    response.refresh_from_db()
    assert response.text == "abc\nd"  # the earlier draft survives


def test_submit_needs_text_and_enough_citations(assignment, student):
    response = _answer(assignment, student)
    with pytest.raises(ValidationError) as info:
        answers.response_submit(response=response, idempotency_key=uuid.uuid4())
    assert "Write your answer" in info.value.messages[0]
    answers.response_draft_save(response=response, text="My claim.", revision=1)
    with pytest.raises(ValidationError) as info:
        answers.response_submit(response=response, idempotency_key=uuid.uuid4())
    assert "at least 1 cited passage and your answer has 0" in info.value.messages[0]


def _ready(assignment, student, text="My claim."):
    response = _answer(assignment, student)
    answers.response_draft_save(response=response, text=text, revision=1)
    answers.citation_add(
        response=response,
        excerpt=_excerpt(assignment),
        paragraph=1,
        quotation="lend or lease",
    )
    return response


def test_submit_is_idempotent_per_key_and_when_nothing_changed(assignment, student):
    response = _ready(assignment, student)
    key = uuid.uuid4()
    first = answers.response_submit(response=response, idempotency_key=key)
    again = answers.response_submit(response=response, idempotency_key=key)
    other_tab = answers.response_submit(response=response, idempotency_key=uuid.uuid4())
    assert first.created and not again.created and not other_tab.created
    assert SubmissionVersion.objects.filter(response=response).count() == 1


def test_resubmitting_keeps_every_version_unchanged(assignment, student):
    response = _ready(assignment, student, text="First thought.")
    answers.response_submit(response=response, idempotency_key=uuid.uuid4())
    answers.response_draft_save(response=response, text="Second thought.", revision=9)
    answers.response_submit(response=response, idempotency_key=uuid.uuid4())
    versions = list(response.versions.order_by("number").values_list("number", "text"))
    assert versions == [(1, "First thought."), (2, "Second thought.")]
    assert response.versions.first().citations[0]["quotation"] == "lend or lease"


def test_late_submission_is_kept_and_flagged(teacher, student):
    assignment = build_assignment(
        teacher,
        available_from=timezone.now() - timedelta(days=3),
        due_at=timezone.now() - timedelta(days=1),
    )
    enrol(assignment.classroom, student)
    result = answers.response_submit(
        response=_ready(assignment, student), idempotency_key=uuid.uuid4()
    )
    assert result.version.is_late


def test_late_refused_says_so_and_keeps_the_draft(teacher, student):
    assignment = build_past_due(teacher, student)
    response = _ready(assignment, student, text="Kept anyway.")
    with pytest.raises(ValidationError) as info:
        answers.response_submit(response=response, idempotency_key=uuid.uuid4())
    assert "does not accept late work" in info.value.messages[0]
    assert Response.objects.get(pk=response.pk).text == "Kept anyway."


def test_no_resubmission_after_return_or_close(assignment, student):
    response = _ready(assignment, student)
    answers.response_submit(response=response, idempotency_key=uuid.uuid4())
    answers.response_return(response=response)
    with pytest.raises(ValidationError, match="returned"):
        answers.response_submit(response=response, idempotency_key=uuid.uuid4())
    assignment_close(assignment=assignment)
    other = _ready(assignment, enrol(assignment.classroom))
    with pytest.raises(ValidationError, match="closed"):
        answers.response_submit(response=other, idempotency_key=uuid.uuid4())


def test_an_answer_without_required_evidence_submits(teacher, student):
    assignment = build_assignment(teacher, prompts=1, min_citations=0)
    enrol(assignment.classroom, student)
    response = _answer(assignment, student)
    answers.response_draft_save(response=response, text="Just my view.", revision=1)
    result = answers.response_submit(response=response, idempotency_key=uuid.uuid4())
    assert result.created and result.version.citations == []


def test_a_form_from_an_older_page_conflicts_only_when_its_words_differ(
    assignment, student
):
    response = _answer(assignment, student)
    opened_at = response.revision
    answers.response_draft_save(response=response, text="Newer.", revision=5)
    same = answers.response_form_text_save(
        response=response, text="Newer.", revision=opened_at
    )
    assert not same.conflict
    clash = answers.response_form_text_save(
        response=response, text="Older\r\nwords.", revision=opened_at
    )
    assert clash.conflict and clash.sent_text == "Older\nwords."
    assert "changed in another tab" in clash.message
    assert Response.objects.get(pk=response.pk).text == "Newer."
    current = answers.response_form_text_save(
        response=response, text="Newest.", revision=5
    )
    assert not current.conflict
    assert Response.objects.get(pk=response.pk).text == "Newest."
    assert not answers.response_form_text_save(
        response=response, text=None, revision=0
    ).conflict


def test_an_answer_returned_for_revision_is_revised_and_resubmitted(teacher, student):
    assignment = build_past_due(teacher, student)  # late work refused, due yesterday
    response = _ready(assignment, student, text="Aid came late.")
    # Submitted on time (before the due date moved into the past).
    version = SubmissionVersion.objects.create(
        response=response,
        number=1,
        text="Aid came late.",
        citations=answers._evidence_snapshot(response),
        idempotency_key=uuid.uuid4(),
    )
    Response.objects.filter(pk=response.pk).update(
        status=Response.Status.SUBMITTED, latest_version=version
    )
    response.refresh_from_db()
    answers.response_return_for_revision(response=response)
    response.refresh_from_db()
    assert response.is_for_revision and response.returned_at

    # The same words again are refused: a revision changes something.
    with pytest.raises(ValidationError) as info:
        answers.response_submit(response=response, idempotency_key=uuid.uuid4())
    assert info.value.code == "unrevised"
    assert "returned for revision" in info.value.messages[0]

    # Revised: accepted past the due time, not marked late, both versions kept.
    answers.response_draft_save(
        response=response, text="Aid came late but it mattered.", revision=9
    )
    done = answers.response_submit(response=response, idempotency_key=uuid.uuid4())
    assert done.created and done.version.number == 2 and not done.version.is_late
    response.refresh_from_db()
    assert response.status == Response.Status.SUBMITTED
    assert list(response.versions.values_list("text", flat=True)) == [
        "Aid came late.",
        "Aid came late but it mattered.",
    ]


def test_only_a_submitted_answer_goes_back_for_revision_and_closing_still_stops_it(
    assignment, student
):
    response = _ready(assignment, student)
    with pytest.raises(ValidationError, match="Only a submitted answer"):
        answers.response_return_for_revision(response=response)
    answers.response_submit(response=response, idempotency_key=uuid.uuid4())
    answers.response_return_for_revision(response=response)
    assignment_close(assignment=assignment)
    answers.response_draft_save(response=response, text="Changed.", revision=20)
    with pytest.raises(ValidationError, match="closed"):
        answers.response_submit(response=response, idempotency_key=uuid.uuid4())
