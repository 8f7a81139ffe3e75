"""The assignment page as a student works on it, in a real browser: refusals shown
beside their field, in view, focused and announced, with the typed text kept and
no form sent twice by a reload; with JavaScript (htmx) and without it."""

import io
import os

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from assignments.models import Assignment, Citation, Response
from tests.assignments.conftest import (
    build_assignment,
    enrol,
    post_answer,
    return_for_revision,
)
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
    call_command(
        "seed_demo", "--i-know-this-creates-demo-accounts", stdout=io.StringIO()
    )
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
    # From the skip link: Enter, the list of questions, question 1's "Look at"
    # links, its answer box.
    presses = 0
    page.keyboard.press("Enter")
    presses += 1
    box = page.get_by_label("Your answer to question 1")
    while focused_id(page) != f"answer-{first.pk}":
        page.keyboard.press("Tab")
        presses += 1
        assert presses <= 8, "question 1's answer box is too far"
    expect(box).to_be_in_viewport()


# --- citing from the keyboard ------------------------------------------------


def test_a_sentence_is_cited_from_the_keyboard_in_a_few_presses(
    page, live_server, shipped_lesson
):
    assignment = shipped_lesson
    second = assignment.lesson.prompts.order_by("order")[1]
    excerpt = next(
        item.excerpt
        for item in assignment.lesson.lesson_excerpts.order_by("order")
        if len(item.excerpt.paragraphs) >= 3
    )
    open_as_demo_student(page, live_server, assignment, width=1280, height=800)
    # The student was last in question 2.
    page.get_by_label("Your answer to question 2").focus()

    cite_para = page.locator(f"#{excerpt.paragraph_anchor(3)}").get_by_role(
        "button", name="Cite paragraph 3"
    )
    cite_para.focus()  # reached the paragraph
    presses = 0
    for key in ("Enter", "ArrowDown", "Enter"):  # open, second sentence, cite
        page.keyboard.press(key)
        presses += 1
        if key == "Enter" and presses == 1:
            picker = page.locator(f"#{excerpt.paragraph_anchor(3)}-cite")
            expect(picker).to_be_visible()
            expect(picker.get_by_role("combobox")).to_have_value(str(second.pk))
            assert_axe_clean(page, "a paragraph's sentences to cite")
            shot(page, "sentences")
            sentence = picker.locator(".sentence-text").nth(1).text_content()
    assert presses <= 6
    box = page.get_by_label("Your answer to question 2")
    expect(box).to_be_focused()  # the answer box, with no more presses
    expect(box).to_be_in_viewport()
    evidence = page.locator(f"#answer-{second.pk}-form [data-evidence-list]")
    cited = evidence.locator(".evidence-item").last
    expect(cited).to_contain_text(sentence.strip()[:40])
    expect(cited).to_be_in_viewport()
    expect(page.locator("[data-announcer]")).to_contain_text(
        "Quotation added to question 2 (Roosevelt publicly called"
    )
    shot(page, "cited-from-keyboard")
    assert Citation.objects.get(response__prompt=second).quotation.startswith(
        " ".join(sentence.split())[:40]
    )

    # From the citation to its paragraph and back: one press each way.
    cited.get_by_role("link", name="¶3").press("Enter")
    back = page.get_by_role("button", name="Back to your answer")
    expect(back).to_be_focused()
    expect(page.locator(f"#{excerpt.paragraph_anchor(3)}")).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(cited.get_by_role("link", name="¶3")).to_be_focused()
    expect(box).to_be_in_viewport()

    # Two sentences that follow each other, ticked: one quotation.
    cite_para.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    picker = page.locator(f"#{excerpt.paragraph_anchor(3)}-cite")
    picker.get_by_role("button", name="Cite", exact=True).press("Enter")
    expect(box).to_be_focused()
    expect(evidence.locator(".evidence-item")).to_have_count(2)
    assert Citation.objects.filter(response__prompt=second).count() == 2


