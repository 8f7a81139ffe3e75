"""Where people land: the teacher's home and the student's to-do list."""

import re
from datetime import UTC, datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from assignments.models import Assignment
from assignments.services import answers
from assignments.services.assignments import assignment_create
from classrooms.services import classroom_archive, classroom_create
from classrooms.services.enrolments import enrolment_remove
from lessons import services as lessons
from tests.assignments.conftest import build_assignment, enrol, post_answer, prompt_of


def test_teacher_home_shows_students_to_review_due_soon_and_a_bar(
    teacher_client, teacher
):
    assignment = build_assignment(
        teacher, prompts=1, due_at=timezone.now() + timezone.timedelta(days=1)
    )
    for _ in range(2):
        post_answer(enrol(assignment.classroom), assignment)
    enrol(assignment.classroom)
    html = teacher_client.get(reverse("teacher_home")).content.decode()
    assert "students' work to review" in html
    assert "Due soon" in html
    assert "2 of 3 students submitted" in html
    assert '<progress class="student-progress-bar" value="2" max="3"' in html
    assert reverse("assignments:review_table", args=[assignment.pk]) in html


def test_todo_list_sorts_assignments(student_client, student, teacher):
    due = build_assignment(teacher)
    enrol(due.classroom, student)
    overdue = build_assignment(
        teacher,
        classroom=due.classroom,
        available_from=timezone.now() - timedelta(days=5),
        due_at=timezone.now() - timedelta(days=1),
    )
    done = build_assignment(teacher, classroom=due.classroom, prompts=1)
    post_answer(student, done, "Done.")
    returned = build_assignment(teacher, classroom=due.classroom, prompts=1)
    answers.response_return(response=post_answer(student, returned, "Back."))
    # One answer of four back with feedback, three not yet in: still to do.
    partly = build_assignment(teacher, classroom=due.classroom, prompts=4)
    answers.response_return(response=post_answer(student, partly, "First."))
    revise = build_assignment(teacher, classroom=due.classroom, prompts=2)
    post_answer(student, revise, "Keep.", n=0)
    to_revise = post_answer(student, revise, "Again.", n=1)
    answers.response_return_for_revision(response=to_revise)
    future = build_assignment(
        teacher,
        classroom=due.classroom,
        available_from=timezone.now() + timedelta(days=1),
        due_at=timezone.now() + timedelta(days=3),
    )
    Assignment.objects.filter(pk=overdue.pk).update()
    page = student_client.get(reverse("student_todo")).content.decode()

    def section(name):
        found = re.search(rf'id="todo-{name}".*?</section>', page, re.S)
        return found.group(0) if found else ""

    detail = lambda a: reverse("assignments:assignment_detail", args=[a.pk])  # noqa: E731
    assert detail(overdue) in section("overdue")
    assert detail(due) in section("due")
    assert detail(done) in section("submitted")
    assert detail(returned) in section("returned")
    assert detail(partly) in section("due")
    assert detail(partly) not in section("returned")
    assert "in progress, 1 of 4 submitted" in section("due")
    assert "not started, 0 of 4 submitted" in section("due")
    # Opened at the answer to revise.
    assert f'{detail(revise)}#prompt-{to_revise.prompt_id}-q"' in section("revision")
    assert "1 answer to revise" in section("revision")
    assert detail(future) not in page  # not available yet


def test_todo_counts_a_lesson_given_to_two_classes_once_in_each(
    student_client, student, teacher
):
    """The same lesson in two of the student's classes is two assignments: each
    line counts the answers given in that class, and a draft not yet submitted
    reads as in progress."""
    first = build_assignment(teacher, prompts=2)
    enrol(first.classroom, student)
    other = classroom_create(owner=teacher, name="History", section="P2")
    enrol(other, student)
    unit = first.lesson.unit
    lessons.unit_publish(unit=unit)
    (second,) = assignment_create(
        lesson=first.lesson,
        classrooms=[other],
        created_by=teacher,
        available_from=first.available_from,
        due_at=first.due_at + timedelta(hours=1),
    )
    lessons.unit_unpublish(unit=unit)
    post_answer(student, first, n=0)
    draft = answers.response_get_or_create(
        assignment=second, prompt=prompt_of(second, 1), student=student
    )
    answers.response_draft_save(response=draft, text="Thinking it over", revision=1)
    page = student_client.get(reverse("student_todo")).content.decode()
    items = re.findall(r'<li class="todo-item">.*?</li>', page, re.S)
    assert len(items) == 2
    detail = lambda a: reverse("assignments:assignment_detail", args=[a.pk])  # noqa: E731
    assert detail(first) in items[0] and "in progress, 1 of 2 submitted" in items[0]
    assert detail(second) in items[1] and "in progress, 0 of 2 submitted" in items[1]


def test_teacher_pages_write_times_one_way_with_the_zone(teacher_client, teacher):
    """Home, the class's Classwork, the assignment's page and its review table say
    the due time as the student pages do: "Tue 3 Dec, 11:59 p.m. EST"."""
    due = datetime(2030, 12, 4, 4, 59, tzinfo=UTC)  # Tue 3 Dec, 11:59 p.m. in New York
    assignment = build_assignment(teacher, due_at=due)
    shown = (
        '<time datetime="2030-12-03T23:59:00-05:00">Tue 3 Dec, 11:59 p.m. EST</time>'
    )
    for url in (
        reverse("teacher_home"),
        reverse("assignments:classwork", args=[assignment.classroom_id]),
        reverse("assignments:assignment_manage", args=[assignment.pk]),
        reverse("assignments:review_table", args=[assignment.pk]),
    ):
        html = teacher_client.get(url).content.decode()
        assert shown in html, url
        assert not re.search(r"\d:\d\d [AP]M\b", html), url


def test_todo_lists_the_student_s_classes_now_beside_their_work(
    student_client, student, teacher
):
    """My classes: by name, a class without work among them; an archived class and
    one the student was removed from are gone, and their work with them."""
    work = build_assignment(teacher, prompts=1)
    work.classroom.name = "World history"
    work.classroom.save()
    enrol(work.classroom, student)
    enrol(classroom_create(owner=teacher, name="Civics", section="B"), student)
    archived = build_assignment(teacher, prompts=1)
    enrol(archived.classroom, student)
    classroom_archive(classroom=archived.classroom)
    left = build_assignment(teacher, prompts=1)
    enrol(left.classroom, student)
    enrolment_remove(enrolment=left.classroom.enrolments.get(student=student))
    response = student_client.get(reverse("student_todo"))
    page = response.content.decode()
    mine = re.findall(r'<span class="fw-semibold">(.*?)</span>', page)
    assert mine == ["Civics", "World history"]
    assert f"Teacher: {teacher.get_full_name()}" in page
    detail = lambda a: reverse("assignments:assignment_detail", args=[a.pk])  # noqa: E731
    assert detail(work) in page
    assert detail(archived) not in page and detail(left) not in page
