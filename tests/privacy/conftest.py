"""What the privacy tests share: a class whose students answered, cited, submitted
and replied, built through the services."""

import uuid

import pytest

from assignments.services import answers as work
from assignments.services.replies import reply_create
from tests.assignments.conftest import build_assignment, enrol
from tests.builders import StudentFactory


def _classwork(teacher, *, replies_both_ways: bool):
    """A class of two students ("qz" Quillon Zarthwick, and Other Pupil) who both
    answered, cited, submitted; the first replied to the second and, with
    ``replies_both_ways``, the second to the first. Returns (assignment, students)."""
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
    reply_create(response=responses[1], author=students[0], text="Zorblat reply")
    if replies_both_ways:
        reply_create(response=responses[0], author=students[1], text="Kind reply")
    return assignment, students


@pytest.fixture
def classwork_build():
    """The builder above, for a test module's own ``classwork`` fixture."""
    return _classwork