def _select_across(page, first, last, end_offset=1):
    page.evaluate(
        """([a, b, end]) => {
            const range = document.createRange();
            range.setStart(document.querySelector('#' + a + ' .para-original'), 0);
            range.setEnd(document.querySelector('#' + b + ' .para-original'), end);
            const s = window.getSelection();
            s.removeAllRanges();
            s.addRange(range);
        }""",
        [first, last, end_offset],
    )


def test_the_cite_bar_names_the_question_and_splits_two_paragraphs(
    page, live_server, shipped_lesson
):
    assignment = shipped_lesson
    prompts = list(assignment.lesson.prompts.order_by("order"))
    excerpt = prompts[2].lesson_excerpts.first().excerpt
    open_as_demo_student(page, live_server, assignment, width=1280, height=800)
    page.get_by_role("navigation", name="Questions in this lesson").get_by_role(
        "link", name="Question 3 "
    ).click()
    page.get_by_label("Your answer to question 3").focus()
    # Words over more than three paragraphs: the bar says why it will not cite them.
    page.evaluate(
        """() => {
            const paras = document.querySelectorAll('#workspace-read .para-original');
            const range = document.createRange();
            range.setStart(paras[0], 0);
            range.setEnd(paras[3], 1);
            const s = window.getSelection();
            s.removeAllRanges();
            s.addRange(range);
        }"""
    )
    refusal = page.locator("[data-cite-refusal]")
    expect(refusal).to_contain_text("runs across more than three paragraphs (¶1, ¶2")
    expect(refusal).to_contain_text("Select up to three paragraphs at a time")
    expect(refusal).to_be_in_viewport()
    expect(page.locator("[data-cite-button]")).to_be_hidden()
    assert_axe_clean(page, "a selection across four paragraphs")
    shot(page, "across-refused")
    # Words across ¶1 and ¶2: one quotation from each paragraph.
    _select_across(page, excerpt.paragraph_anchor(1), excerpt.paragraph_anchor(2))
    expect(page.locator("[data-cite-where]")).to_have_text(
        "(2 quotations, one from each paragraph: ¶1, ¶2)"
    )
    assert_axe_clean(page, "a selection across two paragraphs")
    shot(page, "across-split")
    page.locator("[data-cite-button]").click()
    box = page.get_by_label("Your answer to question 3")
    expect(box).to_be_focused()
    evidence = page.locator(f"#answer-{prompts[2].pk}-form [data-evidence-list]")
    expect(evidence.locator(".evidence-item")).to_have_count(2)
    cited = Citation.objects.filter(response__prompt=prompts[2]).order_by("pk")
    assert [c.paragraph for c in cited] == [1, 2]
    # Words inside one paragraph: the bar names question 3 by its words.
    page.evaluate(
        """(a) => {
            const p = document.querySelector('#' + a + ' .para-original p');
            const range = document.createRange();
            range.selectNodeContents(p);
            const s = window.getSelection();
            s.removeAllRanges();
            s.addRange(range);
        }""",
        excerpt.paragraph_anchor(2),
    )
    target = page.get_by_label("Add to", exact=True)
    expect(target).to_have_value(str(prompts[2].pk))
    label = target.locator("option:checked").text_content()
    assert label.startswith("Question 3: Both essays describe the years")
    page.locator("[data-cite-button]").click()
    expect(page.get_by_label("Your answer to question 3")).to_be_focused()
    # The very words ¶2's part of the split already cited: kept once.
    expect(page.locator(f"#answer-{prompts[2].pk}-form .evidence-item")).to_have_count(
        2
    )


# --- revise and resubmit ---------------------------------------------------------


