"""The document-based essay in Chromium: a student writes a thesis and paragraphs
(claim, ticked evidence, reasoning), adds and moves paragraphs from the keyboard,
sources a document; submitting an essay that cites 2 of 4 documents under a "use
3" rule warns, naming the rule, and submits when confirmed. The teacher grades it
with the shipped rubric and sees every cited passage highlighted in its document.
Axe on every state; 1280×800 and 390×844 without sideways scrolling."""

import os

from playwright.sync_api import expect

from assignments.models import (
    Criterion,
    CriterionScore,
    Response,
    Rubric,
    SubmissionVersion,
)
from assignments.services.assignments import assignment_rubric_set
from assignments.shipped import essay_rubric_load
from lessons import services as lessons
from lessons.models import Prompt
from sources.services import excerpt_create, source_create
from tests.assignments.conftest import build_assignment, enrol
from tests.browser import assert_axe_clean, sign_in
from tests.builders import PASSWORD


def shot(page, name):
    """Screenshots for a person to look at, when PORTAL_SCREENSHOT_DIR is set."""
    folder = os.environ.get("PORTAL_SCREENSHOT_DIR")
    if folder:
        page.screenshot(path=os.path.join(folder, f"essay-{name}.png"))


def no_sideways_scroll(page):
    width = page.viewport_size["width"]
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width


def essay_assignment(teacher, student):
    """Four documents; the one question an essay: thesis, use 3, source 1."""
    assignment = build_assignment(teacher, prompts=1, min_citations=0)
    lesson = assignment.lesson
    source = source_create(owner=None, title="Churchill's broadcast, 22 June 1941")
    fourth = excerpt_create(
        source=source,
        owner=None,
        title="Passage 3",
        text="Any man or state who fights on against Nazidom will have our aid.",
    )
    lessons.lesson_excerpt_add(lesson=lesson, excerpt=fourth)
    prompt = lesson.prompts.get()
    Prompt.objects.filter(pk=prompt.pk).update(
        kind="essay",
        text="Why did the alliance hold?",
        essay_min_documents=3,
        essay_min_sourced=1,
        essay_thesis_required=True,
    )
    enrol(assignment.classroom, student)
    return assignment, prompt


def cite_by_hand(form, excerpt, paragraph, words):
    details = form.locator("details.cite-by-hand")
    if not details.evaluate("d => d.open"):
        form.get_by_text("Add a quotation by hand", exact=True).click()
    form.get_by_label("Excerpt", exact=True).select_option(label=excerpt)
    form.get_by_label("Paragraph number (¶)").fill(str(paragraph))
    form.get_by_label("The words you quote, copied from that paragraph").fill(words)
    form.get_by_role("button", name="Add quotation").click()
    expect(form.locator("[data-evidence-list]")).to_contain_text(words)


