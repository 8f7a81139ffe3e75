"""Source first in Chromium, on the shipped unit's document-based inquiry (lesson
7): each excerpt's text is absent from the page (not hidden: not sent) until the
student's sourcing answers on it are saved, then present; refusals beside their
question, keyboard only, 390 px without sideways scroll, an answer typed meanwhile
not lost; the teacher sees the sourcing answers on the grading page."""

import io
import os
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from assignments.models import Response, SourcingNote
from assignments.services.assignments import assignment_create
from classrooms.services import classroom_create
from lessons.models import Unit
from tests.assignments.conftest import build_assignment, enrol
from tests.browser import assert_axe_clean, sign_in
from tests.builders import PASSWORD

# The first words of the first excerpt's only paragraph (2005 essay, ¶8), and of
# the second excerpt (Milestones essay, ¶5).
FIRST_TEXT = "developed out of necessity"
SECOND_TEXT = "Several issues arose during the war"


def shot(page, name, *, full=False):
    folder = os.environ.get("PORTAL_SCREENSHOT_DIR")
    if folder:
        page.screenshot(
            path=os.path.join(folder, f"source-first-{name}.png"), full_page=full
        )


@pytest.fixture
def inquiry(db, teacher, student):
    call_command("load_alliance_sources", stdout=io.StringIO())
    call_command("load_alliance_unit", stdout=io.StringIO())
    lesson = Unit.objects.get(slug="us-soviet-alliance-1941-1945").lessons.get(order=7)
    classroom = classroom_create(owner=teacher, name="History", section="P3")
    now = timezone.now()
    (assignment,) = assignment_create(
        lesson=lesson,
        classrooms=[classroom],
        created_by=teacher,
        available_from=now - timedelta(hours=1),
        due_at=now + timedelta(days=3),
    )
    enrol(classroom, student)
    return assignment


def html_of(page) -> str:
    return page.content()