def test_an_answer_returned_for_revision_is_revised_and_resubmitted(
    page, live_server, teacher, student
):
    assignment = build_assignment(teacher, prompts=2)
    enrol(assignment.classroom, student)
    post_answer(student, assignment, "Aid mattered.", n=0)
    second = post_answer(student, assignment, "Aid came late.", n=1)
    return_for_revision(second, teacher, "Say **why** it came late.")

    sign_in(page, live_server.url, student.username, PASSWORD)
    revision = page.locator("#todo-revision").locator("..")
    expect(revision).to_contain_text("1 answer to revise")
    assert_axe_clean(page, "to-do list with an answer to revise")
    revision.get_by_role("link", name="Aid and alliance").click()
    form = page.locator(f"#answer-{second.prompt_id}-form")
    comment = form.locator(".teacher-feedback")
    expect(comment).to_contain_text("Your teacher asks you to revise this answer")
    expect(comment).to_contain_text("Say why it came late.")
    expect(comment).to_be_in_viewport()
    box = form.get_by_label("Your answer to question 2")
    expect(box).to_have_value("Aid came late.")
    assert_axe_clean(page, "an answer returned for revision")
    shot(page, "revision")

    box.fill("Aid came late because Congress argued for months.")
    form.get_by_role("button", name="Submit the revised answer").click()
    notice = page.locator(f"#answer-{second.prompt_id}-notice")
    expect(notice).to_have_text("Your answer is submitted (version 2).")
    expect(notice).to_be_focused()
    form.get_by_text("Your submitted versions (2)").click()
    changes = form.locator(".version-text").first
    expect(changes.locator("del")).to_have_text("late.")
    expect(changes.locator("ins")).to_contain_text("because Congress argued")
    assert_axe_clean(page, "the versions kept, with the changes marked")
    shot(page, "resubmitted")
    second.refresh_from_db()
    assert second.status == "submitted"
    assert list(second.versions.values_list("number", flat=True)) == [1, 2]


def test_an_answer_saves_itself_soon_after_typing_pauses(
    page, live_server, two_citation_assignment, student
):
    first = two_citation_assignment.lesson.prompts.order_by("order")[0]
    sign_in(page, live_server.url, student.username, PASSWORD)
    page.goto(f"/assignments/{two_citation_assignment.pk}/")
    box = page.get_by_label("Your answer to question 1")
    box.press_sequentially("Typed, then a pause")
    # No blur, no button: saved a few seconds after the last key.
    expect(page.locator(f"#answer-{first.pk}-status")).to_contain_text(
        "Saved at", timeout=6_000
    )
    expect(box).to_be_focused()
    assert Response.objects.get(student=student).text == "Typed, then a pause"


def test_a_submit_pressed_while_a_draft_is_being_saved_is_sent_next(
    page, live_server, teacher, student
):
    assignment = build_assignment(teacher, prompts=1, min_citations=0)
    enrol(assignment.classroom, student)
    prompt = assignment.lesson.prompts.get()
    sign_in(page, live_server.url, student.username, PASSWORD)
    page.goto(f"/assignments/{assignment.pk}/")
    form = page.locator(f"#answer-{prompt.pk}-form")
    form.get_by_label("Your answer to question 1").fill("Both sides needed the aid.")
    # Save draft; the moment its request leaves, the student presses Submit.
    page.evaluate(
        """(id) => {
          const form = document.getElementById(id);
          form.addEventListener("htmx:beforeSend", () => {
            setTimeout(() => form.querySelector("[data-submit]").click(), 0);
          }, {once: true});
          form.querySelector("button[type=submit]:not([data-submit])").click();
        }""",
        f"answer-{prompt.pk}-form",
    )
    notice = page.locator(f"#answer-{prompt.pk}-notice")
    expect(notice).to_contain_text("submitted", timeout=10_000)
    response = Response.objects.get(student=student, prompt=prompt)
    assert response.versions.count() == 1
    assert response.versions.get().text == "Both sides needed the aid."

    # Both pressed at once, before the draft's request leaves: each is sent to its
    # own address, the draft first, then the submission.
    box = form.get_by_label("Your answer to question 1")
    box.fill("Both sides needed the aid, and knew it.")
    page.evaluate(
        """(id) => {
          const form = document.getElementById(id);
          form.querySelector("button[type=submit]:not([data-submit])").click();
          form.querySelector("[data-submit]").click();
        }""",
        f"answer-{prompt.pk}-form",
    )
    expect(notice).to_contain_text("version 2", timeout=10_000)
    assert response.versions.count() == 2
    assert response.versions.order_by("-number").first().text == (
        "Both sides needed the aid, and knew it."
    )
