"""Regions of pictures as evidence: the service's checks, the page's fetch endpoint,
the copy kept on submitting, the grading view's outlines and the citation map's
heat map."""

import json
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assignments.models import Citation
from assignments.services import answers
from assignments.services.regions import region_cite_add
from lessons.services import lesson_excerpt_add
from privacy.services import student_data_collect
from tests.assignments.conftest import build_assignment, enrol, prompt_of
from tests.builders import image_build

pytestmark = pytest.mark.django_db


@pytest.fixture
def pictured(teacher, student):
    """An assignment whose lesson has a picture (the teacher's own poster)."""
    assignment = build_assignment(teacher, prompts=2)
    enrol(assignment.classroom, student)
    poster = image_build(owner=teacher, title="Allies poster")
    lesson_excerpt_add(lesson=assignment.lesson, excerpt=poster)
    return assignment, poster


def answer_of(assignment, student, n=0):
    return answers.response_get_or_create(
        assignment=assignment, prompt=prompt_of(assignment, n), student=student
    )


def test_a_region_inside_the_picture_is_cited_once(pictured, student):
    assignment, poster = pictured
    response = answer_of(assignment, student)
    region = (0.125, 0.125, 0.375, 0.375)
    first = region_cite_add(
        response=response, excerpt=poster, region=region, description="The white box"
    )
    again = region_cite_add(
        response=response, excerpt=poster, region=region, description="The white box"
    )
    assert first.pk == again.pk and first.is_region
    assert first.region == region and first.paragraph is None
    assert first.quotation == "The white box"


@pytest.mark.parametrize(
    ("region", "code"),
    [
        ((0.8, 0.1, 0.3, 0.2), "region_outside"),
        ((-0.01, 0.1, 0.3, 0.2), "region_outside"),
        ((0.1, 0.9, 0.2, 0.2), "region_outside"),
        ((0.1, 0.1, 0.001, 0.2), "region_too_small"),
        (("nan", 0.1, 0.2, 0.2), "bad_region"),
        (("left", 0.1, 0.2, 0.2), "bad_region"),
        ((float("inf"), 0.1, 0.2, 0.2), "bad_region"),
    ],
)
def test_a_region_outside_the_picture_or_a_dot_is_refused(
    pictured, student, region, code
):
    assignment, poster = pictured
    with pytest.raises(ValidationError) as refused:
        region_cite_add(
            response=answer_of(assignment, student),
            excerpt=poster,
            region=region,
            description="Something",
        )
    assert refused.value.code == code
    assert not Citation.objects.exists()


def test_only_the_lessons_pictures_have_regions(pictured, student, teacher):
    assignment, _poster = pictured
    response = answer_of(assignment, student)
    elsewhere = image_build(owner=teacher, title="Not in the lesson")
    passage = assignment.lesson.lesson_excerpts.order_by("order").first().excerpt
    for excerpt, code in [(elsewhere, "foreign_excerpt"), (passage, "not_a_picture")]:
        with pytest.raises(ValidationError) as refused:
            region_cite_add(
                response=response,
                excerpt=excerpt,
                region=(0.1, 0.1, 0.2, 0.2),
                description="A part",
            )
        assert refused.value.code == code
    with pytest.raises(ValidationError) as empty:
        region_cite_add(
            response=response,
            excerpt=assignment.lesson.lesson_excerpts.last().excerpt,
            region=(0.1, 0.1, 0.2, 0.2),
            description="   ",
        )
    assert empty.value.code == "empty"


def region_url(assignment, n=0):
    prompt = prompt_of(assignment, n)
    return reverse("assignments:region_cite_create", args=[assignment.pk, prompt.pk])


def test_the_page_cites_a_region_and_gets_its_thumbnail(client, pictured, student):
    assignment, poster = pictured
    client.force_login(student)
    sent = {
        "excerpt": poster.pk,
        "left": "0.1",
        "top": "0.2",
        "width": "0.3",
        "height": "0.4",
        "description": "The white box in the corner",
    }
    result = client.post(region_url(assignment), sent)
    data = result.json()
    assert result.status_code == 200
    assert "Region added to question 1" in data["message"]
    # The evidence item crops the picture to the region, in its own pixels.
    assert 'viewBox="64.0 96.0 192.0 192.0"' in data["html"]
    assert poster.image.display_url in data["html"]
    refused = client.post(region_url(assignment), {**sent, "left": "0.9"})
    assert refused.status_code == 400
    assert "past the edge" in refused.json()["message"]


def test_another_students_or_another_class_picture_is_not_found(
    client, pictured, teacher
):
    assignment, poster = pictured
    outsider = enrol(build_assignment(teacher, prompts=1).classroom)
    client.force_login(outsider)
    sent = {"excerpt": poster.pk, "left": 0.1, "top": 0.1, "width": 0.2}
    result = client.post(region_url(assignment), {**sent, "height": 0.2})
    assert result.status_code == 404


def submit_with_region(assignment, poster, student, region, words="The box"):
    response = answer_of(assignment, student)
    answers.response_draft_save(response=response, text="My answer.", revision=1)
    region_cite_add(response=response, excerpt=poster, region=region, description=words)
    answers.response_submit(response=response, idempotency_key=uuid.uuid4())
    return response


def test_the_submitted_copy_keeps_the_region(pictured, student):
    assignment, poster = pictured
    response = submit_with_region(assignment, poster, student, (0.1, 0.2, 0.3, 0.4))
    (item,) = response.latest_version.citations
    assert item["region"] == [0.1, 0.2, 0.3, 0.4]
    assert item["paragraph"] is None and item["excerpt_id"] == poster.pk
    json.dumps(response.latest_version.citations)  # stays plain JSON


def test_the_teacher_sees_the_region_outlined_when_grading(
    teacher_client, pictured, student
):
    assignment, poster = pictured
    submit_with_region(assignment, poster, student, (0.5, 0.25, 0.25, 0.5), "Flag")
    page = teacher_client.get(
        reverse("assignments:grading", args=[assignment.pk, student.pk])
    ).content.decode()
    # 640 × 480 picture: the region is x 320, y 120, 160 wide, 240 high.
    assert '<rect class="region-rect" x="320.0" y="120.0" width="160.0"' in page
    assert "Flag" in page and "50–75% across, 25–75% down" in page


def test_the_citation_map_draws_the_class_regions_with_counts(
    teacher_client, pictured, student
):
    assignment, poster = pictured
    submit_with_region(assignment, poster, student, (0.1, 0.1, 0.4, 0.4))
    for region in [(0.2, 0.2, 0.2, 0.2), (0.6, 0.6, 0.3, 0.3)]:
        other = enrol(assignment.classroom)
        submit_with_region(assignment, poster, other, region)
    page = teacher_client.get(
        reverse("assignments:citation_map", args=[assignment.pk])
    ).content.decode()
    assert page.count('class="heat-rect"') == 3
    assert "3 students cited regions" in page
    assert "up to 2 students chose the same spot" in page


def test_the_students_data_export_carries_their_regions(pictured, student):
    assignment, poster = pictured
    submit_with_region(assignment, poster, student, (0.1, 0.2, 0.3, 0.4), "Flag")
    records = student_data_collect(user=student)["records"]
    (row,) = [r["fields"] for r in records["assignments.Citation"]]
    assert (row["region_left"], row["region_top"]) == (0.1, 0.2)
    assert (row["region_width"], row["region_height"]) == (0.3, 0.4)
    assert row["quotation"] == "Flag"
    (version,) = [r["fields"] for r in records["assignments.SubmissionVersion"]]
    assert version["citations"][0]["region"] == [0.1, 0.2, 0.3, 0.4]
