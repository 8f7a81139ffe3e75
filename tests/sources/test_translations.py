"""Translations of an excerpt (sources.models.ExcerptTranslation): a teacher adds
one paragraph by paragraph; the reader shows it beside the original, each version
labelled and marked with its language; a student cites from it and the teacher
sees the translated words with the original paragraph they stand for."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assignments.services import answers
from packages.services import unit_package_export, unit_package_import
from sources.services import excerpt_translation_save
from tests.assignments.conftest import build_assignment, enrol, grading_url, prompt_of
from tests.builders import passage_build

SPANISH = (
    "El Presidente puede *prestar* o arrendar «artículos de defensa» a cualquier país."
    "\n\nCuya defensa el Presidente considere vital para la de Estados Unidos."
)


def _urls(excerpt, language="es"):
    args = {"slug": excerpt.source.slug, "excerpt_slug": excerpt.slug}
    return (
        reverse("sources:translation_create", kwargs=args),
        reverse("sources:translation_edit", kwargs={**args, "language": language}),
        reverse("sources:translation_delete", kwargs={**args, "language": language}),
    )


def test_a_teacher_adds_a_spanish_translation_and_the_reader_shows_it(
    teacher_client, teacher
):
    excerpt = passage_build(owner=teacher, text="First words.\n\nSecond words.")
    create, edit, delete = _urls(excerpt)
    page = teacher_client.get(excerpt.get_absolute_url()).content.decode()
    assert create in page
    form = teacher_client.get(create).content.decode()
    assert 'lang="en"' in form and "Second words." in form  # the original beside
    assert '<option value="es">Spanish</option>' in form

    response = teacher_client.post(
        create, {"language": "es", "text": "Primeras palabras.\n\nSegundas palabras."}
    )
    assert response.status_code == 302
    page = teacher_client.get(response["Location"]).content.decode()
    assert "The Spanish translation is saved." in page
    assert 'data-translation-toggle="es"' in page
    assert "Show the Spanish translation" in page
    assert '<div class="para-translated" lang="es" data-language="es">' in page
    assert "Translation · Spanish" in page
    assert "Original · English" in page
    assert '<div class="para-original" lang="en">' in page
    assert edit in page and "Segundas palabras." in page

    # Changing its words keeps its language; deleting asks first.
    teacher_client.post(edit, {"text": "Uno.\n\nDos."})
    assert excerpt.translations.get().text == "Uno.\n\nDos."
    assert (
        "Delete the Spanish translation" in teacher_client.get(delete).content.decode()
    )
    teacher_client.post(delete)
    assert not excerpt.translations.exists()


def test_a_translation_with_another_number_of_paragraphs_is_refused_beside_the_field(
    teacher_client, teacher
):
    excerpt = passage_build(owner=teacher, text="One.\n\nTwo.")
    create, _edit, _delete = _urls(excerpt)
    page = teacher_client.post(create, {"language": "es", "text": "Solo uno."})
    assert page.status_code == 200
    text = page.content.decode()
    assert "The translation has 1 paragraphs but the original has 2" in text
    assert "Solo uno." in text  # the words typed are kept
    assert not excerpt.translations.exists()
    # Not into the passage's own language, nor an unknown one.
    for language in ["en", "xx"]:
        with pytest.raises(ValidationError):
            excerpt_translation_save(
                excerpt=excerpt, language=language, text="A.\n\nB."
            )


def test_someone_else_s_passage_answers_404(client, other_teacher, teacher):
    excerpt = passage_build(owner=teacher, text="One.")
    excerpt_translation_save(excerpt=excerpt, language="es", text="Uno.")
    client.force_login(other_teacher)
    for url in _urls(excerpt):
        assert client.get(url).status_code == 404


def _spanish_assignment(teacher, student):
    assignment = build_assignment(teacher, prompts=1)
    enrol(assignment.classroom, student)
    excerpt = assignment.lesson.lesson_excerpts.order_by("order").first().excerpt
    excerpt_translation_save(excerpt=excerpt, language="es", text=SPANISH)
    return assignment, excerpt


def test_a_student_cites_the_translation_and_the_teacher_sees_both(
    client, teacher, student
):
    assignment, excerpt = _spanish_assignment(teacher, student)
    client.force_login(student)
    page = client.get(reverse("assignments:assignment_detail", args=[assignment.pk]))
    assert 'lang="es" data-language="es"' in page.content.decode()

    url = reverse(
        "assignments:citation_create", args=[assignment.pk, prompt_of(assignment).pk]
    )
    sent = {"excerpt": excerpt.pk, "paragraph": 1, "language": "es"}
    refused = client.post(url, {**sent, "quotation": "lend or lease"})
    assert refused.status_code == 400  # English words are not in the Spanish ¶1
    assert "not in ¶1" in refused.json()["message"]
    cited = client.post(url, {**sent, "quotation": "prestar o arrendar"})
    assert cited.status_code == 200, cited.content
    data = cited.json()
    assert "(from the Spanish translation)" in data["message"]
    assert (
        'lang="es"' in data["html"] and "from the Spanish translation" in data["html"]
    )

    response = answers.response_get_or_create(
        assignment=assignment, prompt=prompt_of(assignment), student=student
    )
    citation = response.citations.get()
    assert (citation.paragraph, citation.language) == (1, "es")
    answers.response_draft_save(response=response, text="Mi respuesta.", revision=1)
    version = answers.response_submit(
        response=response, idempotency_key=uuid.uuid4()
    ).version
    assert version.citations[0]["language"] == "es"

    client.force_login(teacher)
    grading = client.get(grading_url(assignment, student)).content.decode()
    assert "Quoted from the Spanish translation" in grading
    assert '<blockquote class="mb-2" lang="es">' in grading
    assert "<mark>prestar</mark>" in grading or "<mark>prestar o arrendar</mark>" in (
        grading
    )
    assert "It stands for the original ¶1" in grading
    assert '<blockquote class="mb-1 cited-original" lang="en">' in grading
    assert "The President may lend or lease" in grading


def test_a_quotation_from_a_language_the_excerpt_lacks_is_refused(teacher, student):
    assignment, excerpt = _spanish_assignment(teacher, student)
    response = answers.response_get_or_create(
        assignment=assignment, prompt=prompt_of(assignment), student=student
    )
    with pytest.raises(ValidationError, match="no translation"):
        answers.citation_add(
            response=response,
            excerpt=excerpt,
            paragraph=1,
            quotation="prestar",
            language="fr",
        )


def test_a_unit_package_carries_the_translations(teacher, student):
    assignment, excerpt = _spanish_assignment(teacher, student)
    data = unit_package_export(unit=assignment.lesson.unit)
    excerpt.translations.all().delete()
    unit_package_import(data=data)
    excerpt.refresh_from_db()
    assert excerpt.translations.get(language="es").text == SPANISH
