"""The evidence grid in a real browser: a student fills a 3×2 grid with verified
quotations and stances (the first cell from the keyboard alone, a refused
quotation beside its field with the words kept), submits it once; the teacher's
class grid counts the stances and opens one cell's quotations in their
paragraphs. Axe on every state; nothing scrolls sideways at 390 px."""

import os
import uuid

from django.urls import reverse
from playwright.sync_api import expect

from assignments.models import GridCell, SubmissionVersion
from assignments.services import answers, grid
from tests.assignments.conftest import build_assignment, enrol
from tests.browser import assert_axe_clean, sign_in
from tests.builders import PASSWORD, StudentFactory

QUESTIONS = ("Does it show trust between the allies?", "Who made it, and why?")
# Words of ¶1 of each of the builder's three excerpts.
WORDS = [
    "lend or lease",
    "The Soviet Union shall enter the war against Japan",
    "We shall fight on the beaches",
]
NOTE = "An official text, so it says what the government wanted said."


def _shot(page, name):
    """Screenshots at 1280×800 and 390×844 when PORTAL_SCREENSHOT_DIR is set."""
    folder = os.environ.get("PORTAL_SCREENSHOT_DIR")
    if not folder:
        return
    for width, height in ((1280, 800), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=os.path.join(folder, f"grid-{name}-{width}.png"))
    page.set_viewport_size({"width": 1280, "height": 800})


def _no_sideways_scroll(page, what):
    page.set_viewport_size({"width": 390, "height": 844})
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert widths[0] <= widths[1], f"{what} scrolls sideways at 390 px: {widths}"
    assert_axe_clean(page, f"{what} at 390 px")
    page.set_viewport_size({"width": 1280, "height": 800})


def _grid_assignment(teacher):
    return build_assignment(teacher, prompts=0, grid=QUESTIONS)


def test_a_student_fills_a_3x2_grid_and_submits_it(page, live_server, teacher):
    assignment = _grid_assignment(teacher)
    student = enrol(assignment.classroom)
    prompt = assignment.lesson.prompts.get()
    rows = [i.excerpt for i in assignment.lesson.lesson_excerpts.order_by("order")]
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, live_server.url, student.username, PASSWORD)
    page.goto(f"/assignments/{assignment.pk}/")
    expect(page.locator(".grid-row")).to_have_count(3)
    expect(page.locator("form[data-grid-cell]")).to_have_count(6)
    assert_axe_clean(page, "an empty evidence grid")
    _shot(page, "empty")

    # The first cell from the keyboard alone: a quotation not in that paragraph.
    first = page.locator(f"#grid-{prompt.pk}-{rows[0].pk}-1")
    first.get_by_label("Paragraph (¶)").focus()
    page.keyboard.press("ArrowDown")  # ¶1
    page.keyboard.press("Tab")
    page.keyboard.type("lend and borrow")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # the first stance: Supports
    page.keyboard.press("Tab")
    page.keyboard.type(NOTE)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # Save cell
    error = page.locator(f"#grid-{prompt.pk}-{rows[0].pk}-1-quotation-error")
    expect(error).to_contain_text("These words are not in ¶1")
    expect(error).to_be_focused()
    expect(error).to_have_attribute("role", "alert")
    quotation = first.get_by_label("Words quoted from that paragraph")
    expect(quotation).to_have_value("lend and borrow")
    expect(quotation).to_have_attribute("aria-invalid", "true")
    expect(first.get_by_label("Reliability note (one line, about the source line)"))
    assert_axe_clean(page, "a refused grid quotation")
    _shot(page, "refused")
    _no_sideways_scroll(page, "the grid with a refusal")

    # Corrected from the keyboard: Save answers in place with where the words are.
    first = page.locator(f"#grid-{prompt.pk}-{rows[0].pk}-1")
    first.get_by_label("Words quoted from that paragraph").focus()
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type(WORDS[0])
    first.get_by_role("button", name="Save cell").press("Enter")
    status = page.locator(f"#grid-{prompt.pk}-{rows[0].pk}-1-status")
    expect(status).to_have_text("Saved. The words are in ¶1.")
    expect(status).to_be_focused()

    # The other five cells; the last one is left to autosave.
    stances = ["Contradicts", "Complicates", "Supports", "Contradicts", "Complicates"]
    cells = [(r, c) for r in range(3) for c in (1, 2)][1:]
    for (row, column), stance in zip(cells, stances, strict=True):
        cell = page.locator(f"#grid-{prompt.pk}-{rows[row].pk}-{column}")
        cell.get_by_label("Paragraph (¶)").select_option("1")
        cell.get_by_label("Words quoted from that paragraph").fill(WORDS[row])
        cell.get_by_label(stance, exact=True).check()
        cell.get_by_label("Reliability note (one line, about the source line)").fill(
            NOTE
        )
        if (row, column) != cells[-1]:
            cell.get_by_role("button", name="Save cell").click()
            expect(
                page.locator(f"#grid-{prompt.pk}-{rows[row].pk}-{column}-status")
            ).to_have_text("Saved. The words are in ¶1.")
    last = page.locator(f"#grid-{prompt.pk}-{rows[2].pk}-2-status")
    expect(last).to_contain_text("Saved at", timeout=10_000)
    assert GridCell.objects.filter(quotation_found=True).count() == 6

    page.get_by_role("button", name="Submit the grid").click()
    notice = page.locator(f"#answer-{prompt.pk}-notice")
    expect(notice).to_have_text("Your grid is submitted (version 1).")
    expect(notice).to_be_focused()
    expect(page.locator(".grid-box .answer-state")).to_contain_text(
        "Submitted · version 1"
    )
    assert_axe_clean(page, "a submitted grid")
    _shot(page, "submitted")
    # Submitting again with nothing changed adds no version.
    page.get_by_role("button", name="Submit the grid again").click()
    expect(page.locator(f"#answer-{prompt.pk}-notice")).to_contain_text("version 1")
    version = SubmissionVersion.objects.get()
    assert [e["stance"] for e in version.citations] == [
        "supports",
        "contradicts",
        "complicates",
        "supports",
        "contradicts",
        "complicates",
    ]
    assert {e["quotation"] for e in version.citations} == set(WORDS)


