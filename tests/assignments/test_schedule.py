"""A student's own due date (assignments.schedule.personal_due_apply): extended
time set on the roster moves every due date of the class for that student, on the
to-do list, on the assignment page, and when their answer is marked late or refused;
classmates keep the class's date."""

import uuid
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from assignments.selectors.todo import todo_for_student
from assignments.services import answers
from classrooms.models import Enrolment
from classrooms.services import enrolment_accommodations_set
from tests.assignments.conftest import (
    adapted_first_excerpt,
    build_assignment,
    enrol,
    prompt_of,
)
from tests.builders import StudentFactory


def _extend(classroom, student, days, first_version="", **more):
    enrolment = Enrolment.objects.get(classroom=classroom, student=student)
    enrolment_accommodations_set(
        enrolment=enrolment, extra_days=days, first_version=first_version, **more
    )


def _past_due_by_a_day(teacher, **fields):
    now = timezone.now()
    return build_assignment(
        teacher,
        prompts=1,
        available_from=now - timedelta(days=4),
        due_at=now - timedelta(days=1),
        **fields,
    )


def _ready(assignment, student):
    response = answers.response_get_or_create(
        assignment=assignment, prompt=prompt_of(assignment), student=student
    )
    answers.response_draft_save(response=response, text="My claim.", revision=1)
    answers.citation_add(
        response=response,
        excerpt=assignment.lesson.lesson_excerpts.order_by("order").first().excerpt,
        paragraph=1,
        quotation="lend or lease",
    )
    return response


def test_two_extra_days_move_the_due_date_on_the_to_do_list(teacher, student):
    assignment = _past_due_by_a_day(teacher)
    enrol(assignment.classroom, student)
    classmate = enrol(assignment.classroom, StudentFactory())
    _extend(assignment.classroom, student, 2)

    mine = todo_for_student(user=student)
    assert mine.overdue == []
    (item,) = mine.due
    assert item.due_at == assignment.due_at + timedelta(days=2)
    assert item.student_extra_days == 2

    theirs = todo_for_student(user=classmate)
    assert [a.pk for a in theirs.overdue] == [assignment.pk]
    assert theirs.overdue[0].due_at == assignment.due_at


def test_submitting_after_the_class_date_but_before_their_own_is_not_late(
    teacher, student
):
    assignment = _past_due_by_a_day(teacher)
    enrol(assignment.classroom, student)
    classmate = enrol(assignment.classroom, StudentFactory())
    _extend(assignment.classroom, student, 2)

    mine = answers.response_submit(
        response=_ready(assignment, student), idempotency_key=uuid.uuid4()
    )
    assert not mine.version.is_late
    theirs = answers.response_submit(
        response=_ready(assignment, classmate), idempotency_key=uuid.uuid4()
    )
    assert theirs.version.is_late


def test_extended_time_lets_a_student_submit_where_late_work_is_refused(
    teacher, student
):
    assignment = _past_due_by_a_day(teacher, late_work_allowed=False)
    enrol(assignment.classroom, student)
    _extend(assignment.classroom, student, 2)
    result = answers.response_submit(
        response=_ready(assignment, student), idempotency_key=uuid.uuid4()
    )
    assert result.created and not result.version.is_late


def test_their_own_date_runs_out_too(teacher, student):
    now = timezone.now()
    assignment = build_assignment(
        teacher,
        prompts=1,
        available_from=now - timedelta(days=9),
        due_at=now - timedelta(days=5),
    )
    enrol(assignment.classroom, student)
    _extend(assignment.classroom, student, 2)
    assert [a.pk for a in todo_for_student(user=student).overdue] == [assignment.pk]
    result = answers.response_submit(
        response=_ready(assignment, student), idempotency_key=uuid.uuid4()
    )
    assert result.version.is_late


def test_the_assignment_page_shows_their_own_date_and_opens_the_adapted_wording(
    client, teacher, student
):
    assignment = _past_due_by_a_day(teacher)
    enrol(assignment.classroom, student)
    excerpt = adapted_first_excerpt(assignment)
    client.force_login(student)
    url = reverse("assignments:assignment_detail", args=[assignment.pk])
    before = client.get(url).content.decode()
    assert "past due" in before
    assert "show-adapted" not in before
    assert 'aria-pressed="false" data-adapted-toggle' in before

    _extend(assignment.classroom, student, 2, first_version="adapted")
    page = client.get(url).content.decode()
    assert "past due" not in page
    assert "your own date: 2 extra days" in page
    own = timezone.localtime(assignment.due_at + timedelta(days=2))
    assert f'datetime="{own.isoformat()}"' in page
    assert 'aria-pressed="true" data-adapted-toggle' in page
    assert f'class="reading show-adapted shows-version" id="ex-{excerpt.pk}"' in page


def test_the_gradebook_shows_a_student_s_own_due_date(client, teacher, student):
    assignment = _past_due_by_a_day(teacher)
    enrol(assignment.classroom, student)
    classmate = enrol(assignment.classroom, StudentFactory(last_name="Zed"))
    _extend(assignment.classroom, student, 2)
    client.force_login(teacher)
    page = client.get(
        reverse("assignments:gradebook", args=[assignment.classroom_id])
    ).content.decode()
    own = timezone.localtime(assignment.due_at + timedelta(days=2))
    assert page.count("own due date") == 1
    assert f'<time datetime="{own.isoformat()}">' in page
    assert classmate.last_name in page
