"""The gradebook as a CSV file, safe to open in a spreadsheet."""

import csv
import io
from decimal import Decimal

from django.urls import reverse

from assignments.models import Feedback
from portal.spreadsheets import csv_safe
from tests.assignments.conftest import build_assignment, enrol, post_answer
from tests.builders import StudentFactory


def test_gradebook_csv_canvas_layout_numbers_and_formulas_neutralised(
    teacher_client, teacher
):
    assignment = build_assignment(teacher, prompts=1, points=8)
    assignment.classroom.section = "-P1"
    assignment.classroom.save()
    evil = enrol(
        assignment.classroom,
        StudentFactory(first_name='=HYPERLINK("http://x","y")', last_name="@Sum"),
    )
    plain = enrol(
        assignment.classroom, StudentFactory(first_name="Ann", last_name="Bo")
    )
    Feedback.objects.create(
        response=post_answer(evil, assignment), score=Decimal("6.5"), max_points=8
    )
    post_answer(plain, assignment)
    export = teacher_client.get(
        reverse("assignments:gradebook_csv", args=[assignment.classroom_id])
    )
    assert export["Content-Type"].startswith("text/csv")
    text = export.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    title = f"{assignment.lesson.title} ({assignment.pk})"
    assert rows[0] == ["Student", "ID", "SIS Login ID", "Section", title]
    assert rows[1] == ["Points Possible", "", "", "", "8"]
    by_login = {row[2]: row for row in rows[2:]}
    evil_row = by_login[evil.username]
    assert evil_row[0] == '\'@Sum, =HYPERLINK("http://x","y")'
    assert evil_row[1] == str(evil.pk)
    assert evil_row[3] == "'-P1"
    assert evil_row[4] == "6.5"
    assert by_login[plain.username][4] == ""
    # Numbers are written bare (not quoted), so spreadsheets read them as numbers.
    assert ",6.5\r\n" in text and ",8\r\n" in text


def test_every_formula_start_is_neutralised():
    for start in ["=", "+", "-", "@", "\t", "\r"]:
        assert csv_safe(f"{start}1+1") == f"'{start}1+1"
    assert csv_safe("Plain") == "Plain"
    assert csv_safe(Decimal("7.0")) == Decimal("7")
