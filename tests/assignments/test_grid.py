"""The evidence grid: the prompt kind in the lesson editor, a student's cells
(kept as typed, quotations checked as citations are), submitting the grid like an
answer, and the teacher's class grid."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assignments.models import GridCell, SubmissionVersion
from assignments.selectors.reports import citation_map
from assignments.services import answers, grid
from lessons import services as lessons
from tests.assignments.conftest import build_assignment, enrol
from tests.builders import TeacherFactory

QUESTIONS = ("Does it show trust between the allies?", "Who made it, and why?")
# Words of ¶1 of each of the builder's three excerpts.
WORDS = [
    "lend or lease",
    "The Soviet Union shall enter the war against Japan",
    "We shall fight on the beaches",
]


def _grid_assignment(teacher, student=None, **fields):
    assignment = build_assignment(teacher, prompts=0, grid=QUESTIONS, **fields)
    if student is not None:
        enrol(assignment.classroom, student)
    return assignment


def _rows(assignment):
    return [
        item.excerpt for item in assignment.lesson.lesson_excerpts.order_by("order")
    ]


def _response(assignment, student):
    return answers.response_get_or_create(
        assignment=assignment,
        prompt=assignment.lesson.prompts.get(),
        student=student,
    )


def _fill(response, excerpt, column, quotation, *, paragraph=1, stance="supports"):
    return grid.grid_cell_save(
        response=response,
        excerpt=excerpt,
        column=column,
        paragraph=paragraph,
        quotation=quotation,
        stance=stance,
        note="A government statement, so it says what the state wanted known.",
    )


def _fill_all(assignment, student, stance="supports"):
    response = _response(assignment, student)
    for excerpt, words in zip(_rows(assignment), WORDS, strict=True):
        for column in (1, 2):
            _fill(response, excerpt, column, words, stance=stance)
    return response


# --- the lesson editor --------------------------------------------------------------


def test_a_grid_needs_two_excerpts_and_its_sub_questions(teacher):
    unit = lessons.unit_create(owner=teacher, title="U")
    lesson = lessons.lesson_create(unit=unit, title="L")
    with pytest.raises(ValidationError) as refused:
        lessons.prompt_create(
            lesson=lesson, text="Weigh", skill="open", kind="grid", grid_questions=""
        )
    assert "this lesson has 0" in refused.value.message_dict["kind"][0]
    assert "sub-questions" in refused.value.message_dict["grid_questions"][0]


def test_the_editor_refuses_a_grid_beside_the_kind_field_keeping_the_words(
    teacher, teacher_client
):
    unit = lessons.unit_create(owner=teacher, title="U")
    lesson = lessons.lesson_create(unit=unit, title="L")
    page = teacher_client.post(
        reverse("lessons:prompt_create", args=[lesson.pk]),
        {
            "text": "Weigh the documents",
            "kind": "grid",
            "skill": "corroboration",
            "min_citations": 1,
            "grid_questions": "Who made it?\nIs it trustworthy?",
        },
    )
    assert page.status_code == 422
    html = page.content.decode()
    assert "An evidence grid compares documents" in html
    assert 'id="error_1_id_kind"' in html or "is-invalid" in html
    assert "Who made it?\nIs it trustworthy?" in html
    assert not lesson.prompts.exists()


def test_the_editor_saves_a_grid_with_its_sub_questions(teacher, teacher_client):
    assignment = build_assignment(teacher, prompts=1)
    lesson = assignment.lesson
    prompt = lesson.prompts.get()
    teacher_client.post(
        reverse("lessons:prompt_edit", args=[prompt.pk]),
        {
            "text": "Weigh",
            "kind": "grid",
            "skill": "corroboration",
            "min_citations": 2,
            "grid_questions": " Who made it? \n\nWhy?\n",
        },
    )
    prompt.refresh_from_db()
    assert prompt.kind == "grid"
    assert prompt.grid_question_list == ["Who made it?", "Why?"]


# --- the student's cells ----------------------------------------------------------


def test_a_cell_keeps_words_not_in_the_paragraph_and_says_so(teacher, student):
    assignment = _grid_assignment(teacher, student)
    response = _response(assignment, student)
    first = _rows(assignment)[0]
    saved = _fill(response, first, 1, "words nobody wrote")
    assert not saved.cell.quotation_found
    assert saved.problem_field == "quotation"
    assert "not in ¶1" in saved.problem
    assert GridCell.objects.get().quotation == "words nobody wrote"
    saved = _fill(response, first, 1, "LEND  or lease")
    assert saved.cell.quotation_found and not saved.problem
    assert GridCell.objects.count() == 1


def test_a_cell_of_another_lesson_or_column_is_refused(teacher, student):
    assignment = _grid_assignment(teacher, student)
    other = build_assignment(teacher, prompts=0, grid=QUESTIONS)
    response = _response(assignment, student)
    with pytest.raises(ValidationError):
        _fill(response, _rows(other)[0], 1, "lend or lease")
    with pytest.raises(ValidationError):
        _fill(response, _rows(assignment)[0], 3, "lend or lease")


def test_submitting_the_grid_is_idempotent_and_keeps_versions(teacher, student):
    assignment = _grid_assignment(teacher, student)
    response = _fill_all(assignment, student)
    key = uuid.uuid4()
    first = grid.grid_submit(response=response, idempotency_key=key)
    again = grid.grid_submit(response=response, idempotency_key=key)
    assert first.created and not again.created
    assert SubmissionVersion.objects.count() == 1
    evidence = first.version.citations
    assert len(evidence) == 6
    assert {e["stance"] for e in evidence} == {"supports"}
    assert evidence[0]["quotation"] == "lend or lease"
    assert "lend or lease" in first.version.text
    _fill(response, _rows(assignment)[2], 2, WORDS[2], stance="complicates")
    second = grid.grid_submit(response=response, idempotency_key=uuid.uuid4())
    assert second.version.number == 2


def test_submitting_refuses_a_half_filled_cell_naming_it(teacher, student):
    assignment = _grid_assignment(teacher, student)
    response = _response(assignment, student)
    _fill(response, _rows(assignment)[1], 2, WORDS[1], stance="")
    with pytest.raises(ValidationError) as refused:
        grid.grid_submit(response=response, idempotency_key=uuid.uuid4())
    message = refused.value.messages[0]
    assert "Passage 1" in message and "sub-question 2" in message
    assert "stance" in message
    assert not SubmissionVersion.objects.exists()


def test_a_written_answers_submit_refuses_a_grid(teacher, student):
    assignment = _grid_assignment(teacher, student)
    response = _fill_all(assignment, student)
    with pytest.raises(ValidationError):
        answers.response_submit(response=response, idempotency_key=uuid.uuid4())


# --- the student's page -------------------------------------------------------------


def _cell_url(assignment, excerpt, column, name="grid_cell_save"):
    prompt = assignment.lesson.prompts.get()
    return reverse(
        f"assignments:{name}", args=[assignment.pk, prompt.pk, excerpt.pk, column]
    )


def test_a_refused_cell_comes_back_beside_its_field_with_the_words(
    teacher, student, student_client
):
    assignment = _grid_assignment(teacher, student)
    excerpt = _rows(assignment)[0]
    data = {
        "student": student.pk,
        "paragraph": "1",
        "quotation": "not in the text",
        "stance": "contradicts",
        "note": "A law, so official.",
    }
    posted = student_client.post(_cell_url(assignment, excerpt, 1), data)
    anchor = f"grid-{assignment.lesson.prompts.get().pk}-{excerpt.pk}-1-quotation-error"
    assert posted.status_code == 302 and posted["Location"].endswith(f"#{anchor}")
    html = student_client.get(posted["Location"]).content.decode()
    assert f'id="{anchor}"' in html
    assert 'role="alert"' in html and 'data-focus="' + anchor in html
    assert "not in the text</textarea>" in html
    # With htmx: the cell alone, the refusal in place.
    swapped = student_client.post(
        _cell_url(assignment, excerpt, 1), data, headers={"HX-Request": "true"}
    )
    assert f'id="{anchor}"' in swapped.content.decode()
    assert "<html" not in swapped.content.decode()


def test_the_autosave_answers_json_and_keeps_the_cell(teacher, student, student_client):
    assignment = _grid_assignment(teacher, student)
    excerpt = _rows(assignment)[1]
    answer = student_client.post(
        _cell_url(assignment, excerpt, 2, "grid_cell_autosave"),
        {"student": student.pk, "paragraph": "1", "quotation": WORDS[1]},
    )
    assert answer.status_code == 200
    assert answer.json()["found"] is True
    assert GridCell.objects.get().column == 2


def test_another_class_grid_answers_404_to_its_non_members(
    teacher, student, student_client, client
):
    assignment = _grid_assignment(teacher)  # the student is not in this class
    excerpt = _rows(assignment)[0]
    posted = student_client.post(
        _cell_url(assignment, excerpt, 1), {"student": student.pk, "quotation": "x"}
    )
    assert posted.status_code == 404
    client.force_login(TeacherFactory())
    assert client.get(_class_grid_url(assignment)).status_code == 404


def test_the_grid_page_submits_like_an_answer(teacher, student, student_client):
    assignment = _grid_assignment(teacher, student)
    _fill_all(assignment, student)
    prompt = assignment.lesson.prompts.get()
    url = reverse("assignments:grid_submit", args=[assignment.pk, prompt.pk])
    key = str(uuid.uuid4())
    for _ in range(2):
        student_client.post(url, {"student": student.pk, "idempotency_key": key})
    assert SubmissionVersion.objects.count() == 1
    html = student_client.get(
        reverse("assignments:assignment_detail", args=[assignment.pk])
    ).content.decode()
    assert "Submitted · version 1" in html


# --- the teacher's class grid --------------------------------------------------------


def _class_grid_url(assignment, **query):
    prompt = assignment.lesson.prompts.get()
    url = reverse("assignments:class_grid", args=[assignment.pk, prompt.pk])
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def _class_of(teacher, size):
    assignment = _grid_assignment(teacher)
    for n in range(size):
        student = enrol(assignment.classroom)
        response = _fill_all(
            assignment, student, stance="supports" if n % 2 else "contradicts"
        )
        grid.grid_submit(response=response, idempotency_key=uuid.uuid4())
    return assignment


def test_the_class_grid_counts_stances_and_opens_a_cell_in_context(
    teacher, teacher_client
):
    assignment = _class_of(teacher, 3)
    excerpt = _rows(assignment)[0]
    html = teacher_client.get(_class_grid_url(assignment)).content.decode()
    assert "3 of 3 students have submitted their grid" in html
    assert "Open the 3 quotations" in html
    opened = teacher_client.get(
        _class_grid_url(assignment, row=excerpt.pk, col=1)
    ).content.decode()
    # ¶1 of the first excerpt, with the quoted words marked.
    assert "<mark>lend or lease</mark>" in opened
    assert "The President may" in opened
    assert opened.count('class="opened-entry') == 3


# The class grid's page: the session and the viewer, the assignment and prompt,
# the lesson's documents, the submitted grids, the class size; +1 with a cell open
# (its students' names); the bell's count in the header. Measured 8 and 9, the
# same for 5 and 200 students.
CLASS_GRID_QUERIES = 9


@pytest.mark.parametrize("opened", [False, True])
def test_the_class_grid_costs_the_same_for_5_and_200_students(
    teacher, teacher_client, opened
):
    counts = []
    for size in (5, 200):
        assignment = _class_of(teacher, size)
        query = {"row": _rows(assignment)[0].pk, "col": 1} if opened else {}
        url = _class_grid_url(assignment, **query)
        teacher_client.get(url)  # warm the session and caches
        with CaptureQueriesContext(connection) as queries:
            assert teacher_client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[1] <= CLASS_GRID_QUERIES


def test_the_grading_page_reads_a_submitted_grid_with_its_quotations(
    teacher, teacher_client
):
    assignment = _grid_assignment(teacher)
    student = enrol(assignment.classroom)
    response = _fill_all(assignment, student, stance="complicates")
    grid.grid_submit(response=response, idempotency_key=uuid.uuid4())
    page = teacher_client.get(
        reverse("assignments:grading", args=[assignment.pk, student.pk])
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "Complicates" in html
    assert "lend or lease" in html


def test_the_citation_map_counts_the_grids_quotations(teacher):
    assignment = _class_of(teacher, 3)
    mapped = citation_map(assignment=assignment, user=teacher)
    assert [entry.paragraphs[0].students for entry in mapped.excerpts] == [3, 3, 3]
    assert mapped.posted_students == 3
