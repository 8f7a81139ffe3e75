"""Excerpt translations in a real browser (issue 18): the teacher adds a Spanish
translation of a passage, paragraph by paragraph; the student shows it beside the
original and cites a Spanish sentence from the keyboard; the teacher's grading
view shows the Spanish quotation and the English paragraph it stands for. Axe on
every page and state."""

import os

from playwright.sync_api import expect

from assignments.models import Citation
from lessons.services import lesson_excerpt_add
from sources.services import excerpt_translation_save
from tests.assignments.conftest import build_assignment, enrol
from tests.browser import assert_axe_clean, sign_in
from tests.builders import PASSWORD, passage_build

ENGLISH = (
    "The President may lend or lease defense articles to any country.\n\n"
    "Congress must be told what was sent."
)
SPANISH = (
    "El Presidente puede prestar o arrendar artículos de defensa a cualquier país."
    "\n\nHay que informar al Congreso de lo enviado."
)


def shot(page, name):
    folder = os.environ.get("PORTAL_SCREENSHOT_DIR")
    if folder:
        page.screenshot(path=os.path.join(folder, f"translation-{name}.png"))


def test_a_spanish_translation_is_cited_and_graded_with_its_original(
    page, new_page, live_server, teacher, student
):
    assignment = build_assignment(teacher, prompts=1)
    enrol(assignment.classroom, student)
    excerpt = passage_build(
        owner=teacher, title="Lend-Lease letter", passage="The Act", text=ENGLISH
    )
    lesson_excerpt_add(lesson=assignment.lesson, excerpt=excerpt)

    # The teacher translates the passage.
    sign_in(page, live_server.url, teacher.username, PASSWORD)
    page.goto(excerpt.get_absolute_url())
    page.get_by_role("link", name="Add a translation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a translation")
    assert_axe_clean(page, "add a translation")
    page.get_by_label("Language of the translation").select_option("es")
    page.get_by_label("Translated text").fill("Solo un párrafo.")
    page.get_by_role("button", name="Save translation").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("The translation has 1 paragraphs")
    assert_axe_clean(page, "a translation refused")
    page.get_by_label("Translated text").fill(SPANISH)
    page.get_by_role("button", name="Save translation").click()
    expect(page.get_by_role("status")).to_contain_text(
        "The Spanish translation is saved."
    )
    toggle = page.get_by_role("button", name="Show the Spanish translation")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    spanish = page.locator(".para-translated[lang='es']").first
    expect(spanish).to_contain_text("prestar o arrendar")
    expect(page.get_by_text("Original · English").first).to_be_visible()
    assert_axe_clean(page, "the passage with its Spanish translation")
    shot(page, "reader-teacher")

    # The student shows it and cites a Spanish sentence from the keyboard.
    kid = new_page()
    kid.set_viewport_size({"width": 1280, "height": 800})
    sign_in(kid, live_server.url, student.username, PASSWORD)
    kid.goto(f"/assignments/{assignment.pk}/")
    reading = kid.locator(f"#ex-{excerpt.pk}")
    reading.get_by_role("button", name="Show the Spanish translation").click()
    expect(reading.locator(".para-translated[lang='es']").first).to_be_visible()
    expect(reading.get_by_text("Translation · Spanish").first).to_be_visible()
    assert_axe_clean(kid, "assignment page with a translation shown")
    cite = kid.locator(f"#{excerpt.paragraph_anchor(1)}").get_by_role(
        "button", name="Cite paragraph 1"
    )
    cite.focus()
    kid.keyboard.press("Enter")
    picker = kid.locator(f"#{excerpt.paragraph_anchor(1)}-cite")
    expect(picker).to_be_visible()
    expect(picker.get_by_text("Translation · Spanish")).to_be_visible()
    spanish_sentence = picker.locator(".sentence-text[lang='es']").first
    expect(spanish_sentence).to_contain_text("El Presidente puede prestar")
    assert_axe_clean(kid, "a paragraph's sentences, original and Spanish")
    shot(kid, "picker")
    # The first box is the English sentence; the next, the Spanish one.
    kid.keyboard.press("ArrowDown")
    kid.keyboard.press("Enter")
    box = kid.get_by_label("Your answer to question 1")
    expect(box).to_be_focused()
    cited = kid.locator("[data-evidence-list] .evidence-item").last
    expect(cited).to_contain_text("El Presidente puede prestar o arrendar")
    expect(cited).to_contain_text("from the Spanish translation")
    expect(cited.locator("blockquote")).to_have_attribute("lang", "es")
    citation = Citation.objects.get()
    assert (citation.paragraph, citation.language) == (1, "es")
    box.fill("La ayuda llegó primero.")
    kid.get_by_role("button", name="Submit answer").click()
    expect(kid.get_by_text("Your answer is submitted (version 1).")).to_be_visible()

    # The teacher's grading view: the Spanish words and the English paragraph.
    page.goto(f"/assignments/{assignment.pk}/review/students/{student.pk}/")
    figure = page.locator(".cited-paragraph").filter(
        has_text="Quoted from the Spanish translation"
    )
    expect(figure.locator("blockquote[lang='es'] mark")).to_contain_text(
        "El Presidente puede prestar"
    )
    expect(figure).to_contain_text("It stands for the original ¶1")
    expect(figure.locator("blockquote[lang='en']")).to_contain_text(
        "The President may lend or lease defense articles"
    )
    assert_axe_clean(page, "grading a quotation from a translation")
    shot(page, "grading")


def test_deleting_a_translation_asks_first_and_keeps_the_passage(
    page, live_server, teacher
):
    excerpt = passage_build(
        owner=teacher, title="Lend-Lease letter", passage="The Act", text=ENGLISH
    )
    excerpt_translation_save(excerpt=excerpt, language="es", text=SPANISH)
    sign_in(page, live_server.url, teacher.username, PASSWORD)
    page.goto(excerpt.get_absolute_url())
    page.get_by_role("link", name="Delete · Spanish").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Delete the Spanish translation"
    )
    assert_axe_clean(page, "delete a translation: asked first")
    page.get_by_role("button", name="Delete").click()
    expect(page.get_by_role("status")).to_contain_text(
        "The Spanish translation was deleted."
    )
    expect(
        page.get_by_role("button", name="Show the Spanish translation")
    ).to_have_count(0)
    expect(page.get_by_text("The President may lend or lease")).to_be_visible()
    assert_axe_clean(page, "the passage after its translation was deleted")
