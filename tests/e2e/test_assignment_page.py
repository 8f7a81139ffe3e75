"""The assignment page as a student works on it, in a real browser: refusals shown
beside their field, in view, focused and announced, with the typed text kept and
no form sent twice by a reload; with JavaScript (htmx) and without it."""

import io
import os

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from assignments.models import Assignment
from tests.assignments.conftest import build_assignment, enrol
from tests.browser import assert_axe_clean, sign_in
from tests.builders import PASSWORD


def shot(page, name, *, full=False):
    """Screenshots for a person to look at, when PORTAL_SCREENSHOT_DIR is set."""
    folder = os.environ.get("PORTAL_SCREENSHOT_DIR")
    if folder:
        page.screenshot(
            path=os.path.join(folder, f"workspace-{name}.png"), full_page=full
        )


def posts_on_reload(page) -> list[str]:
    """Reload the page; the POST requests the reload sent (there must be none)."""
    sent = []
    page.on("request", lambda r: r.method == "POST" and sent.append(r.url))
    page.reload()
    page.wait_for_load_state("networkidle")
    return sent


def focused_id(page) -> str:
    return page.evaluate("() => document.activeElement && document.activeElement.id")


@pytest.fixture
def two_citation_assignment(teacher, student):
    assignment = build_assignment(teacher, prompts=2, min_citations=2)
    enrol(assignment.classroom, student)
    return assignment


def test_refusals_come_back_beside_their_field_focused_and_with_the_text(
    page, live_server, two_citation_assignment, student
):
    assignment = two_citation_assignment
    second = assignment.lesson.prompts.order_by("order")[1]
    sign_in(page, live_server.url, student.username, PASSWORD)
    page.goto(f"/assignments/{assignment.pk}/")
    form = page.locator(f"#answer-{second.pk}-form")
    box = form.get_by_label("Your answer to question 2")
    box.fill("The alliance held because both needed it.")

    # Submitting without the two passages the question needs.
    form.get_by_role("button", name="Submit answer").click()
    error = page.locator(f"#answer-{second.pk}-error")
    expect(error).to_contain_text("needs at least 2 cited passages")
    expect(error).to_be_focused()
    expect(error).to_be_in_viewport()
    expect(error).to_have_attribute("role", "alert")
    expect(box).to_have_value("The alliance held because both needed it.")
    assert page.url.endswith(f"/assignments/{assignment.pk}/")
    assert_axe_clean(page, "a refused submission")
    shot(page, "refused-submit")

    # A quotation typed by hand that is not in the paragraph.
    form.get_by_text("Add a quotation by hand", exact=True).click()
    form.get_by_label("Paragraph number (¶)").fill("2")
    quotation = form.get_by_label("The words you quote, copied from that paragraph")
    quotation.fill("words that are nowhere")
    form.get_by_role("button", name="Add quotation").click()
    cite_error = page.locator(f"#cite-{second.pk}-quotation-error")
    expect(cite_error).to_contain_text("These words are not in ¶2")
    expect(cite_error).to_be_focused()
    expect(cite_error).to_be_in_viewport()
    expect(quotation).to_have_value("words that are nowhere")
    expect(quotation).to_have_attribute("aria-invalid", "true")
    expect(box).to_have_value("The alliance held because both needed it.")
    assert_axe_clean(page, "a refused quotation typed by hand")
    shot(page, "refused-cite")

    # Right words: added, said beside the buttons; the typing goes on.
    quotation.fill("Whose defense the President deems vital")
    form.get_by_role("button", name="Add quotation").click()
    notice = page.locator(f"#answer-{second.pk}-notice")
    expect(notice).to_have_text("The quotation was added to your evidence.")
    expect(notice).to_be_focused()
    expect(form.locator("[data-evidence-list]")).to_contain_text(
        "“Whose defense the President deems vital”"
    )
    box.press("End")
    box.press_sequentially(" Aid came first.")
    page.keyboard.press("Tab")
    expect(page.locator(f"#answer-{second.pk}-status")).to_contain_text("Saved at")

    # A reload sends nothing again and keeps every word.
    assert posts_on_reload(page) == []
    expect(page.get_by_label("Your answer to question 2")).to_have_value(
        "The alliance held because both needed it. Aid came first."
    )


def test_without_javascript_a_refusal_is_the_page_at_its_message(
    chromium, live_server, two_citation_assignment, student
):
    assignment = two_citation_assignment
    first = assignment.lesson.prompts.order_by("order")[0]
    context = chromium.new_context(
        base_url=live_server.url,
        java_script_enabled=False,
        viewport={"width": 1280, "height": 800},
    )
    try:
        page = context.new_page()
        sign_in(page, live_server.url, student.username, PASSWORD)
        page.goto(f"/assignments/{assignment.pk}/")
        box = page.get_by_label("Your answer to question 1")
        box.fill("Lend-Lease kept the Soviet Union fighting.")
        page.locator(f"#answer-{first.pk}-form").get_by_role(
            "button", name="Submit answer"
        ).click()
        page.wait_for_load_state("domcontentloaded")
        assert page.url.endswith(
            f"/assignments/{assignment.pk}/#answer-{first.pk}-error"
        )
        error = page.locator(f"#answer-{first.pk}-error")
        expect(error).to_contain_text("needs at least 2 cited passages")
        expect(error).to_be_in_viewport()
        assert focused_id(page) == f"answer-{first.pk}-error"
        expect(box).to_have_value("Lend-Lease kept the Soviet Union fighting.")
        shot(page, "refused-submit-no-js")
        assert posts_on_reload(page) == []
        expect(error).to_have_count(0)  # said once; the text stays
        expect(box).to_have_value("Lend-Lease kept the Soviet Union fighting.")
    finally:
        context.close()


