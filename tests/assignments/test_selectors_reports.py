"""The citation map, gradebook and skill report: what they show, and what they
cost in queries."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.assignments.conftest import (
    build_assignment,
    bulk_class,
    count_queries,
    enrol,
    post_answer,
)


def test_citation_map_counts_students_per_paragraph(teacher_client, teacher):
    assignment = build_assignment(teacher, prompts=2)
    for _ in range(3):
        student = enrol(assignment.classroom)
        post_answer(student, assignment, n=0)
        post_answer(student, assignment, n=1)  # the same paragraph again: one student
    page = teacher_client.get(reverse("assignments:citation_map", args=[assignment.pk]))
    data = page.context["map"]
    first = data.excerpts[0]
    assert [p.students for p in first.paragraphs] == [3, 0]
    assert [p.bucket for p in first.paragraphs] == [4, 0]
    assert [e.title for e in data.uncited] == ["Passage 1", "Passage 2"]
    html = page.content.decode()
    assert "¶1 · 3 students" in html and "cite-4" in html
    assert "style=" not in html


# Pinned query counts: each page costs this many queries (or fewer) whatever the
# class size; the scaling checks beside them prove the "whatever".
# Each includes the bell's count in the header (one query).
QUERIES = {
    "gradebook": 8,  # +1: students' own due dates on single assignments
    "citation_map": 6,
    "skill_report": 7,
}


@pytest.mark.parametrize("url_name", ["gradebook", "citation_map", "skill_report"])
def test_report_pages_cost_the_same_queries_for_5_and_200_students(
    teacher_client, teacher, url_name, django_assert_max_num_queries
):
    counts = []
    for size in [5, 200]:
        assignment = build_assignment(teacher, prompts=5)
        bulk_class(assignment, size)
        pk = assignment.pk if url_name == "citation_map" else assignment.classroom_id
        with django_assert_max_num_queries(QUERIES[url_name]):
            count, page = count_queries(
                teacher_client, reverse(f"assignments:{url_name}", args=[pk])
            )
        if url_name == "gradebook":
            assert len(page.context["book"].rows) == size
            assert page.context["book"].rows[0].scores == [Decimal(5)]
        counts.append(count)
    assert counts[0] == counts[1], counts


def test_skill_report_draws_its_averages_as_an_svg_beside_the_table(
    teacher_client, teacher
):
    assignment = build_assignment(teacher, prompts=1, points=4)
    bulk_class(assignment, 3)  # every answer scored 1 of 2 (see bulk_class): 50%
    html = teacher_client.get(
        reverse("assignments:skill_report", args=[assignment.classroom_id])
    ).content.decode()
    chart = html[html.index('<svg class="skill-chart"') : html.index("</svg>")]
    assert 'role="img"' in chart
    assert "Open: 50%." in chart and "Sourcing: no scored answer." in chart
    assert '<rect class="bar" x="150" y="6" width="100"' in chart  # 50% of 200
    assert "style=" not in chart
    assert '<table class="table align-middle skill-table">' in html
