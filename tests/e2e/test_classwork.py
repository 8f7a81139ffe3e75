"""The teacher's home and a class's Classwork tab in Chromium: each assignment
once, counted in students, at a laptop's width and a phone's; axe on each."""

import os
import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from assignments.models import Assignment
from assignments.services.assignments import assignment_close
from classrooms.services import classroom_create
from lessons import services as lessons
from tests.assignments.conftest import build_assignment, bulk_class, enrol, post_answer
from tests.browser import assert_axe_clean, sign_in
from tests.builders import PASSWORD


def _no_sideways_scroll(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_home_and_classwork_count_students_once_each(page, live_server, teacher):
    assignment = build_assignment(
        teacher, prompts=2, due_at=timezone.now() + timedelta(hours=20)
    )
    students = [enrol(assignment.classroom) for _ in range(4)]
    for student in students[:2]:
        post_answer(student, assignment, n=0)
        post_answer(student, assignment, n=1)
    post_answer(students[2], assignment, n=0)
    old = build_assignment(teacher, classroom=assignment.classroom, prompts=1)
    assignment_close(assignment=old)

    sign_in(page, live_server.url, teacher.username, PASSWORD)
    card = page.get_by_role("article", name="History (P1)")
    expect(card.get_by_role("link", name="Aid and alliance")).to_have_count(1)
    expect(card).to_contain_text("2 of 4 students submitted · 1 started")
    expect(card).to_contain_text("3 to review")
    expect(card).to_contain_text("Due soon")
    assert_axe_clean(page, "teacher home")

    card.get_by_role("link", name="History (P1)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Classwork: History (P1)")
    expect(page.locator("a[aria-current=page]", has_text="Classwork")).to_be_visible()
    items = page.locator(".classwork-item")
    expect(items).to_have_count(2)
    expect(items.first).to_contain_text("2 of 4 students submitted")
    expect(items.last).to_contain_text("Closed")
    assert_axe_clean(page, "classwork")

    # The class's tabs, from the keyboard: Roster, then back to Classwork.
    page.get_by_role("link", name="Roster", exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("History")
    page.get_by_role("link", name="Classwork", exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.locator(".classwork-item")).to_have_count(2)

    page.set_viewport_size({"width": 390, "height": 844})
    assert _no_sideways_scroll(page)
    assert_axe_clean(page, "classwork at 390 px")
    page.goto("/")
    assert _no_sideways_scroll(page)
    assert_axe_clean(page, "teacher home at 390 px")


def test_assigning_from_a_class_starts_with_its_class_a_due_date_and_the_zone(
    page, live_server, teacher
):
    sign_in(page, live_server.url, teacher.username, PASSWORD)
    page.get_by_role("link", name="Assign a lesson").click()
    expect(page.locator("#no-class")).to_contain_text("Create a class first")
    expect(page.get_by_label("Lesson")).to_have_count(0)
    assert_axe_clean(page, "assign with no class")

    first = build_assignment(teacher, prompts=1)
    lessons.unit_publish(unit=first.lesson.unit)
    second = lessons.lesson_create(unit=first.lesson.unit, title="The Big Three")
    lessons.prompt_create(lesson=second, text="Who spoke first?", skill="open")
    page.goto(f"/assignments/classes/{first.classroom_id}/classwork/")
    page.get_by_role("link", name="Assign a lesson to this class").click()
    expect(page.get_by_label("History (P1)")).to_be_checked()
    expect(page.get_by_label("Due")).to_have_value(re.compile(r"T15:30$"))
    expect(page.get_by_text("School time: America/New_York (E").first).to_be_visible()
    assert_axe_clean(page, "assign from a class")
    page.get_by_label("Lesson").select_option(label="Wartime allies · 2. The Big Three")
    page.get_by_role("button", name="Assign").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The Big Three")
    page.goto(f"/assignments/classes/{first.classroom_id}/classwork/")
    expect(page.locator(".classwork-item")).to_have_count(2)


def test_the_assignment_overview_fits_a_phone(page, live_server, teacher):
    assignment = build_assignment(teacher, prompts=4)
    post_answer(enrol(assignment.classroom), assignment)
    sign_in(page, live_server.url, teacher.username, PASSWORD)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/assignments/{assignment.pk}/manage/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Aid and alliance")
    assert _no_sideways_scroll(page)
    assert_axe_clean(page, "assignment overview at 390 px")


def test_the_skill_report_chart_at_a_laptop_and_a_phone(page, live_server, teacher):
    assignment = build_assignment(teacher, prompts=1, points=4)
    bulk_class(assignment, 5)
    sign_in(page, live_server.url, teacher.username, PASSWORD)
    page.goto(f"/assignments/classes/{assignment.classroom_id}/skills/")
    chart = page.get_by_role("img", name="Average score by skill in History (P1)")
    expect(chart).to_be_visible()
    expect(page.get_by_role("row", name="Open")).to_contain_text("50%")
    assert_axe_clean(page, "skill report with its chart")
    page.set_viewport_size({"width": 390, "height": 844})
    expect(chart).to_be_visible()
    assert _no_sideways_scroll(page)
    assert_axe_clean(page, "skill report at 390 px")


def test_assigning_a_lesson_of_a_draft_unit_is_refused_beside_the_lesson(
    page, live_server, teacher
):
    lesson = build_assignment(teacher, prompts=1).lesson  # its unit is a draft
    classroom_create(owner=teacher, name="World history", section="P3")
    sign_in(page, live_server.url, teacher.username, PASSWORD)
    page.goto(f"/assignments/new/?lesson={lesson.pk}")
    page.get_by_label("World history (P3)").check()
    page.get_by_role("button", name="Assign").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("“Wartime allies” is a draft")
    field = page.get_by_label("Lesson")
    expect(field).to_have_attribute("aria-invalid", "true")
    beside = page.locator(".invalid-feedback", has_text="choose Publish")
    expect(beside).to_be_visible()
    expect(field).to_have_value(str(lesson.pk))
    assert_axe_clean(page, "assigning a draft unit's lesson, refused")
    for width, height in [(1280, 800), (390, 844)]:
        page.set_viewport_size({"width": width, "height": height})
        assert _no_sideways_scroll(page)
        if folder := os.environ.get("PORTAL_SCREENSHOT_DIR"):
            page.screenshot(path=os.path.join(folder, f"assign-draft-{width}.png"))


def test_a_teacher_deletes_an_unstarted_assignment_and_is_told_why_not_a_started_one(
    page, live_server, teacher
):
    unstarted = build_assignment(teacher, prompts=1)
    started = build_assignment(teacher, classroom=unstarted.classroom, prompts=1)
    post_answer(enrol(started.classroom), started, n=0)
    sign_in(page, live_server.url, teacher.username, PASSWORD)

    # Asked first, from the assignment's settings; then gone from the class.
    page.goto(reverse("assignments:assignment_edit", args=[unstarted.pk]))
    page.get_by_role("link", name="Delete the assignment…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Delete “Aid and alliance” for History (P1)?"
    )
    assert_axe_clean(page, "delete an assignment: asked first")
    page.get_by_role("button", name="Delete the assignment").click()
    expect(page.get_by_text("is no longer assigned to")).to_be_visible()
    assert_axe_clean(page, "assignment deleted")
    assert not Assignment.objects.filter(pk=unstarted.pk).exists()

    # One a student has started is kept, and the page says why and what to do.
    page.goto(reverse("assignments:assignment_delete", args=[started.pk]))
    page.get_by_role("button", name="Delete the assignment").click()
    expect(page.get_by_text("Close it instead")).to_be_visible()
    assert_axe_clean(page, "deleting a started assignment refused")
    assert Assignment.objects.filter(pk=started.pk).exists()