def _submitted(assignment, student, stances):
    response = answers.response_get_or_create(
        assignment=assignment, prompt=assignment.lesson.prompts.get(), student=student
    )
    rows = [i.excerpt for i in assignment.lesson.lesson_excerpts.order_by("order")]
    for excerpt, words, stance in zip(rows, WORDS, stances, strict=True):
        for column in (1, 2):
            grid.grid_cell_save(
                response=response,
                excerpt=excerpt,
                column=column,
                paragraph=1,
                quotation=words,
                stance=stance,
                note=NOTE,
            )
    grid.grid_submit(response=response, idempotency_key=uuid.uuid4())


def test_the_teacher_reads_the_class_grid_and_opens_a_quotation(
    page, live_server, teacher
):
    assignment = _grid_assignment(teacher)
    names = [("Ada", "Adams"), ("Bo", "Brown"), ("Cy", "Cole")]
    stances = [
        ["supports", "supports", "complicates"],
        ["contradicts", "supports", "complicates"],
        ["supports", "contradicts", "complicates"],
    ]
    for (first, last), chosen in zip(names, stances, strict=True):
        student = enrol(
            assignment.classroom, StudentFactory(first_name=first, last_name=last)
        )
        _submitted(assignment, student, chosen)
    enrol(assignment.classroom)  # has not submitted
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, live_server.url, teacher.username, PASSWORD)
    page.goto(reverse("assignments:review_table", args=[assignment.pk]))
    expect(page.locator(".evidence-use").first).to_contain_text("3 of 3 documents")
    expect(page.locator(".review-table td").first).to_contain_text("6 cited")
    assert_axe_clean(page, "the review table with evidence use")
    _shot(page, "review-table")
    page.get_by_role("link", name="Class grid of question 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Class grid: question 1")
    expect(page.locator("main")).to_contain_text(
        "3 of 4 students have submitted their grid"
    )
    first_cell = page.locator(".class-grid tbody tr").first.locator("td").first
    expect(first_cell).to_contain_text("Supports 2")
    expect(first_cell).to_contain_text("Contradicts 1")
    expect(first_cell).to_contain_text("Complicates 0")
    assert_axe_clean(page, "the class grid")
    _shot(page, "class-grid")
    _no_sideways_scroll(page, "the class grid")

    # From the keyboard: the cell's link opens its quotations in their paragraphs.
    first_cell.get_by_role("link").focus()
    page.keyboard.press("Enter")
    opened = page.locator("#opened")
    expect(opened).to_be_visible()
    expect(opened.locator(".opened-entry")).to_have_count(3)
    expect(opened.locator("mark").first).to_have_text("lend or lease")
    expect(opened).to_contain_text("The President may lend or lease")
    expect(opened).to_contain_text("Adams, Ada")
    assert_axe_clean(page, "the class grid with a cell open")
    _shot(page, "class-grid-open")
    _no_sideways_scroll(page, "the class grid with a cell open")