def type_answer(page, text: str) -> None:
    """Replace the box's text from the keyboard (select all, type)."""
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def test_the_text_is_absent_until_the_sourcing_answers_are_saved(
    page, live_server, inquiry, student, teacher
):
    assignment = inquiry
    items = list(assignment.lesson.lesson_excerpts.order_by("order"))
    first = items[0].excerpt
    sign_in(page, live_server.url, student.username, PASSWORD)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"/assignments/{assignment.pk}/")

    # Closed: the source line and the questions, and none of the words.
    gate = page.locator(f"#ex-{first.pk}")
    expect(gate.get_by_role("heading", name=first.title)).to_be_visible()
    expect(gate).to_contain_text(first.source.title)
    expect(gate).to_contain_text("May 2005")
    html = html_of(page)
    for item in items:  # the middle of each excerpt's longest paragraph
        assert max(item.excerpt.paragraphs, key=len)[40:120] not in html
    assert FIRST_TEXT not in html and SECOND_TEXT not in html
    assert "/as-a-page/" not in html  # no link to the page laid out whole either
    assert page.locator(f"#{first.paragraph_anchor(1)}").count() == 0
    assert page.locator("[data-reading] .para").count() == 0  # nothing to cite
    assert_axe_clean(page, "source first: every text closed")
    shot(page, "closed")
    # The republished page laid out whole: not for a student who has not opened it.
    page_slug = items[3].excerpt.source.slug
    assert page.request.get(f"/library/{page_slug}/as-a-page/").status == 404

    # An answer typed meanwhile, not saved yet when the sourcing form is sent.
    box = page.get_by_label("Your answer to question 2")
    box.fill("The page's answers are the weakest evidence.")

    # Keyboard only: Tab from box to box; the starter is in each.
    who = gate.get_by_label("Who made it?")
    expect(who).to_have_value("It was made by ")
    who.focus()
    page.keyboard.press("End")
    page.keyboard.type("the State Department's own historians.")
    page.keyboard.press("Tab")
    expect(gate.get_by_label("When was it made")).to_be_focused()
    page.keyboard.press("End")
    page.keyboard.type("May 2005, sixty years after victory in Europe.")
    page.keyboard.press("Tab")
    page.keyboard.press("End")
    page.keyboard.type("the public, on an anniversary.")
    page.keyboard.press("Tab")  # "Why was it made?": left as our starter alone
    page.keyboard.press("Tab")
    page.keyboard.press("End")
    page.keyboard.type(" on the facts, less on the verdict.")
    page.keyboard.press("Tab")
    button = gate.get_by_role("button", name="Save my answers and open the text")
    expect(button).to_be_focused()
    page.keyboard.press("Enter")

    # Refused beside the question, focused, every answer kept, text still absent.
    error = page.locator(f"#ex-{first.pk}-purpose-error")
    expect(error).to_be_focused()
    expect(error).to_contain_text("Finish the sentence")
    expect(error).to_have_attribute("role", "alert")
    gate = page.locator(f"#ex-{first.pk}")
    expect(gate.get_by_label("Why was it made?")).to_have_attribute(
        "aria-invalid", "true"
    )
    expect(gate.get_by_label("Who made it?")).to_have_value(
        "It was made by the State Department's own historians."
    )
    assert FIRST_TEXT not in html_of(page)
    assert not SourcingNote.objects.exists()
    # The answer typed before was saved before the form left the page.
    expect(page.get_by_label("Your answer to question 2")).to_have_value(
        "The page's answers are the weakest evidence."
    )
    assert Response.objects.get(student=student).text == (
        "The page's answers are the weakest evidence."
    )
    assert_axe_clean(page, "source first: a refused sourcing answer")
    shot(page, "refused")

    gate.get_by_label("Why was it made?").focus()
    page.keyboard.press("End")
    page.keyboard.type(" honour the wartime cooperation.")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    # Open: the words are in the page now, the notice focused; the others closed.
    notice = page.locator("[data-opened-excerpt]")
    expect(notice).to_be_focused()
    expect(page.locator(f"#{first.paragraph_anchor(1)}")).to_contain_text(FIRST_TEXT)
    html = html_of(page)
    assert FIRST_TEXT in html
    assert SECOND_TEXT not in html
    note = SourcingNote.objects.get(student=student, excerpt=first)
    assert note.purpose == "Its maker wanted to honour the wartime cooperation."
    expect(page.get_by_label("Your answer to question 2")).to_have_value(
        "The page's answers are the weakest evidence."
    )
    assert_axe_clean(page, "source first: one text open")
    shot(page, "opened")

    # On a phone: nothing scrolls sideways, closed or open.
    page.set_viewport_size({"width": 390, "height": 844})
    page.locator(f"#ex-{items[1].excerpt.pk}").scroll_into_view_if_needed()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    assert_axe_clean(page, "source first at 390×844")
    shot(page, "phone")

    # The teacher: the sourcing answers on the grading page, every text in preview.
    page.set_viewport_size({"width": 1280, "height": 800})
    page.context.clear_cookies()
    sign_in(page, live_server.url, teacher.username, PASSWORD)
    page.goto(f"/assignments/{assignment.pk}/review/students/{student.pk}/")
    section = page.locator("[data-grading-sourcing]")
    expect(section).to_contain_text("honour the wartime cooperation")
    expect(section).to_contain_text("Not sourced yet")
    assert_axe_clean(page, "grading with sourcing answers")
    shot(page, "grading")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    shot(page, "grading-phone")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"/units/lessons/{assignment.lesson.pk}/preview/")
    assert SECOND_TEXT in html_of(page)
    expect(page.locator(".preview-banner")).to_contain_text("Source first is on")
    assert_axe_clean(page, "the preview of a source-first lesson")
    shot(page, "preview")


def test_a_teacher_turns_source_first_on_in_the_lesson_details(
    page, live_server, teacher
):
    assignment = build_assignment(teacher)
    lesson = assignment.lesson
    sign_in(page, live_server.url, teacher.username, PASSWORD)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"/units/lessons/{lesson.pk}/edit/")
    box = page.get_by_label("Source first")
    expect(box).not_to_be_checked()
    box.focus()
    page.keyboard.press("Space")
    assert_axe_clean(page, "the lesson details with source first")
    shot(page, "lesson-details")
    page.get_by_role("button", name="Save lesson").press("Enter")
    expect(page.locator("[data-source-first]")).to_be_visible()
    lesson.refresh_from_db()
    assert lesson.source_first
    assert_axe_clean(page, "the lesson editor of a source-first lesson")
    shot(page, "editor")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    shot(page, "editor-phone")
