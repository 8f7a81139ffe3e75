"""Answers, evidence, drafts and submissions, through the services."""

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from assignments import services
from assignments.models import MAX_ANSWER_CHARS, Response, SubmissionVersion
from assignments.text import quotation_in_paragraph
from tests.assignments.conftest import build_assignment, enrol


def _answer(assignment, student, n=0):
    prompt = assignment.lesson.prompts.order_by("order")[n]
    return services.response_get_or_create(
        assignment=assignment, prompt=prompt, student=student
    )


def _excerpt(assignment, n=0):
    return assignment.lesson.lesson_excerpts.order_by("order")[n].excerpt


def test_assigning_to_two_classes_makes_one_assignment_each(teacher):
    from classrooms.services import classroom_create

    first = build_assignment(teacher)
    other = classroom_create(owner=teacher, name="History", section="P2")
    created = services.assignment_create(
        lesson=first.lesson,
        classrooms=[other],
        created_by=teacher,
        due_at=timezone.now() + timedelta(days=1),
    )
    assert [a.classroom for a in created] == [other]
    assert first.lesson.assignments.count() == 2


def test_due_must_come_after_available(teacher):
    with pytest.raises(ValidationError):
        build_assignment(
            teacher,
            available_from=timezone.now(),
            due_at=timezone.now() - timedelta(hours=1),
        )


@pytest.mark.parametrize(
    "quotation",
    [
        "lend or lease",
        'lease "defense   articles" to',  # straight quotes, extra spaces
        "LEASE “DEFENSE ARTICLES”",
        "The President may lend",  # emphasis in the Markdown
    ],
)
def test_quotation_found_despite_spacing_quotes_and_case(quotation):
    paragraph = "The President may *lend* or lease “defense articles” to any country."
    assert quotation_in_paragraph(quotation, paragraph)


def test_quotation_not_in_paragraph_is_refused_with_a_clear_message(
    assignment, student
):
    response = _answer(assignment, student)
    with pytest.raises(ValidationError) as info:
        services.citation_add(
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
        services.citation_add(
            response=response,
            excerpt=_excerpt(assignment),
            paragraph=1,
            quotation="lend or lease",
        )
    assert response.citations.count() == 1


def test_an_older_draft_save_never_overwrites_a_newer_one(assignment, student):
    response = _answer(assignment, student)
    assert services.response_draft_save(
        response=response, text="newer", revision=2
    ).saved
    late = services.response_draft_save(response=response, text="older", revision=1)
    assert not late.saved
    response.refresh_from_db()
    assert response.text == "newer"
    assert response.revision == 2


def test_control_characters_are_stripped_and_overlong_text_refused(assignment, student):
    response = _answer(assignment, student)
    services.response_draft_save(response=response, text="a\x00b\x07c\r\nd", revision=1)
    response.refresh_from_db()
    assert response.text == "abc\nd"
    with pytest.raises(ValidationError) as info:
        services.response_draft_save(
            response=response, text="x" * (MAX_ANSWER_CHARS + 5), revision=2
        )
    assert "Shorten it by 5 characters" in info.value.messages[0]
    response.refresh_from_db()
    assert response.text == "abc\nd"  # the earlier draft survives


def test_submit_needs_text_and_enough_citations(assignment, student):
    response = _answer(assignment, student)
    with pytest.raises(ValidationError) as info:
        services.response_submit(response=response, idempotency_key=uuid.uuid4())
    assert "Write your answer" in info.value.messages[0]
    services.response_draft_save(response=response, text="My claim.", revision=1)
    with pytest.raises(ValidationError) as info:
        services.response_submit(response=response, idempotency_key=uuid.uuid4())
    assert "at least 1 cited passage and your answer has 0" in info.value.messages[0]


def _ready(assignment, student, text="My claim."):
    response = _answer(assignment, student)
    services.response_draft_save(response=response, text=text, revision=1)
    services.citation_add(
        response=response,
        excerpt=_excerpt(assignment),
        paragraph=1,
        quotation="lend or lease",
    )
    return response


def test_submit_is_idempotent_per_key_and_when_nothing_changed(assignment, student):
    response = _ready(assignment, student)
    key = uuid.uuid4()
    first = services.response_submit(response=response, idempotency_key=key)
    again = services.response_submit(response=response, idempotency_key=key)
    other_tab = services.response_submit(
        response=response, idempotency_key=uuid.uuid4()
    )
    assert first.created and not again.created and not other_tab.created
    assert SubmissionVersion.objects.filter(response=response).count() == 1


def test_resubmitting_keeps_every_version_unchanged(assignment, student):
    response = _ready(assignment, student, text="First thought.")
    services.response_submit(response=response, idempotency_key=uuid.uuid4())
    services.response_draft_save(response=response, text="Second thought.", revision=9)
    services.response_submit(response=response, idempotency_key=uuid.uuid4())
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
    result = services.response_submit(
        response=_ready(assignment, student), idempotency_key=uuid.uuid4()
    )
    assert result.version.is_late


def test_late_refused_says_so_and_keeps_the_draft(teacher, student):
    assignment = build_assignment(
        teacher,
        available_from=timezone.now() - timedelta(days=3),
        due_at=timezone.now() - timedelta(days=1),
        late_work_allowed=False,
    )
    enrol(assignment.classroom, student)
    response = _ready(assignment, student, text="Kept anyway.")
    with pytest.raises(ValidationError) as info:
        services.response_submit(response=response, idempotency_key=uuid.uuid4())
    assert "does not accept late work" in info.value.messages[0]
    assert Response.objects.get(pk=response.pk).text == "Kept anyway."


def test_no_resubmission_after_return_or_close(assignment, student):
    response = _ready(assignment, student)
    services.response_submit(response=response, idempotency_key=uuid.uuid4())
    services.response_return(response=response)
    with pytest.raises(ValidationError, match="returned"):
        services.response_submit(response=response, idempotency_key=uuid.uuid4())
    services.assignment_close(assignment=assignment)
    other = _ready(assignment, enrol(assignment.classroom))
    with pytest.raises(ValidationError, match="closed"):
        services.response_submit(response=other, idempotency_key=uuid.uuid4())


def test_reply_can_be_edited_for_fifteen_minutes_only(assignment, student):
    response = _ready(assignment, student)
    services.response_submit(response=response, idempotency_key=uuid.uuid4())
    classmate = enrol(assignment.classroom)
    reply = services.reply_create(response=response, author=classmate, text="Nice.")
    services.reply_update(reply=reply, user=classmate, text="Nice point.")
    reply.created_at = timezone.now() - timedelta(minutes=16)
    reply.save(update_fields=["created_at"])
    with pytest.raises(ValidationError, match="15 minutes"):
        services.reply_update(reply=reply, user=classmate, text="Changed later.")


def test_an_answer_without_required_evidence_submits(teacher, student):
    assignment = build_assignment(teacher, prompts=1, min_citations=0)
    enrol(assignment.classroom, student)
    response = _answer(assignment, student)
    services.response_draft_save(response=response, text="Just my view.", revision=1)
    result = services.response_submit(response=response, idempotency_key=uuid.uuid4())
    assert result.created and result.version.citations == []
