"""Citing a region by numbers, without JavaScript: the picture, the rectangle in
its pixels and what it shows, posted with the answer form; checked on the server
by the same rule as a drawn rectangle; a refusal beside its field with what was
typed kept; the evidence then shows the region."""

import html
import re

import pytest
from django.urls import reverse

from assignments.models import Citation
from lessons.services import lesson_excerpt_add
from tests.assignments.conftest import build_assignment, enrol, prompt_of
from tests.builders import image_build

pytestmark = pytest.mark.django_db


@pytest.fixture
def pictured(teacher, student):
    """An assignment whose lesson has a picture (640 × 480) beside its passages."""
    assignment = build_assignment(teacher, prompts=2)
    enrol(assignment.classroom, student)
    poster = image_build(owner=teacher, title="Allies poster")
    lesson_excerpt_add(lesson=assignment.lesson, excerpt=poster)
    return assignment, poster


def _post(client, assignment, **fields):
    prompt = prompt_of(assignment, 0)
    url = reverse("assignments:response_cite_region", args=[assignment.pk, prompt.pk])
    return client.post(url, {"text": "My answer so far", **fields})


def _typed(poster, **changes):
    # The poster is 640 × 480 (tests.builders.picture_bytes).
    return {
        "region_excerpt": poster.pk,
        "region_left": "64",
        "region_top": "96",
        "region_width": "192",
        "region_height": "192",
        "region_description": "The white box in the corner",
        **changes,
    }


def test_a_region_typed_as_numbers_is_cited_and_shown(
    client,
    pictured,
    student,
):
    assignment, poster = pictured
    client.force_login(student)
    response = _post(client, assignment, **_typed(poster))
    assert response.status_code == 302  # POST, redirect, GET: a reload sends nothing
    citation = Citation.objects.get(response__student=student)
    assert citation.is_region and citation.excerpt == poster
    assert list(citation.region) == [0.1, 0.2, 0.3, 0.4]
    assert citation.quotation == "The white box in the corner"
    page = client.get(response["Location"]).content.decode()
    assert "The region was added to your evidence." in page
    assert 'viewBox="64.0 96.0 192.0 192.0"' in page  # the evidence's crop
    assert "My answer so far" in page  # the text was saved first


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"region_left": "640"}, "region-left", "from 0 to 639"),
        ({"region_top": "x"}, "region-top", "from 0 to 479"),
        ({"region_width": "600"}, "region-width", "from 1 to 576"),
        ({"region_height": "0"}, "region-height", "from 1 to 384"),
        ({"region_width": "1"}, "region-width", "too small"),
        ({"region_description": " "}, "region-description", "what this region"),
        ({"region_excerpt": "999999"}, "region-excerpt", "lesson's pictures"),
    ],
)
def test_a_refused_region_says_why_beside_its_field_and_keeps_what_was_typed(
    client,
    pictured,
    student,
    changes,
    field,
    message,
):
    assignment, poster = pictured
    client.force_login(student)
    response = _post(client, assignment, **_typed(poster, **changes))
    prompt = prompt_of(assignment, 0)
    anchor = f"cite-{prompt.pk}-{field}-error"
    assert response["Location"].endswith(f"#{anchor}")
    page = client.get(response["Location"]).content.decode()
    error = re.search(rf'id="{anchor}">([^<]*)<', page)
    assert error and message.lower() in html.unescape(error[1]).lower()
    assert f'id="cite-{prompt.pk}-{field}"' in page
    assert re.search(
        rf'id="cite-{prompt.pk}-{field}"[^>]*aria-invalid="true"', page
    ) or (f'aria-invalid="true" aria-describedby="{anchor}"' in page)
    assert 'class="cite-by-hand region-by-numbers mb-3" open' in page
    assert (
        'value="The white box in the corner"' in page or field == "region-description"
    )
    assert "My answer so far" in page
    assert not Citation.objects.exists()


def test_a_picture_outside_the_lesson_is_refused(
    client,
    pictured,
    student,
    teacher,
):
    assignment, _poster = pictured
    elsewhere = image_build(owner=teacher, title="Not in the lesson")
    client.force_login(student)
    response = _post(client, assignment, **_typed(elsewhere))
    page = client.get(response["Location"]).content.decode()
    assert "Choose one of the lesson&#x27;s pictures." in page
    assert not Citation.objects.exists()


def test_the_panel_is_offered_only_when_the_lesson_has_a_picture(
    client,
    pictured,
    student,
):
    assignment, _poster = pictured
    client.force_login(student)
    url = reverse("assignments:assignment_detail", args=[assignment.pk])
    assert "Cite a region of a picture by numbers" in client.get(url).content.decode()
    assignment.lesson.lesson_excerpts.filter(excerpt__kind="image").delete()
    assert "Cite a region of a picture by numbers" not in (
        client.get(url).content.decode()
    )
