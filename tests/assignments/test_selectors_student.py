"""The to-do list, the assignment page and the discussion: what they cost in
queries, however large the class or the discussion."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assignments.services import replies
from lessons import kept
from tests.assignments.conftest import build_assignment, enrol, post_answer, prompt_of
from tests.builders import StudentFactory

# Pinned query counts: each page costs this many queries (or fewer) however large
# the class or the discussion; the scaling checks beside them prove the "however".
# A first view; +2 on PostgreSQL: the digest of the lesson's rows (lessons.kept),
# before and again after reading them (a change meanwhile keeps nothing), which
# spares the lesson's six queries on every later view (LESSON_KEPT_SPARES).
ASSIGNMENT_PAGE_QUERIES = (
    14  # 11, the versions kept, the bell's count, the translations
    + 2 * (connection.vendor == "postgresql")
)
LESSON_KEPT_SPARES = 6
DISCUSSION_QUERIES = 9  # 7, the pager's count of answers, the bell's count
# The student's classes beside their assignments, then the questions beside the
# student's own answers (two plain queries, compiled once); the session (in the
# database under test), the user, the bell.
TODO_QUERIES = 5


def _page_queries(client, assignment):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(
            reverse("assignments:assignment_detail", args=[assignment.pk])
        )
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_assignment_page_queries_do_not_grow_with_class_or_replies(
    client, teacher, django_assert_max_num_queries
):
    small = build_assignment(teacher)  # 3 excerpts, 4 prompts
    big = build_assignment(teacher)
    counts = []
    for assignment, size in [(small, 2), (big, 30)]:
        me = enrol(assignment.classroom)
        mine = post_answer(me, assignment, "Mine.")
        for n in range(size):
            other = enrol(assignment.classroom)
            for k in range(4):
                answer = post_answer(other, assignment, f"Answer {n}", n=k)
                replies.reply_create(response=mine, author=other, text="Reply")
                replies.reply_create(response=answer, author=me, text="Reply")
        client.force_login(me)
        with django_assert_max_num_queries(ASSIGNMENT_PAGE_QUERIES):
            counts.append(_page_queries(client, assignment))
        if connection.vendor == "postgresql":  # the lesson kept: a later view
            assert _page_queries(client, assignment) <= counts[-1] - LESSON_KEPT_SPARES
    assert counts[0] == counts[1]


def test_discussion_queries_do_not_grow_with_replies(
    client, teacher, django_assert_max_num_queries
):
    counts = []
    for size in [2, 60]:
        assignment = build_assignment(teacher)
        me = enrol(assignment.classroom)
        post_answer(me, assignment, "Mine.")
        for _ in range(size):
            other = enrol(assignment.classroom)
            answer = post_answer(other, assignment, "Theirs.")
            replies.reply_create(response=answer, author=me, text="Reply")
        client.force_login(me)
        url = reverse(
            "assignments:discussion", args=[assignment.pk, prompt_of(assignment).pk]
        )
        with (
            django_assert_max_num_queries(DISCUSSION_QUERIES),
            CaptureQueriesContext(connection) as ctx,
        ):
            assert client.get(url).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


@pytest.mark.parametrize("name", ["student_todo"])
def test_todo_queries_do_not_grow(client, teacher, name, django_assert_max_num_queries):
    counts = []
    for n in [1, 8]:
        student = StudentFactory()
        for _ in range(n):
            enrol(build_assignment(teacher, prompts=2).classroom, student)
        client.force_login(student)
        with (
            django_assert_max_num_queries(TODO_QUERIES),
            CaptureQueriesContext(connection) as ctx,
        ):
            client.get(reverse(name))
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_the_discussion_shows_a_large_class_a_page_at_a_time(client, teacher):
    """60 answers: 25 a page, oldest first, numbered on; a reply comes back to the
    page that holds the answer it replied to."""
    from assignments.selectors.discussion import DISCUSSION_PAGE_SIZE

    assignment = build_assignment(teacher)
    me = enrol(assignment.classroom)
    post_answer(me, assignment, "Mine.")
    answers = [
        post_answer(enrol(assignment.classroom), assignment, f"Answer {n}.")
        for n in range(59)
    ]
    client.force_login(me)
    url = reverse(
        "assignments:discussion", args=[assignment.pk, prompt_of(assignment).pk]
    )
    first = client.get(url).content.decode()
    assert DISCUSSION_PAGE_SIZE == 25
    assert "Answers 1–25 of 60, oldest first." in first
    assert "Answer 23." in first and "Answer 24." not in first
    assert 'href="?page=3"' in first
    last = client.get(url, {"page": 3}).content.decode()
    assert '<ol class="list-unstyled discussion-list" start="51">' in last
    assert "Answer 58." in last
    target = answers[55]
    posted = client.post(
        reverse("assignments:reply_create", args=[target.pk]), {"text": "Agreed."}
    )
    assert posted.status_code == 302
    assert f"?answer={target.pk}#reply-" in posted["Location"]
    landed = client.get(posted["Location"]).content.decode()
    assert "Answers 51–60 of 60" in landed and "Agreed." in landed
    # A refused reply keeps its page too (the text next to the reason).
    refused = client.post(
        reverse("assignments:reply_create", args=[target.pk]), {"text": " "}
    )
    assert "Answers 51–60 of 60" in client.get(refused["Location"]).content.decode()


def test_a_button_s_answer_form_reads_only_its_own_question(
    client, teacher, django_assert_max_num_queries
):
    """The answer form a button sends back (htmx) is built from its question
    alone: the same answer as the page gives, read in fewer queries than the
    page's, and no more for a lesson of eight prompts than for one of one."""
    from assignments.selectors.student import assignment_page

    counts = []
    for prompts in (1, 8):
        assignment = build_assignment(teacher, prompts=prompts)
        me = enrol(assignment.classroom)
        prompt = prompt_of(assignment)
        post_answer(me, assignment, "Mine.")
        whole = assignment_page(assignment=assignment, user=me)
        alone = assignment_page(assignment=assignment, user=me, only=prompt)
        assert [a.prompt.pk for a in alone.answers] == [prompt.pk]
        assert alone.answers[0] == whole.answer_for(prompt)
        assert alone.excerpts == whole.excerpts
        client.force_login(me)
        with CaptureQueriesContext(connection) as ctx:
            answered = client.post(
                reverse("assignments:response_save", args=[assignment.pk, prompt.pk]),
                {"text": "Mine, and more."},
                headers={"HX-Request": "true"},
            )
        assert answered.status_code == 200
        assert "Mine, and more.</textarea>" in answered.content.decode()
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts
    kept.forget()  # the whole page reading its lesson, as a first view does
    with CaptureQueriesContext(connection) as whole_page:
        assignment_page(assignment=assignment, user=me)
    with CaptureQueriesContext(connection) as one_question:
        assignment_page(assignment=assignment, user=me, only=prompt)
    assert len(one_question) < len(whole_page)
