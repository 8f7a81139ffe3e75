"""The "Submit all answers" step (assignments/views/submitting.py)."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assignments.models import SubmissionVersion
from assignments.services import answers
from tests.assignments.conftest import build_assignment, enrol, post_answer, prompt_of
from tests.assignments.test_selectors_student import ASSIGNMENT_PAGE_QUERIES


def _draft(student, assignment, n, text, *, cite=False):
    response = answers.response_get_or_create(
        assignment=assignment, prompt=prompt_of(assignment, n), student=student
    )
    answers.response_draft_save(response=response, text=text, revision=1)
    if cite:
        answers.citation_add(
            response=response,
            excerpt=assignment.lesson.lesson_excerpts.order_by("order").first().excerpt,
            paragraph=1,
            quotation="lend or lease",
        )
    return response


def test_the_summary_says_which_are_empty_lack_evidence_or_are_ready(client, teacher):
    assignment = build_assignment(teacher, prompts=4)
    student = enrol(assignment.classroom)
    post_answer(student, assignment, "Done already.", n=0)
    _draft(student, assignment, 1, "Ready words.", cite=True)
    _draft(student, assignment, 2, "Words but no evidence.")
    client.force_login(student)
    url = reverse("assignments:submit_all", args=[assignment.pk])
    html = client.get(url).content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "1 answer is ready to submit. 1 is empty. 1 lacks the evidence" in text
    assert "version 1, nothing changed since" in text
    assert "needs at least 1 cited passage; your answer has 0" in text
    assert "Go to question 4" in text and "Go to question 3" in text
    assert "Submit the 1 ready answer" in text


def test_submitting_all_submits_the_ready_ones_once_and_says_so_once(client, teacher):
    assignment = build_assignment(teacher, prompts=3)
    student = enrol(assignment.classroom)
    ready = [_draft(student, assignment, n, f"Ready {n}.", cite=True) for n in (0, 1)]
    client.force_login(student)
    url = reverse("assignments:submit_all", args=[assignment.pk])
    key = "8d0b7a52-61a7-4a4a-9a3e-1c2f2f4f9b10"
    posted = client.post(url, {"idempotency_key": key})
    assert posted.status_code == 302
    assert posted["Location"].endswith("#submit-all-outcome")
    assert SubmissionVersion.objects.filter(response__in=ready).count() == 2
    shown = client.get(url).content.decode()
    assert "Submitted: questions 1, 2." in shown
    assert "data-error-summary" in shown
    # The same step sent again (a double click, a retry) adds nothing.
    client.post(url, {"idempotency_key": key})
    assert SubmissionVersion.objects.filter(response__in=ready).count() == 2
    # Nothing ready: refused, saying why, in place; shown once.
    client.post(url, {"idempotency_key": "1d0b7a52-61a7-4a4a-9a3e-1c2f2f4f9b10"})
    refused = client.get(url).content.decode()
    assert "No answer was ready to submit" in refused
    assert 'role="alert"' in refused
    assert "No answer was ready to submit" not in client.get(url).content.decode()


def test_another_classs_student_gets_404(client, teacher):
    assignment = build_assignment(teacher, prompts=1)
    outsider = enrol(build_assignment(teacher, prompts=1).classroom)
    client.force_login(outsider)
    url = reverse("assignments:submit_all", args=[assignment.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404


def test_the_summary_costs_the_same_for_a_short_and_a_long_lesson(
    client, teacher, django_assert_max_num_queries
):
    counts = []
    for prompts in (1, 8):
        assignment = build_assignment(teacher, prompts=prompts)
        student = enrol(assignment.classroom)
        for n in range(prompts):
            _draft(student, assignment, n, "Some words.", cite=True)
        client.force_login(student)
        url = reverse("assignments:submit_all", args=[assignment.pk])
        with (
            django_assert_max_num_queries(ASSIGNMENT_PAGE_QUERIES),
            CaptureQueriesContext(connection) as ctx,
        ):
            assert client.get(url).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