# --- the two panes ------------------------------------------------------------


@pytest.fixture
def shipped_lesson(db):
    """The shipped unit's lesson 1, assigned to the demo class (seed_demo)."""
    call_command("seed_demo", stdout=io.StringIO())
    return Assignment.objects.select_related("lesson").get(lesson__order=1)


def open_as_demo_student(page, live_server, assignment, *, width, height):
    page.set_viewport_size({"width": width, "height": height})
    sign_in(page, live_server.url, "demo.student3", "read-the-sources")
    page.goto(f"/assignments/{assignment.pk}/")


def in_viewport(locator) -> bool:
    box = locator.bounding_box()
    size = locator.page.viewport_size
    return bool(
        box
        and box["y"] >= 0
        and box["y"] + min(box["height"], 40) <= size["height"]
        and box["x"] >= 0
        and box["x"] + box["width"] <= size["width"] + 1
    )


def test_reading_and_answering_side_by_side_on_a_wide_screen(
    page, live_server, shipped_lesson
):
    assignment = shipped_lesson
    open_as_demo_student(page, live_server, assignment, width=1280, height=800)
    assert_axe_clean(page, "the workspace at 1280×800")
    shot(page, "wide")
    assert page.evaluate("() => document.documentElement.scrollHeight") <= 800 + 1
    prompts = list(assignment.lesson.prompts.order_by("order"))
    nav = page.get_by_role("navigation", name="Questions in this lesson")
    for prompt in prompts:
        nav.get_by_role("link", name=f"Question {prompt.order} ").click()
        box = page.locator(f"#answer-{prompt.pk}")
        expect(box).to_be_in_viewport()
        for ref in prompt.lesson_excerpts.all():
            # Reading each paragraph of the excerpts the question points to: it
            # and the answer box are in view together.
            for n in range(1, len(ref.excerpt.paragraphs) + 1):
                para = page.locator(f"#{ref.excerpt.paragraph_anchor(n)}")
                para.scroll_into_view_if_needed()
                assert in_viewport(para), f"¶{n} of {ref.excerpt} out of view"
            assert in_viewport(box), f"the answer box {prompt.order} out of view"


def test_on_a_phone_a_read_answer_switch_keeps_the_place_in_each(
    page, live_server, shipped_lesson
):
    assignment = shipped_lesson
    first = assignment.lesson.prompts.order_by("order").first()
    open_as_demo_student(page, live_server, assignment, width=390, height=844)
    read = page.get_by_role("button", name="Read", exact=True)
    answer = page.get_by_role("button", name="Answer", exact=True)
    expect(read).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#workspace-answer")).to_be_hidden()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert_axe_clean(page, "the workspace at 390×844, reading")
    shot(page, "phone-read")

    page.mouse.wheel(0, 1500)
    page.wait_for_function("() => window.scrollY >= 1400")
    reading_at = page.evaluate("() => window.scrollY")
    answer.click()
    expect(page.locator("#workspace-read")).to_be_hidden()
    expect(answer).to_have_attribute("aria-pressed", "true")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert_axe_clean(page, "the workspace at 390×844, answering")
    shot(page, "phone-answer")
    page.get_by_label("Your answer to question 1").scroll_into_view_if_needed()
    answering_at = page.evaluate("() => window.scrollY")
    read.click()
    assert page.evaluate("() => window.scrollY") == reading_at
    answer.click()
    assert page.evaluate("() => window.scrollY") == answering_at

    # A question's "Look at" link leads into the reading pane.
    card = page.locator(f"#prompt-{first.pk}-q")
    ref = first.lesson_excerpts.first()
    card.get_by_role("link", name=ref.excerpt.title).click()
    expect(page.locator("#workspace-read")).to_be_visible()
    expect(page.locator(f"#ex-{ref.excerpt_id}-title")).to_be_in_viewport()


def test_the_questions_are_a_few_key_presses_from_the_top(
    page, live_server, shipped_lesson
):
    assignment = shipped_lesson
    first = assignment.lesson.prompts.order_by("order").first()
    open_as_demo_student(page, live_server, assignment, width=1280, height=800)
    presses = 0
    while page.evaluate("() => document.activeElement.textContent.trim()") != (
        "Skip to the questions"
    ):
        page.keyboard.press("Tab")
        presses += 1
        assert presses <= 10, "the skip link to the questions is too far"
    expect(page.get_by_role("link", name="Skip to the questions")).to_be_in_viewport()
    page.keyboard.press("Enter")
    presses += 1
    box = page.get_by_label("Your answer to question 1")
    while focused_id(page) != f"answer-{first.pk}":
        page.keyboard.press("Tab")
        presses += 1
        assert presses <= 14, "question 1's answer box is too far"
    expect(box).to_be_in_viewport()
