"""The reading view of an excerpt is rendered once and shared from the cache
(sources_tags.excerpt_reading): every student of the lesson gets the same HTML, and
an edit to the passage, its source, its glossary or its translations shows at once,
with nothing to invalidate."""

import re

import pytest
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse

from classrooms.models import Enrolment
from lessons.selectors import lesson_for_students
from sources.services import (
    excerpt_translation_save,
    excerpt_update,
    glossary_set,
    source_update,
)
from sources.templatetags import sources_tags
from tests.assignments.conftest import build_assignment, enrol

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _page(client, assignment) -> str:
    response = client.get(
        reverse("assignments:assignment_detail", args=[assignment.pk])
    )
    assert response.status_code == 200
    return response.content.decode()


def _reading(html: str, excerpt) -> str:
    """The article of one excerpt's reading view in a page."""
    found = re.search(
        rf'<article class="reading[^"]*" id="ex-{excerpt.pk}".*?</article>', html, re.S
    )
    assert found, f"no reading view of excerpt {excerpt.pk}"
    return found.group(0)


def _excerpts(assignment):
    return [
        item.excerpt for item in assignment.lesson.lesson_excerpts.order_by("order")
    ]


def test_two_students_get_the_same_reading_and_it_is_rendered_once(
    client, teacher, monkeypatch
):
    assignment = build_assignment(teacher)
    first, second = enrol(assignment.classroom), enrol(assignment.classroom)
    renders = []
    real = sources_tags.shared_set
    monkeypatch.setattr(
        sources_tags,
        "shared_set",
        lambda key, html, seconds: (renders.append(key), real(key, html, seconds)),
    )
    client.force_login(first)
    one = _page(client, assignment)
    client.force_login(second)
    two = _page(client, assignment)
    excerpt = _excerpts(assignment)[0]
    assert _reading(one, excerpt) == _reading(two, excerpt)
    assert "defense articles" in _reading(two, excerpt)
    assert len(renders) == 3  # one per excerpt, for both students


def test_the_cached_reading_is_the_template_s_own_output(client, teacher):
    assignment = build_assignment(teacher)
    student = enrol(assignment.classroom)
    client.force_login(student)
    _page(client, assignment)  # fills the cache
    html = _page(client, assignment)
    lesson = lesson_for_students(lesson=assignment.lesson)
    for item in lesson.lesson_excerpts.all():
        fresh = render_to_string(
            "sources/_excerpt_reading.html",
            {"excerpt": item.excerpt, "heading_level": 3, "first_version": ""},
        )
        assert _reading(html, item.excerpt) == _reading(fresh, item.excerpt)


def test_an_edit_to_the_passage_shows_at_once(client, teacher):
    assignment = build_assignment(teacher)
    student = enrol(assignment.classroom)
    client.force_login(student)
    excerpt = _excerpts(assignment)[2]
    assert "We shall fight on the beaches." in _page(client, assignment)
    excerpt_update(
        excerpt=excerpt, title="Passage two", text="We shall fight in the hills."
    )
    html = _page(client, assignment)
    assert "We shall fight in the hills." in _reading(html, excerpt)
    assert "on the beaches" not in html
    assert "Passage two" in _reading(html, excerpt)


def test_a_new_glossary_term_source_date_and_translation_show_at_once(client, teacher):
    assignment = build_assignment(teacher)
    student = enrol(assignment.classroom)
    client.force_login(student)
    excerpt = _excerpts(assignment)[1]
    before = _reading(_page(client, assignment), excerpt)
    assert "Words to know" not in before
    glossary_set(excerpt=excerpt, terms=[("surrendered", "Gave up the fight.")])
    source_update(source=excerpt.source, creator="Yalta conference")
    excerpt_translation_save(
        excerpt=excerpt,
        language="es",
        text="La Unión Soviética entrará en la guerra.\n\nDos o tres meses después.",
    )
    after = _reading(_page(client, assignment), excerpt)
    assert "Gave up the fight." in after
    assert "Yalta conference" in after
    assert "La Unión Soviética entrará en la guerra." in after
    assert "Show the Spanish translation" in after


def test_each_language_gets_its_own_copy(client, teacher):
    assignment = build_assignment(teacher)
    student = enrol(assignment.classroom)
    client.force_login(student)
    excerpt = _excerpts(assignment)[0]
    english = _reading(_page(client, assignment), excerpt)
    assert "Smaller text" in english
    student.language = "es"  # the student's own language (the account menu)
    student.save(update_fields=["language"])
    spanish = _reading(_page(client, assignment), excerpt)
    assert "Smaller text" not in spanish
    assert "Texto más pequeño" in spanish


def test_a_student_s_first_version_is_not_shown_to_classmates(client, teacher):
    """The version a student's accommodation opens on is part of the key: a
    classmate without it gets the original first."""
    assignment = build_assignment(teacher)
    helped = enrol(assignment.classroom)
    other = enrol(assignment.classroom)
    excerpt = _excerpts(assignment)[0]
    excerpt_translation_save(excerpt=excerpt, language="es", text="Uno.\n\nDos.")
    Enrolment.objects.filter(classroom=assignment.classroom, student=helped).update(
        first_version="es"
    )
    client.force_login(helped)
    assert " shows-version" in _reading(_page(client, assignment), excerpt)
    client.force_login(other)
    assert " shows-version" not in _reading(_page(client, assignment), excerpt)


def test_a_cache_that_is_down_still_gives_the_page(client, teacher, monkeypatch):
    assignment = build_assignment(teacher)
    student = enrol(assignment.classroom)
    client.force_login(student)

    def broken(*args, **kwargs):
        raise ConnectionError("the cache is down")

    monkeypatch.setattr(cache, "get", broken)
    monkeypatch.setattr(cache, "set", broken)
    html = _page(client, assignment)
    assert "We shall fight on the beaches." in html
