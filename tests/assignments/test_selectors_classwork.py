"""A class's work counted in students: the teacher's home and the Classwork tab,
what they count, and what they cost in queries."""

import uuid
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from assignments.models import Assignment
from assignments.selectors.classwork import classwork_for_class, teacher_dashboard
from assignments.services import answers
from assignments.services.assignments import assignment_close
from classrooms.models import Enrolment
from classrooms.services import enrolment_remove
from tests.assignments.conftest import (
    build_assignment,
    bulk_class,
    count_queries,
    enrol,
    post_answer,
    prompt_of,
)

# Pinned caps: session, viewer, the class cards, the classes, the open assignments,
# their students' progress (one grouped query).
HOME_QUERIES = 7  # +1: the bell's count in the header
# Session, viewer, class, its assignments, its size, their progress.
CLASSWORK_QUERIES = 7  # +1: the bell's count in the header


def class_of_six(teacher):
    """Two prompts; on time: Ada (everything, returned), Ben (everything), Cy (one
    of two); late: Di (everything); Ed has a draft, Flo nothing; Gus submitted
    everything but left the class."""
    assignment = build_assignment(teacher, prompts=2)
    people = {
        name: enrol(assignment.classroom)
        for name in ["Ada", "Ben", "Cy", "Di", "Ed", "Flo", "Gus"]
    }
    for name in ("Ada", "Ben", "Di", "Gus"):
        for n in (0, 1):
            post_answer(people[name], assignment, n=n)
    post_answer(people["Cy"], assignment, n=0)
    Assignment.objects.filter(pk=assignment.pk).update(
        available_from=timezone.now() - timedelta(days=3),
        due_at=timezone.now() - timedelta(days=1),
    )
    assignment.refresh_from_db()
    late = answers.response_get_or_create(
        assignment=assignment, prompt=prompt_of(assignment, 1), student=people["Di"]
    )
    answers.response_draft_save(
        response=late, text="Changed after the due date.", revision=5
    )
    answers.response_submit(response=late, idempotency_key=uuid.uuid4())
    draft = answers.response_get_or_create(
        assignment=assignment, prompt=prompt_of(assignment, 0), student=people["Ed"]
    )
    answers.response_draft_save(response=draft, text="Thinking…", revision=1)
    for response in assignment.responses.filter(student=people["Ada"]):
        answers.response_return(response=response)
    enrolment_remove(
        enrolment=Enrolment.objects.get(
            classroom=assignment.classroom, student=people["Gus"]
        )
    )
    return assignment


def test_progress_counts_students_on_the_roster_not_answers(teacher):
    assignment = class_of_six(teacher)
    (item,) = classwork_for_class(classroom=assignment.classroom, user=teacher)
    p = item.progress
    assert (p.class_size, p.submitted, p.late, p.started, p.not_started) == (
        6,
        3,
        1,
        2,
        1,
    )
    assert p.to_review == 3  # Ben, Cy and Di; Ada's work is returned
    assert p.percent == 50


def test_home_lists_each_open_assignment_once_with_student_counts(
    teacher_client, teacher
):
    assignment = class_of_six(teacher)
    Assignment.objects.filter(pk=assignment.pk).update(
        due_at=timezone.now() + timedelta(hours=5)
    )
    html = teacher_client.get(reverse("teacher_home")).content.decode()
    review = reverse("assignments:review_table", args=[assignment.pk])
    assert html.count(f'href="{review}"') == 1
    assert html.count(assignment.lesson.title) == 1
    assert "3 of 6 students submitted, 1 late · 2 started · <strong>3 to review" in html
    assert "answers in" not in html
    assert "Due soon" in html
    assert 'value="3" max="6"' in html  # the bar says the same


def test_classwork_lists_open_then_closed_and_refuses_other_teachers(
    client, teacher_client, teacher, other_teacher
):
    first = build_assignment(teacher, prompts=1)
    closed = build_assignment(teacher, classroom=first.classroom, prompts=1)
    assignment_close(assignment=closed)
    later = build_assignment(
        teacher,
        classroom=first.classroom,
        prompts=1,
        due_at=timezone.now() + timedelta(days=9),
    )
    items = classwork_for_class(classroom=first.classroom, user=teacher)
    assert [i.assignment for i in items] == [first, later, closed]
    url = reverse("assignments:classwork", args=[first.classroom_id])
    html = teacher_client.get(url).content.decode()
    assert "Closed" in html and "Classwork: History (P1)" in html
    assert f"?classroom={first.classroom_id}" in html
    assert classwork_for_class(classroom=first.classroom, user=other_teacher) == []
    client.force_login(other_teacher)
    assert client.get(url).status_code == 404


def test_home_and_classwork_cost_the_same_queries_for_5_and_200_students(
    teacher_client, teacher, django_assert_max_num_queries
):
    counts = []
    for size in [5, 200]:
        assignment = build_assignment(teacher, prompts=5)
        bulk_class(assignment, size)
        with django_assert_max_num_queries(HOME_QUERIES):
            home, page = count_queries(teacher_client, reverse("teacher_home"))
        url = reverse("assignments:classwork", args=[assignment.classroom_id])
        with django_assert_max_num_queries(CLASSWORK_QUERIES):
            classwork, _page = count_queries(teacher_client, url)
        counts.append((home, classwork))
        (summary,) = [
            s
            for s in teacher_dashboard(user=teacher)
            if s.classroom == assignment.classroom
        ]
        assert summary.assignments[0].progress.submitted == size
    assert counts[0] == counts[1], counts