def test_an_essay_citing_two_of_four_documents_is_warned_then_graded(
    page, live_server, teacher, student
):
    assignment, prompt = essay_assignment(teacher, student)
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, live_server.url, student.username, PASSWORD)
    page.goto(f"/assignments/{assignment.pk}/")
    form = page.locator(f"#answer-{prompt.pk}-form")
    thesis = form.get_by_label("Your thesis")
    thesis.fill("The alliance held while Germany threatened both powers.")
    expect(form.get_by_text("Document 4: Passage 3")).to_be_visible()
    assert_axe_clean(page, "an essay, started")

    cite_by_hand(form, "Passage 0", 1, "lend or lease")
    cite_by_hand(form, "Passage 1", 1, "enter the war against Japan")
    form = page.locator(f"#answer-{prompt.pk}-form")
    first = form.locator("[data-essay-paragraph]").nth(0)
    first.get_by_label("Claim: what this paragraph argues").fill(
        "American aid kept the Soviet Union fighting."
    )
    first.get_by_label("“lend or lease” (Passage 0, ¶1)").check()
    first.get_by_label("Reasoning: how the evidence supports the claim").fill(
        "Lend-Lease let the President send arms to any country he chose."
    )
    # A second paragraph, added and moved up from the keyboard.
    form.get_by_role("button", name="Add a paragraph").focus()
    page.keyboard.press("Enter")
    second = form.locator("[data-essay-paragraph]").nth(1)
    expect(second.get_by_label("Claim: what this paragraph argues")).to_be_focused()
    page.keyboard.type("Both sides expected something back.")
    second.get_by_label("“enter the war against Japan” (Passage 1, ¶1)").check()
    second.get_by_role("button", name="Move up paragraph 2").focus()
    page.keyboard.press("Enter")
    expect(form.locator("[data-essay-paragraph]").nth(0)).to_contain_text("Paragraph 1")
    expect(
        form.locator("[data-essay-paragraph]")
        .nth(0)
        .get_by_label("Claim: what this paragraph argues")
    ).to_have_value("Both sides expected something back.")
    expect(page.locator("[data-announcer]")).to_have_text(
        "Paragraph moved to position 1."
    )
    form.get_by_label("Sourcing sentence for document 1").fill(
        "Congress passed this law in March 1941 to arm Britain before America fought."
    )
    side = form.locator("[data-essay-doc]").nth(0)
    expect(side).to_contain_text("✓ used")
    expect(side).to_contain_text("✓ sourced")
    expect(form.locator("[data-essay-doc]").nth(2)).to_contain_text("○ not used yet")
    expect(page.locator(f"#answer-{prompt.pk}-status")).to_contain_text(
        "Saved at", timeout=20_000
    )
    assert_axe_clean(page, "an essay with two paragraphs and the side list")
    shot(page, "student-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    # In the middle of the screen: nothing under the sticky Read / Answer switch.
    form.get_by_label("Sourcing sentence for document 1").evaluate(
        "el => el.scrollIntoView({block: 'center'})"
    )
    no_sideways_scroll(page)
    assert_axe_clean(page, "an essay at 390×844")
    shot(page, "student-390")
    page.set_viewport_size({"width": 1280, "height": 800})

    form.get_by_role("button", name="Submit answer").click()
    error = page.locator(f"#answer-{prompt.pk}-error")
    expect(error).to_contain_text(
        "Rule: use at least 3 of the 4 documents. Your essay uses 2."
    )
    expect(error).to_be_focused()
    assert not SubmissionVersion.objects.exists()
    assert_axe_clean(page, "the rules warning")
    shot(page, "warning-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    error.scroll_into_view_if_needed()
    no_sideways_scroll(page)
    assert_axe_clean(page, "the rules warning at 390×844")
    shot(page, "warning-390")
    page.set_viewport_size({"width": 1280, "height": 800})

    page.locator(f"#answer-{prompt.pk}-form").get_by_role(
        "button", name="Submit anyway"
    ).click()
    expect(page.locator(f"#answer-{prompt.pk}-notice")).to_contain_text(
        "Your answer is submitted (version 1)"
    )
    version = SubmissionVersion.objects.get()
    assert [p["claim"] for p in version.essay["paragraphs"]] == [
        "Both sides expected something back.",
        "American aid kept the Soviet Union fighting.",
    ]
    assert version.essay["paragraphs"][0]["passages"] == [2]
    page.reload()
    expect(page.get_by_label("Your thesis")).to_have_value(
        "The alliance held while Germany threatened both powers."
    )
    assert Response.objects.get().text.startswith("Thesis: The alliance held")

    # The teacher grades it with the shipped rubric and sees every passage marked.
    rubric = essay_rubric_load(Rubric, Criterion)
    assignment_rubric_set(assignment=assignment, rubric=rubric)
    page.context.clear_cookies()
    sign_in(page, live_server.url, teacher.username, PASSWORD)
    page.goto(f"/assignments/{assignment.pk}/review/students/{student.pk}/")
    essay = page.locator(f"#q-{prompt.pk}")
    expect(essay).to_contain_text("Submitted with rules not met:")
    marks = essay.locator("mark.cited-passage")
    expect(marks).to_have_count(2)
    expect(essay.locator(".marked-document")).to_have_count(2)
    expect(essay.locator(".marked-document").nth(0)).to_contain_text(
        "Document 1: Passage 0"
    )
    expect(essay.locator(".marked-document").nth(0).locator("mark")).to_have_text(
        "1 lend or lease"
    )
    expect(essay.locator(".marked-document").nth(1).locator("mark")).to_have_text(
        "2 enter the war against Japan"
    )
    expect(essay).to_contain_text("Documents not used: Passage 2; Passage 3")
    # From the keyboard: the passage link in paragraph 1 moves the focus to its mark.
    link = essay.get_by_role("link", name="passage 2")
    link.focus()
    page.keyboard.press("Enter")
    expect(page.locator(f"#passage-{prompt.pk}-2")).to_be_focused()
    thesis_levels = page.get_by_label("Thesis (Claim & evidence, 0–2)")
    expect(thesis_levels.locator("option[value='2']")).to_contain_text(
        "2 — States a claim that answers the question and sets out"
    )
    thesis_levels.select_option("2")
    page.get_by_label("Sourcing (Sourcing, 0–2)").select_option("1")
    assert_axe_clean(page, "grading an essay with the shipped rubric")
    shot(page, "grading-1280")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Feedback saved")).to_be_visible()
    scores = {
        s.criterion.title: s.points
        for s in CriterionScore.objects.select_related("criterion")
    }
    assert scores["Thesis"] == 2 and scores["Sourcing"] == 1
    page.set_viewport_size({"width": 390, "height": 844})
    page.locator(f"#passage-{prompt.pk}-1").scroll_into_view_if_needed()
    no_sideways_scroll(page)
    assert_axe_clean(page, "grading an essay at 390×844")
    shot(page, "grading-390")


def test_a_teacher_sets_an_essays_rules_and_an_impossible_one_is_refused_beside_it(
    page, live_server, teacher, student
):
    assignment, prompt = essay_assignment(teacher, student)
    sign_in(page, live_server.url, teacher.username, PASSWORD)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"/units/prompts/{prompt.pk}/edit/")
    rules = page.get_by_role("group", name="Rules for a document-based essay")
    expect(rules.get_by_label("Thesis required")).to_be_checked()
    use = rules.get_by_label("Documents to use (at least)")
    expect(use).to_have_value("3")
    use.fill("5")
    rules.get_by_label("Documents to source (at least)").fill("1")
    page.get_by_role("button", name="Save prompt").click()
    expect(
        page.get_by_text("This lesson has 4 documents: ask for at most 4.", exact=True)
    ).to_be_visible()
    expect(page.get_by_label("Documents to use (at least)")).to_have_attribute(
        "aria-invalid", "true"
    )
    assert_axe_clean(page, "an impossible essay rule, refused beside its field")
    shot(page, "rules-refused-1280")
    page.get_by_label("Documents to use (at least)").fill("4")
    page.get_by_role("button", name="Save prompt").click()
    expect(page.get_by_text("Prompt saved.")).to_be_visible()
    prompt.refresh_from_db()
    assert (prompt.essay_min_documents, prompt.essay_min_sourced) == (4, 1)


def test_an_essay_typed_while_saving_fails_comes_back_in_a_new_tab(
    page, live_server, teacher, student
):
    """No lost text: the essay's parts are kept in the browser until the server
    has them, and a new tab puts them back in their fields and saves them."""
    assignment, prompt = essay_assignment(teacher, student)
    sign_in(page, live_server.url, student.username, PASSWORD)
    # A proxy answers every save with a page of its own: nothing is saved.
    page.route(
        "**/draft/",
        lambda route: route.fulfill(
            status=200, content_type="text/html", body="<html>Sign in</html>"
        ),
    )
    page.goto(f"/assignments/{assignment.pk}/")
    form = page.locator(f"#answer-{prompt.pk}-form")
    form.get_by_label("Your thesis").fill("Kept while the network was down.")
    form.get_by_role("button", name="Add a paragraph").click()
    form.locator("[data-essay-paragraph]").nth(1).get_by_label(
        "Claim: what this paragraph argues"
    ).fill("A second claim, typed offline.")
    expect(page.locator(f"#answer-{prompt.pk}-status")).to_contain_text(
        "Not saved", timeout=20_000
    )
    assert not Response.objects.exclude(essay={}).exists()

    other = page.context.new_page()
    other.goto(f"/assignments/{assignment.pk}/")
    again = other.locator(f"#answer-{prompt.pk}-form")
    expect(again.get_by_label("Your thesis")).to_have_value(
        "Kept while the network was down."
    )
    expect(again.locator("[data-essay-paragraph]")).to_have_count(2)
    expect(
        again.locator("[data-essay-paragraph]")
        .nth(1)
        .get_by_label("Claim: what this paragraph argues")
    ).to_have_value("A second claim, typed offline.")
    expect(other.locator(f"#answer-{prompt.pk}-status")).to_contain_text(
        "Saved at", timeout=20_000
    )
    saved = Response.objects.get().essay
    assert saved["thesis"] == "Kept while the network was down."
    assert [p["claim"] for p in saved["paragraphs"]][1] == (
        "A second claim, typed offline."
    )
    assert_axe_clean(other, "an essay put back from this browser")
