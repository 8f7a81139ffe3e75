"""Evidence-use signals in the review table: documents cited (n of m),
perspectives covered, sourced or not, and the filter "relied on one document"."""

import uuid

from django.urls import reverse

from assignments.services import answers, grid
from sources.services import source_update
from tests.assignments.conftest import build_assignment, enrol, post_answer


def _assignment(teacher):
    assignment = build_assignment(
        teacher, prompts=1, grid=("Does it show trust?", "Who made it?")
    )
    tags = ["American", "Soviet", "British"]
    for item, tag in zip(
        assignment.lesson.lesson_excerpts.order_by("order"), tags, strict=True
    ):
        source_update(source=item.excerpt.source, perspective=tag)
    return assignment


def _grid_filled(assignment, student):
    response = answers.response_get_or_create(
        assignment=assignment,
        prompt=assignment.lesson.prompts.get(kind="grid"),
        student=student,
    )
    words = ["lend or lease", "shall enter the war", "fight on the beaches"]
    for item, quotation in zip(
        assignment.lesson.lesson_excerpts.order_by("order"), words, strict=True
    ):
        grid.grid_cell_save(
            response=response,
            excerpt=item.excerpt,
            column=1,
            paragraph=1,
            quotation=quotation,
            stance="supports",
            note="Its maker had reasons to say so.",
        )
    grid.grid_submit(response=response, idempotency_key=uuid.uuid4())


def test_the_review_table_shows_evidence_use_and_filters_one_document(
    teacher, teacher_client
):
    assignment = _assignment(teacher)
    one = enrol(assignment.classroom)
    post_answer(one, assignment)  # cites ¶1 of the first excerpt only
    many = enrol(assignment.classroom)
    _grid_filled(assignment, many)
    enrol(assignment.classroom)  # nothing yet
    url = reverse("assignments:review_table", args=[assignment.pk])
    table = teacher_client.get(url).context["table"]
    uses = {row.student_id: row.evidence for row in table.rows}
    assert table.documents_total == 3
    assert len(uses[one.pk].documents) == 1 and uses[one.pk].relied_on_one
    assert uses[one.pk].perspectives == ("American",)
    assert uses[one.pk].sourced == 0
    assert len(uses[many.pk].documents) == 3
    assert uses[many.pk].perspectives == ("American", "Soviet", "British")
    assert uses[many.pk].sourced == 3
    html = teacher_client.get(url).content.decode()
    assert "1 of 3 documents" in html and "3 of 3 documents" in html
    assert "American, Soviet, British" in html
    assert "not sourced" in html and "sourced (3 documents)" in html
    shown = teacher_client.get(url, {"evidence": "one"}).context["table"]
    assert [row.student_id for row in shown.rows] == [one.pk]
