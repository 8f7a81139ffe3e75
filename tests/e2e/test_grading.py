"""Grading three students with the keyboard shortcuts alone, in Chromium: a
review-table cell opens the answer with the cursor in its score; J saves and
opens the next student, Ctrl+Enter saves, R returns, K goes back, V returns for
revision; axe on the page with its list of shortcuts open. Then "Return all" asks and leaves the unscored."""

import os
import uuid
from decimal import Decimal

from playwright.sync_api import expect

from assignments.models import Feedback, Response
from assignments.services import answers
from tests.assignments.conftest import (
    build_assignment,
    enrol,
    post_answer,
    return_for_revision,
)
from tests.browser import assert_axe_clean, sign_in
from tests.builders import PASSWORD, StudentFactory


def test_three_students_graded_with_the_keyboard_then_return_all_asks(
    page, live_server, teacher
):
    assignment = build_assignment(teacher, prompts=1, points=10)
    names = [("Ada", "Adams"), ("Bo", "Brown"), ("Cy", "Cole"), ("Di", "Dunn")]
    students = [
        enrol(assignment.classroom, StudentFactory(first_name=f, last_name=last))
        for f, last in names
    ]
    for student in students:
        post_answer(student, assignment)

    sign_in(page, live_server.url, teacher.username, PASSWORD)
    page.goto(f"/assignments/{assignment.pk}/review/")
    # The cell under question 1 in Ada's row (the row and column headers name it).
    ada = page.get_by_role("row", name="Adams, Ada")
    ada.get_by_role("cell").first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ada Adams")
    score = page.get_by_label("Score for question 1 (out of 10)")
    expect(score).to_be_focused()
    page.get_by_text("Keyboard shortcuts").click()
    expect(page.locator(".shortcut-list")).to_contain_text(
        "Save, then the next student"
    )
    assert_axe_clean(page, "grading with the shortcuts listed")

    score.focus()
    page.keyboard.type("7")
    page.keyboard.press("Escape")
    page.keyboard.press("j")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bo Brown")
    expect(score).to_be_focused()
    page.keyboard.type("8.5")
    page.keyboard.press("Tab")
    page.keyboard.type("Good use of the source.")
    page.keyboard.press("Escape")
    page.keyboard.press("j")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cy Cole")
    expect(score).to_be_focused()
    page.keyboard.type("6")
    page.keyboard.press("Control+Enter")
    expect(page.get_by_text("Feedback saved for Cy Cole.")).to_be_visible()
    page.keyboard.press("r")
    expect(
        page.get_by_text("Feedback saved and 1 answer returned to Cy Cole.")
    ).to_be_visible()
    page.keyboard.press("k")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bo Brown")
    expect(score).to_have_value("8.5")
    page.keyboard.press("Escape")  # the cursor starts in the score
    page.keyboard.press("v")
    expect(
        page.get_by_text(
            "Feedback saved and 1 answer returned to Bo Brown for revision."
        )
    ).to_be_visible()

    scores = {
        f.response.student.last_name: f.score
        for f in Feedback.objects.select_related("response__student")
    }
    assert scores == {
        "Adams": Decimal("7"),
        "Brown": Decimal("8.5"),
        "Cole": Decimal("6"),
    }
    assert Feedback.objects.get(response__student__last_name="Brown").comment == (
        "Good use of the source."
    )

    # Return all: it asks, says Di Dunn's answer has no score, and leaves it.
    page.goto(f"/assignments/{assignment.pk}/review/")
    page.get_by_role("link", name="Return the scored answers…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Return 1 scored answer to its student?"
    )
    expect(page.locator("#unscored")).to_have_text(
        "1 submitted answer has no score yet: it stays with you."
    )
    assert_axe_clean(page, "return all, asked")
    page.get_by_role("button", name="Return 1 answer").click()
    expect(page.get_by_text("1 answer returned")).to_be_visible()
    returned = set(
        Response.objects.filter(status=Response.Status.RETURNED).values_list(
            "student__last_name", flat=True
        )
    )
    assert returned == {"Adams", "Cole"}
    revise = Response.objects.get(student__last_name="Brown")
    assert revise.status == Response.Status.REVISION


def test_the_teacher_opens_a_revised_answers_versions_from_the_keyboard(
    page, live_server, teacher, student
):
    assignment = build_assignment(teacher, prompts=1, points=10)
    enrol(assignment.classroom, student)
    response = post_answer(student, assignment, "Aid came late.")
    return_for_revision(response, teacher, "Say why.")
    answers.response_draft_save(
        response=response, text="Aid came late because Congress argued.", revision=9
    )
    answers.response_submit(response=response, idempotency_key=uuid.uuid4())

    sign_in(page, live_server.url, teacher.username, PASSWORD)
    page.goto(f"/assignments/{assignment.pk}/review/students/{student.pk}/")
    versions = page.locator("[data-earlier-versions]")
    summary = versions.locator("summary")
    expect(summary).to_have_text("All 2 versions, with what changed")
    expect(versions.locator(".version-text").first).not_to_be_visible()
    summary.focus()
    page.keyboard.press("Enter")
    newest = versions.locator(".answer-version").first
    expect(newest).to_contain_text("Version 2")
    expect(newest).to_contain_text("changes since version 1")
    expect(newest.locator("del")).to_have_text("late.")
    expect(newest.locator("ins")).to_contain_text("because Congress argued.")
    expect(versions.locator(".answer-version").nth(1)).to_contain_text("Version 1")
    assert_axe_clean(page, "grading, a revised answer's versions open")
    if folder := os.environ.get("PORTAL_SCREENSHOT_DIR"):
        for width, height in [(1280, 800), (390, 844)]:
            page.set_viewport_size({"width": width, "height": height})
            newest.scroll_into_view_if_needed()
            page.screenshot(path=os.path.join(folder, f"grading-versions-{width}.png"))
