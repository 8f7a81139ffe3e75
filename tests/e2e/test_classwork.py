"""The teacher's home and a class's Classwork tab in Chromium: each assignment
once, counted in students, at a laptop's width and a phone's; axe on each."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from assignments.services.assignments import assignment_close
from tests.assignments.conftest import build_assignment, enrol, post_answer
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
