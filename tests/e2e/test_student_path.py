"""The whole student path in a real browser: from the to-do list to one submission,
through a citation made by selecting words and a session that expires mid-answer."""

import os
import re

from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from assignments.models import Response, SubmissionVersion
from tests.assignments.conftest import build_assignment, enrol
from tests.browser import assert_axe_clean, sign_in
from tests.factories import PASSWORD

SELECT_WORDS = """([anchor, words]) => {
    const original = document.querySelector('#' + anchor + ' .para-original');
    const walker = document.createTreeWalker(original, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
        const at = node.textContent.indexOf(words);
        if (at >= 0) {
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + words.length);
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
            return true;
        }
    }
    return false;
}"""


def _shot(page, name, *, full):
    """Screenshots for a person to look at, when PORTAL_SCREENSHOT_DIR is set."""
    folder = os.environ.get("PORTAL_SCREENSHOT_DIR")
    if folder:
        page.screenshot(path=os.path.join(folder, f"assign-{name}.png"), full_page=full)


def _expected_refusals(page):
    """The save answered 401 (signed out) and 403 (stale CSRF token) on purpose;
    Chromium logs those as console errors. Any other error still fails the test."""
    expected = re.compile(r"status of 40[13]")
    page.console_errors[:] = [e for e in page.console_errors if not expected.search(e)]


def test_student_cites_types_survives_a_lost_session_and_submits_once(
    page, live_server, teacher, student
):
    assignment = build_assignment(
        teacher, prompts=1, instructions="Use **two** sources."
    )
    enrol(assignment.classroom, student)
    excerpt = assignment.lesson.lesson_excerpts.order_by("order").first().excerpt
    prompt = assignment.lesson.prompts.get()

    sign_in(page, live_server.url, student.username, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("To do")
    assert_axe_clean(page, "to-do list")
    _shot(page, "todo", full=True)

    page.get_by_role("link", name="Aid and alliance").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aid and alliance")
    assert_axe_clean(page, "assignment page")

    # Cite by selecting words inside paragraph 2 of the first excerpt.
    anchor = excerpt.paragraph_anchor(2)
    words = "the President deems vital"
    assert page.evaluate(SELECT_WORDS, [anchor, words])
    cite = page.get_by_role("button", name="Cite", exact=True)
    expect(cite).to_be_visible()
    assert_axe_clean(page, "assignment page with the cite bar")
    _shot(page, "cite", full=False)
    cite.click()
    evidence = page.locator(f"form[data-prompt='{prompt.pk}'] [data-evidence-list]")
    expect(evidence).to_contain_text(f"“{words}”")
    expect(evidence).to_contain_text("Passage 0, ¶2")

    # Type, leave the box: saved.
    box = page.get_by_label("Your answer to question 1")
    box.click()
    box.press_sequentially("The aid mattered because")
    page.keyboard.press("Tab")
    status = page.locator(f"#answer-{prompt.pk}-status")
    expect(status).to_contain_text("Saved at")

    # The session expires on the server while the student keeps typing.
    Session.objects.all().delete()
    box.click()
    box.press("End")
    box.press_sequentially(" the President said so.")
    page.keyboard.press("Tab")
    expect(page.get_by_text("You were signed out.", exact=True)).to_be_visible()
    expect(status).to_contain_text("Not saved")
    expect(box).to_have_value("The aid mattered because the President said so.")
    assert_axe_clean(page, "signed-out warning")
    _shot(page, "signed-out", full=False)
    assert Response.objects.get(student=student).text == "The aid mattered because"

    # Sign in again in another tab; back here, the save is retried and succeeds
    # (with a fresh CSRF token, as signing in changed it).
    other_tab = page.context.new_page()
    sign_in(other_tab, live_server.url, student.username, PASSWORD)
    other_tab.close()
    page.bring_to_front()
    page.get_by_role("button", name="Try again now").click()
    expect(status).to_contain_text("Saved at")
    expect(page.get_by_text("You were signed out.", exact=True)).to_be_hidden()
    saved = Response.objects.get(student=student)
    assert saved.text == "The aid mattered because the President said so."

    # Submit (twice, as an impatient click would): one submission, all the text.
    submit = page.get_by_role("button", name="Submit answer")
    submit.dblclick()
    expect(page.get_by_text("Your answer is submitted (version 1).")).to_be_visible()
    assert_axe_clean(page, "after submitting")
    _shot(page, "submitted", full=True)
    versions = SubmissionVersion.objects.filter(response__student=student)
    assert versions.count() == 1
    version = versions.get()
    assert version.text == "The aid mattered because the President said so."
    assert [c["quotation"] for c in version.citations] == [words]
    _expected_refusals(page)
