"""The document-based essay's rules in the lesson editor: set beside the prompt,
refused beside their field when impossible."""

from django.urls import reverse

from lessons import services
from lessons.models import Prompt


def _essay(unit) -> Prompt:
    prompt = unit.lessons.get().prompts.get(order=2)
    Prompt.objects.filter(pk=prompt.pk).update(kind="essay")
    prompt.refresh_from_db()
    return prompt


def _post(client, prompt, **rules):
    data = {"text": "Why did the alliance hold?", "skill": "claim_evidence"}
    data |= {"min_citations": "0", "essay_thesis_required": "on"} | rules
    return client.post(reverse("lessons:prompt_edit", kwargs={"pk": prompt.pk}), data)


def test_a_teacher_sets_an_essays_rules(teacher_client, unit):
    prompt = _essay(unit)
    response = _post(
        teacher_client, prompt, essay_min_documents="2", essay_min_sourced="1"
    )
    assert response.status_code == 302
    prompt.refresh_from_db()
    assert (prompt.essay_min_documents, prompt.essay_min_sourced) == (2, 1)
    assert prompt.essay_thesis_required


def test_more_documents_than_the_lesson_has_is_refused_beside_the_field(
    teacher_client, unit
):
    prompt = _essay(unit)
    response = _post(
        teacher_client, prompt, essay_min_documents="3", essay_min_sourced="0"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "This lesson has 2 documents: ask for at most 2." in html
    assert 'id="error_1_id_essay_min_documents"' in html or (
        'aria-invalid="true"' in html and "essay_min_documents" in html
    )
    prompt.refresh_from_db()
    assert prompt.essay_min_documents == 0


def test_sourcing_more_documents_than_must_be_used_is_refused(teacher_client, unit):
    prompt = _essay(unit)
    response = _post(
        teacher_client, prompt, essay_min_documents="1", essay_min_sourced="2"
    )
    assert (
        "Ask students to source at most the 1 document they"
        in response.content.decode()
    )
    prompt.refresh_from_db()
    assert prompt.essay_min_sourced == 0


def test_a_written_answer_ignores_the_essay_rules(unit):
    prompt = unit.lessons.get().prompts.get(order=1)
    services.prompt_update(prompt=prompt, essay_min_documents=0, essay_min_sourced=0)
    prompt.essay_min_documents = 9  # beyond the lesson: not an essay, not checked
    prompt.clean()
