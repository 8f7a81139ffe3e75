"""The class progress chart on the Classwork tab: drawn on the server, each student
in exactly one part, with a title, a description and a table of the same figures."""

import re

from django.urls import reverse

from assignments.charts import BAR_WIDTH, LABEL_WIDTH, progress_chart
from assignments.selectors.classwork import classwork_for_class
from tests.assignments.test_selectors_classwork import class_of_six


def test_every_student_is_in_one_part_and_the_bar_is_the_class(teacher):
    assignment = class_of_six(teacher)
    items = classwork_for_class(classroom=assignment.classroom, user=teacher)
    (row,) = progress_chart(items).rows
    # Ada returned, Ben waiting, Di late and waiting, Cy and Ed part-way, Flo none.
    assert row.counts == {
        "graded": 1,
        "submitted": 1,
        "late": 1,
        "started": 2,
        "not_started": 1,
    }
    assert sum(s.width for s in row.segments) == BAR_WIDTH
    assert row.segments[0].x == LABEL_WIDTH
    assert [s.key for s in row.segments] == [
        "graded",
        "submitted",
        "late",
        "started",
        "not_started",
    ]


def test_the_classwork_tab_draws_the_chart_with_its_table(teacher_client, teacher):
    assignment = class_of_six(teacher)
    html = teacher_client.get(
        reverse("assignments:classwork", args=[assignment.classroom_id])
    ).content.decode()
    svg = html[html.index('<svg class="progress-chart"') : html.index("</svg>")]
    assert 'role="img"' in svg
    assert 'aria-labelledby="progress-chart-title progress-chart-desc"' in svg
    assert "Progress of History (P1), in students, per assignment" in svg
    assert "Aid and alliance: Graded: 1; Submitted, waiting: 1;" in svg
    assert svg.count('class="part part-') == 5
    assert "<script" not in svg
    table = html[html.index('class="table table-sm align-middle progress-table"') :]
    cells = re.findall(r'<td class="text-end">(\d+)</td>', table.split("</table>")[0])
    assert cells == ["1", "1", "1", "2", "1", "6"]
    assert 'tabindex="0" role="region"' in html


def test_an_empty_class_draws_nothing_but_says_so(teacher_client, teacher):
    from tests.builders import class_build

    classroom = class_build(owner=teacher)
    html = teacher_client.get(
        reverse("assignments:classwork", args=[classroom.pk])
    ).content.decode()
    assert "progress-chart" not in html
    assert "Nothing assigned to this class yet." in html
