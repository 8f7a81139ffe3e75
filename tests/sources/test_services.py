"""sources.services: what deleting library content refuses, and why."""

import pytest
from django.core.exceptions import ValidationError

from assignments.services.answers import citation_add, response_get_or_create
from sources.services import excerpt_delete, source_delete
from tests.assignments.conftest import build_assignment, enrol


@pytest.mark.django_db
def test_deleting_a_passage_used_in_a_lesson_is_refused_with_a_message(
    teacher_client, teacher
):
    assignment = build_assignment(teacher)
    excerpt = assignment.lesson.lesson_excerpts.first().excerpt
    with pytest.raises(ValidationError, match="used in lessons"):
        excerpt_delete(excerpt=excerpt)
    with pytest.raises(ValidationError, match="used in lessons"):
        source_delete(source=excerpt.source)
    assert type(excerpt).objects.filter(pk=excerpt.pk).exists()


@pytest.mark.django_db
def test_deleting_a_passage_someone_cited_says_why_it_stays(teacher, student):
    assignment = build_assignment(teacher)
    enrol(assignment.classroom, student)
    prompt = assignment.lesson.prompts.first()
    excerpt = assignment.lesson.lesson_excerpts.first().excerpt
    response = response_get_or_create(
        assignment=assignment, prompt=prompt, student=student
    )
    citation_add(response=response, excerpt=excerpt, paragraph=1, quotation="lend")
    with pytest.raises(ValidationError) as refused:
        excerpt_delete(excerpt=excerpt)
    assert refused.value.code in {"cited", "in_use"}
