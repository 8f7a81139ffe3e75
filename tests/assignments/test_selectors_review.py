"""The review table and the grading page: what they show, and what they
cost in queries."""

import re
import uuid
from decimal import Decimal
from urllib.parse import urljoin

from django.urls import reverse

from assignments.models import Response, SubmissionVersion
from assignments.selectors.review_table import REVIEW_PAGE_SIZE
from assignments.services import answers
from assignments.services.feedback import FeedbackInput, feedback_save
from tests.assignments.conftest import (
    build_assignment,
    bulk_class,
    count_queries,
    enrol,
    grading_url,
    post_answer,
    prompt_of,
    return_for_revision,
)
from tests.builders import StudentFactory


def test_review_table_shows_each_status_words_and_citations(teacher_client, teacher):
    assignment = build_assignment(teacher, prompts=2)
    classroom = assignment.classroom
    nobody = enrol(classroom, StudentFactory(last_name="Aaronson"))
    drafter = enrol(classroom, StudentFactory(last_name="Baker"))
    poster = enrol(classroom, StudentFactory(last_name="Chen"))
    returned = enrol(classroom, StudentFactory(last_name="Diaz"))
    response = answers.response_get_or_create(
        assignment=assignment, prompt=prompt_of(assignment), student=drafter
    )
    answers.response_draft_save(response=response, text="Half a thought", revision=1)
    post_answer(poster, assignment, text="Four words right here.")
    answers.response_return(response=post_answer(returned, assignment))

    page = teacher_client.get(reverse("assignments:review_table", args=[assignment.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    for label in ["Not started", "Draft", "Submitted", "Returned"]:
        assert label in html
    assert "4 words · 1 cited" in html
    assert "0 of 4 students have submitted every answer" in html  # 2 prompts each
    assert 'value="0"' in html and "<progress" in html

    waiting = teacher_client.get(
        reverse("assignments:review_table", args=[assignment.pk]),
        {"status": "needs_review"},
    )
    rows = [r.student for r in waiting.context["table"].rows]
    assert rows == [poster]
    drafts = teacher_client.get(
        reverse("assignments:review_table", args=[assignment.pk]), {"status": "draft"}
    )
    assert [r.student for r in drafts.context["table"].rows] == [drafter]
    by_words = teacher_client.get(
        reverse("assignments:review_table", args=[assignment.pk]), {"sort": "words"}
    )
    assert by_words.context["table"].rows[0].student == poster
    assert nobody in [r.student for r in by_words.context["table"].rows]


def test_review_table_writes_names_as_text_and_scores_in_the_teachers_language(
    teacher_client, teacher
):
    """The rows are written in Python (assignments.review_rows): a name is text,
    never markup, and a half point reads as the language writes it."""
    assignment = build_assignment(teacher, prompts=1)
    student = enrol(
        assignment.classroom,
        StudentFactory(first_name="<b>Ann</b>", last_name="O'Neil & <i>Co</i>"),
    )
    feedback_save(
        item=FeedbackInput(
            response=post_answer(student, assignment),
            score=Decimal("2.5"),
            comment="",
            version=0,
        ),
        max_points=assignment.points,
        graded_by=teacher,
        criteria=[],
    )
    url = reverse("assignments:review_table", args=[assignment.pk])
    html = teacher_client.get(url).content.decode()
    assert "O&#x27;Neil &amp; &lt;i&gt;Co&lt;/i&gt;, &lt;b&gt;Ann&lt;/b&gt;" in html
    assert "<b>Ann</b>" not in html and "<i>Co</i>" not in html
    assert f'review-score">2.5/{assignment.points}</small>' in html
    assert f"<td>2.5/{assignment.points}</td>" in html
    spanish = teacher_client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert f'review-score">2,5/{assignment.points}</small>' in spanish
    cell = re.search(
        r'<span class="status-badge status-submitted">(.*?)</small>', spanish
    )
    assert cell is not None and "citado" in cell.group(1), cell


def test_each_link_of_the_table_opens_that_students_answer(
    teacher_client, teacher, student
):
    """The table's links are written relative to its address (a class of 1,000
    reads 50 rows of them): followed from the page, the name opens the student's
    grading page and each cell the score of that question."""
    assignment = build_assignment(teacher, prompts=2)
    enrol(assignment.classroom, student)
    post_answer(student, assignment)
    url = reverse("assignments:review_table", args=[assignment.pk])
    html = teacher_client.get(url).content.decode()
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    links = [urljoin(url, href) for href in re.findall(r'href="([^"]+)"', body)]
    grading = grading_url(assignment, student)
    prompts = assignment.lesson.prompts.order_by("order")
    assert links == [grading] + [f"{grading}#score-{p.pk}" for p in prompts]
    assert teacher_client.get(links[1]).status_code == 200


def test_the_words_counted_are_those_of_what_the_teacher_reads(
    teacher_client, teacher, student
):
    """Each answer's word count is kept with its text as the student writes and
    submits: the table shows the latest submitted version's words while a newer
    draft is being written, and a draft's own words before any submission."""
    assignment = build_assignment(teacher, prompts=2)
    enrol(assignment.classroom, student)
    url = reverse("assignments:review_table", args=[assignment.pk])
    submitted = post_answer(student, assignment, text="Four words right\n here.")
    answers.response_draft_save(
        response=submitted,
        text="Now seven words,\tafter   the first version.",
        revision=5,
    )
    drafted = answers.response_get_or_create(
        assignment=assignment, prompt=prompt_of(assignment, 1), student=student
    )
    answers.response_form_text_save(
        response=drafted, text=" Two  words ", revision=None
    )
    cells = teacher_client.get(url).context["table"].rows[0].cells
    assert [(c.status_label, c.words) for c in cells] == [
        ("Submitted", 4),
        ("Draft", 2),
    ]
    answers.response_draft_save(response=drafted, text=" \n ", revision=9)
    cells = teacher_client.get(url).context["table"].rows[0].cells
    assert [(c.status_label, c.words) for c in cells] == [
        ("Submitted", 4),
        ("Not started", 0),
    ]
    answers.response_submit(response=submitted, idempotency_key=uuid.uuid4())
    html = teacher_client.get(url).content.decode()
    assert "7 words · 1 cited" in html


def test_late_answer_is_marked_late(teacher_client, teacher, student):
    assignment = build_assignment(teacher, prompts=1)
    enrol(assignment.classroom, student)
    post_answer(student, assignment)
    SubmissionVersion.objects.update(is_late=True)
    page = teacher_client.get(
        reverse("assignments:review_table", args=[assignment.pk]), {"status": "late"}
    )
    assert [r.student for r in page.context["table"].rows] == [student]


def test_grading_shows_the_quotation_marked_inside_its_paragraph(
    teacher_client, teacher, student
):
    assignment = build_assignment(teacher, prompts=1)
    enrol(assignment.classroom, student)
    post_answer(student, assignment, text="<script>alert(1)</script> my claim")
    html = teacher_client.get(grading_url(assignment, student)).content.decode()
    assert "The President may <mark>lend or lease</mark>" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; my claim" in html
    assert "Passage 0, ¶1" in html


def test_grading_shows_every_version_with_what_changed_marked(
    teacher_client, teacher, student
):
    assignment = build_assignment(teacher, prompts=1)
    enrol(assignment.classroom, student)
    response = post_answer(student, assignment, text="Aid came <b>late</b>")
    html = teacher_client.get(grading_url(assignment, student)).content.decode()
    assert "data-earlier-versions" not in html  # one version: nothing to compare

    return_for_revision(response, teacher, "Say why.")
    answers.response_draft_save(
        response=response,
        text="Help came <b>late</b> because Congress argued.",
        revision=9,
    )
    answers.response_submit(response=response, idempotency_key=uuid.uuid4())
    html = teacher_client.get(grading_url(assignment, student)).content.decode()
    assert "All 2 versions, with what changed" in html
    assert "<summary>" in html.split("data-earlier-versions", 1)[1]
    assert "changes since version 1" in html
    assert "<del>Aid</del><ins>Help</ins>" in html
    assert "<ins> because Congress argued.</ins>" in html
    assert "&lt;b&gt;late&lt;/b&gt;" in html and "<b>late</b>" not in html


# Pinned query counts: the page costs this many queries (or fewer) whatever the
# class size; the scaling checks beside them prove the "whatever".
# 7, the accounts of the page's students (not the class's), the class's groups,
# 3 for evidence use, the bell's count in the header, and students' own due dates
REVIEW_TABLE_QUERIES = 14
# +1: the submitted versions; +1: the bell's count; +1: excerpts' translations
GRADING_QUERIES = 13


def test_review_table_costs_the_same_queries_for_5_and_200_students(
    teacher_client, teacher, django_assert_max_num_queries
):
    counts = []
    for size in [5, 200]:
        assignment = build_assignment(teacher, prompts=5)
        bulk_class(assignment, size)
        with django_assert_max_num_queries(REVIEW_TABLE_QUERIES):
            count, page = count_queries(
                teacher_client,
                reverse("assignments:review_table", args=[assignment.pk]),
            )
        table = page.context["table"]
        assert table.shown == table.class_size == size
        assert len(table.rows) == min(size, REVIEW_PAGE_SIZE)
        counts.append(count)
    assert counts[0] == counts[1], counts


def test_grading_costs_the_same_queries_for_5_and_200_students(
    teacher_client, teacher, django_assert_max_num_queries
):
    counts = []
    for size in [5, 200]:
        assignment = build_assignment(teacher, prompts=5)
        bulk_class(assignment, size)
        student = assignment.classroom.enrolments.first().student
        with django_assert_max_num_queries(GRADING_QUERIES):
            count, _page = count_queries(
                teacher_client, grading_url(assignment, student)
            )
        counts.append(count)
    assert counts[0] == counts[1], counts


def test_review_table_shows_a_large_class_a_page_at_a_time(teacher_client, teacher):
    """120 students: 50 rows a page, the counts and the filter cover the class,
    the page links keep the filter, the last page holds the rest."""
    assignment = build_assignment(teacher, prompts=2)
    bulk_class(assignment, 120)
    url = reverse("assignments:review_table", args=[assignment.pk])
    first = teacher_client.get(url)
    html = first.content.decode()
    assert len(first.context["table"].rows) == REVIEW_PAGE_SIZE
    assert "120 students shown (1–50 on this page)" in html
    assert "120 of 120 students have submitted every answer" in html
    assert 'aria-current="page">1<' in html and "page=3" in html
    last = teacher_client.get(url, {"page": 3})
    assert len(last.context["table"].rows) == 20
    assert "101–120 on this page" in last.content.decode()
    # Hand back one student's answers: the filter finds them on page 1 of 1.
    returned = last.context["table"].rows[-1].student
    Response.objects.filter(student=returned).update(status="returned")
    only = teacher_client.get(url, {"status": "returned", "page": 2})
    assert [r.student for r in only.context["table"].rows] == [returned]
    wordy = teacher_client.get(url, {"sort": "words", "page": 2})
    assert "sort=words&amp;page=3" in wordy.content.decode()


def test_review_table_filters_by_small_group_at_a_fixed_cost(
    teacher_client, teacher, django_assert_max_num_queries
):
    from classrooms.models import Enrolment
    from classrooms.services.groups import groups_split

    assignment = build_assignment(teacher, prompts=2)
    bulk_class(assignment, 60)
    groups = groups_split(classroom=assignment.classroom, count=3)
    Enrolment.objects.filter(group=groups[2]).update(group=None)
    url = reverse("assignments:review_table", args=[assignment.pk])
    with django_assert_max_num_queries(REVIEW_TABLE_QUERIES):
        page = teacher_client.get(url, {"group": groups[0].pk})
    table = page.context["table"]
    members = set(groups[0].enrolments.values_list("student_id", flat=True))
    assert {row.student_id for row in table.rows} == members
    assert table.shown == 20 and table.class_size == 60
    html = page.content.decode()
    assert f'<option value="{groups[0].pk}" selected>Group 1</option>' in html
    in_none = teacher_client.get(url, {"group": "none"}).context["table"]
    assert in_none.shown == 20
    assert teacher_client.get(url, {"group": "junk"}).context["table"].shown == 60
