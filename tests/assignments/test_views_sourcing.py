"""Source first: an excerpt's text stays out of every page the student can reach
until they have answered the sourcing questions on it; the teacher sees the
answers on the grading page."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assignments.models import Citation, SourcingNote
from assignments.services import answers
from assignments.services.grid import grid_cell_save
from assignments.sourcing import SOURCING_QUESTIONS
from lessons import services as lesson_services
from tests.assignments.conftest import build_assignment, enrol, post_answer, prompt_of
from tests.builders import StudentFactory

FIRST_WORDS = "lease “defense articles”"
FIRST_TEXT = "The President may"
ANSWERS = {
    "who": "It was made by Congress, who passed the law.",
    "when": "It was made in March 1941, before the United States was at war.",
    "audience": "It was meant for the President and for the countries it helped.",
    "purpose": "Its maker wanted to let the President send war supplies abroad.",
    "trust": "For this question I would trust it, since it is the law itself.",
}


def _source_first(teacher, student):
    assignment = build_assignment(teacher)
    assignment.lesson.source_first = True
    assignment.lesson.save(update_fields=["source_first"])
    enrol(assignment.classroom, student)
    return assignment


def _first_excerpt(assignment):
    return assignment.lesson.lesson_excerpts.order_by("order").first().excerpt


def _page(client, assignment) -> str:
    url = reverse("assignments:assignment_detail", args=[assignment.pk])
    return client.get(url).content.decode()


def _save_url(assignment, excerpt):
    return reverse("assignments:sourcing_save", args=[assignment.pk, excerpt.pk])


def test_the_text_is_absent_until_the_sourcing_answers_are_saved(
    client, teacher, student
):
    assignment = _source_first(teacher, student)
    excerpt = _first_excerpt(assignment)
    client.force_login(student)
    html = _page(client, assignment)
    # Not hidden: not there. Citation line, headnote and questions are.
    assert FIRST_TEXT not in html
    assert "Weapons and supplies." not in html  # its glossary too
    assert excerpt.source.title in html
    for question in SOURCING_QUESTIONS:
        assert f'name="{question.field}"' in html
    assert f"{question.starter} </textarea>" in html
    # The paragraph anchors (the sentence list for keyboard citing reads them).
    assert f'id="ex-{excerpt.pk}-p1"' not in html

    posted = client.post(
        _save_url(assignment, excerpt), {**ANSWERS, "student": student.pk}
    )
    assert posted.status_code == 302
    assert posted["Location"].endswith(f"#ex-{excerpt.pk}-opened")
    html = client.get(posted["Location"]).content.decode()
    assert FIRST_TEXT in html
    assert f'id="ex-{excerpt.pk}-p1"' in html
    assert "Your sourcing answers are saved" in html
    note = SourcingNote.objects.get(assignment=assignment, student=student)
    assert note.when == ANSWERS["when"]
    # The other excerpts stay closed.
    second = assignment.lesson.lesson_excerpts.order_by("order")[1].excerpt
    assert "The Soviet Union shall enter the war" not in html
    assert f'action="{_save_url(assignment, second)}"' in html


def test_a_refusal_comes_back_beside_its_question_with_every_answer_kept(
    client, teacher, student
):
    assignment = _source_first(teacher, student)
    excerpt = _first_excerpt(assignment)
    client.force_login(student)
    sent = {
        **ANSWERS,
        "audience": "",
        "purpose": "Its maker wanted to",
        "student": student.pk,
    }
    posted = client.post(_save_url(assignment, excerpt), sent)
    assert posted["Location"].endswith(f"#ex-{excerpt.pk}-audience-error")
    html = client.get(posted["Location"]).content.decode()
    assert f'id="ex-{excerpt.pk}-audience-error"' in html
    assert f'id="ex-{excerpt.pk}-purpose-error"' in html
    assert "Finish the sentence" in html
    assert ANSWERS["who"] in html and ANSWERS["trust"] in html
    assert FIRST_TEXT not in html
    assert not SourcingNote.objects.exists()


def test_citing_a_closed_text_is_refused_on_every_path(client, teacher, student):
    assignment = _source_first(teacher, student)
    excerpt = _first_excerpt(assignment)
    prompt = prompt_of(assignment)
    client.force_login(student)
    args = [assignment.pk, prompt.pk]
    data = {"excerpt": excerpt.pk, "paragraph": 1, "quotation": "The President may"}
    refused = client.post(reverse("assignments:citation_create", args=args), data)
    assert refused.status_code == 400
    assert "sourcing questions" in refused.json()["message"]
    # The same answer for words that are not there: the closed text is no oracle.
    probe = client.post(
        reverse("assignments:citation_create", args=args),
        {**data, "quotation": "words that are nowhere"},
    )
    assert probe.json() == refused.json()
    by_hand = client.post(
        reverse("assignments:response_cite", args=args), {**data, "text": "Mine."}
    )
    html = client.get(by_hand["Location"]).content.decode()
    assert "sourcing questions" in html
    assert not Citation.objects.exists()
    # Opened: citing works.
    client.post(_save_url(assignment, excerpt), {**ANSWERS, "student": student.pk})
    ok = client.post(reverse("assignments:citation_create", args=args), data)
    assert ok.status_code == 200


def test_classmates_quotations_from_a_closed_text_are_not_shown(
    client, teacher, student
):
    assignment = build_assignment(teacher, min_citations=0)
    assignment.lesson.source_first = True
    assignment.lesson.save(update_fields=["source_first"])
    enrol(assignment.classroom, student)
    excerpt = _first_excerpt(assignment)
    classmate = enrol(assignment.classroom, StudentFactory())
    client.force_login(classmate)
    client.post(_save_url(assignment, excerpt), {**ANSWERS, "student": classmate.pk})
    post_answer(classmate, assignment, quote="lend or lease")
    # The student posts an answer without evidence, which opens the discussion.
    response = answers.response_get_or_create(
        assignment=assignment, prompt=prompt_of(assignment), student=student
    )
    answers.response_draft_save(response=response, text="My view.", revision=1)
    answers.response_submit(response=response, idempotency_key=uuid.uuid4())
    client.force_login(student)
    url = reverse(
        "assignments:discussion", args=[assignment.pk, prompt_of(assignment).pk]
    )
    html = client.get(url).content.decode()
    assert "lend or lease" not in html
    assert "a text you have not opened yet" in html
    # Once the student has sourced it, the quotation shows.
    client.post(_save_url(assignment, excerpt), {**ANSWERS, "student": student.pk})
    assert "lend or lease" in client.get(url).content.decode()


def test_the_teacher_preview_shows_every_text_and_grading_shows_the_answers(
    client, teacher, student
):
    assignment = _source_first(teacher, student)
    excerpt = _first_excerpt(assignment)
    client.force_login(student)
    client.post(_save_url(assignment, excerpt), {**ANSWERS, "student": student.pk})
    client.force_login(teacher)
    preview = reverse("lessons:lesson_preview", args=[assignment.lesson.pk])
    assert FIRST_TEXT in client.get(preview).content.decode()
    grading = reverse("assignments:grading", args=[assignment.pk, student.pk])
    html = client.get(grading).content.decode()
    assert "what the student answered before reading" in html
    assert ANSWERS["purpose"] in html
    assert "Not sourced yet" in html  # the two excerpts not opened yet


def test_a_lesson_without_source_first_refuses_the_sourcing_form(
    client, teacher, student
):
    assignment = build_assignment(teacher)
    enrol(assignment.classroom, student)
    client.force_login(student)
    excerpt = _first_excerpt(assignment)
    assert FIRST_TEXT in _page(client, assignment)
    posted = client.post(
        _save_url(assignment, excerpt), {**ANSWERS, "student": student.pk}
    )
    assert posted.status_code == 404


def test_a_grid_cell_of_a_closed_text_is_refused_before_its_words_are_checked(
    teacher, student
):
    assignment = _source_first(teacher, student)
    grid = lesson_services.prompt_create(
        lesson=assignment.lesson,
        text="Weigh the documents",
        skill="corroboration",
        kind="grid",
        grid_questions="What held it?\nWhat broke it?",
    )
    excerpt = _first_excerpt(assignment)
    response = answers.response_get_or_create(
        assignment=assignment, prompt=grid, student=student
    )
    cell = {
        "response": response,
        "excerpt": excerpt,
        "column": 1,
        "paragraph": 1,
        "stance": "supports",
        "note": "The law itself.",
    }
    with pytest.raises(ValidationError) as refused:
        grid_cell_save(**cell, quotation="The President may")
    assert "sourcing questions" in refused.value.messages[0]
    with pytest.raises(ValidationError) as probe:
        grid_cell_save(**cell, quotation="words that are nowhere")
    assert probe.value.messages == refused.value.messages
    SourcingNote.objects.create(
        assignment=assignment, student=student, excerpt=excerpt, **ANSWERS
    )
    assert grid_cell_save(**cell, quotation="The President may").cell.quotation_found
