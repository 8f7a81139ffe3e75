"""A teacher builds a unit from nothing, previews it as a student and publishes it;
another teacher copies it and changes the copy without touching the original."""

import os
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from lessons.models import Lesson, Prompt, Unit
from tests.assignments.conftest import build_assignment
from tests.browser import assert_axe_clean, sign_in
from tests.builders import PASSWORD


@pytest.fixture
def shipped_library(transactional_db):
    call_command("load_alliance_sources", stdout=StringIO())


def _pick(page, word: str, title: str):
    """Type in the library search as a person would and add a result."""
    search = page.get_by_label("Search passages by word, title or author")
    search.fill("")
    search.press_sequentially(word, delay=40)
    add = page.get_by_role(
        "button", name=re.compile(rf"^Add to lesson\W+{re.escape(title)}$")
    )
    expect(add).to_be_visible()  # arrived by htmx, no submit pressed
    assert_axe_clean(page, f"search results for {word}")
    add.click()
    expect(page.get_by_text("Added", exact=False).first).to_be_visible()


def test_teacher_authors_previews_publishes_and_a_colleague_copies(
    page, new_page, live_server, teacher, other_teacher, shipped_library
):
    sign_in(page, live_server.url, teacher.username, PASSWORD)
    page.get_by_role("link", name="Units", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Units")
    expect(page.get_by_text("You have no units yet")).to_be_visible()
    assert_axe_clean(page, "empty unit list")

    # A new unit.
    page.get_by_role("link", name="New unit").click()
    assert_axe_clean(page, "new unit form")
    page.get_by_label("Title").fill("Allies of necessity")
    page.get_by_label("Essential question").fill("Why did the alliance hold?")
    page.get_by_label("Grade band").fill("10–12")
    page.get_by_label("Overview").fill("Two essays and the **documents** behind them.")
    page.get_by_role("button", name="Create unit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Allies of necessity")
    assert_axe_clean(page, "new unit page")

    # A lesson.
    page.get_by_role("link", name="Add a lesson").click()
    assert_axe_clean(page, "new lesson form")
    page.get_by_label("Title").fill("Deciding to aid the Soviet Union")
    page.get_by_label("Estimated minutes").fill("45")
    page.get_by_label("Instructions for students").fill("Read both excerpts.")
    page.get_by_role("button", name="Add lesson").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Deciding to aid the Soviet Union"
    )
    assert_axe_clean(page, "empty lesson editor")

    # Two excerpts, found by typing in the search box.
    _pick(page, "Hopkins", "Cautious steps, then aid: 1940–1941")
    _pick(page, "Yalta", "The Big Three at Tehran and Yalta")
    excerpts = page.locator("#excerpt-list > li h3")
    expect(excerpts).to_have_count(2)
    expect(excerpts.nth(0)).to_contain_text("Cautious steps")

    # Two prompts with their skills.
    page.get_by_role("textbox", name=re.compile("^Prompt")).fill(
        "Who wrote the first essay, and for whom?"
    )
    page.get_by_label("Skill").select_option(label="Sourcing")
    page.get_by_label("Minimum citations").fill("1")
    page.get_by_label("1. Cautious steps, then aid: 1940–1941").check()
    page.get_by_role("button", name="Add prompt").click()
    expect(page.get_by_text("Prompt added.")).to_be_visible()
    page.get_by_role("textbox", name=re.compile("^Prompt")).fill(
        "Was aid to the Soviet Union a wise choice?"
    )
    page.get_by_label("Skill").select_option(label="Claim & evidence")
    page.get_by_label("Minimum citations").fill("2")
    page.get_by_role("button", name="Add prompt").click()
    prompts = page.locator("#prompt-list > li .prompt-text")
    expect(prompts).to_have_count(2)
    assert_axe_clean(page, "lesson editor with excerpts and prompts")

    # Reorder: the second prompt first, the second excerpt first (htmx swaps).
    page.get_by_role("button", name="Move prompt 2 up").click()
    expect(prompts.nth(0)).to_contain_text("wise choice")
    expect(page.locator("#prompt-status")).to_contain_text("position 1")
    page.get_by_role("button", name="Move The Big Three at Tehran and Yalta up").click()
    expect(excerpts.nth(0)).to_contain_text("The Big Three")
    assert_axe_clean(page, "lesson editor after reordering")
    lesson = Lesson.objects.get(title="Deciding to aid the Soviet Union")
    assert list(lesson.prompts.order_by("order").values_list("skill", flat=True)) == [
        "claim_evidence",
        "sourcing",
    ]

    # Preview as a student: excerpts with numbered paragraphs, prompts in order.
    page.get_by_role("link", name="Preview as a student").click()
    expect(page.get_by_text("Student preview.")).to_be_visible()
    expect(
        page.get_by_role("heading", name="Deciding to aid the Soviet Union")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Paragraph 2").first).to_be_visible()
    cards = page.locator(".prompt-card")
    expect(cards.nth(0)).to_contain_text("Claim & evidence")
    expect(cards.nth(0)).to_contain_text("Cite at least 2 passages")
    expect(cards.nth(1)).to_contain_text("Sourcing")
    assert_axe_clean(page, "student preview")

    # Publish.
    page.get_by_role("link", name="Allies of necessity").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Published. Every teacher")).to_be_visible()
    assert_axe_clean(page, "published unit page")
    original = Unit.objects.get(title="Allies of necessity")
    assert original.is_published

    # A colleague finds it, copies it and edits the copy.
    colleague = new_page()
    sign_in(colleague, live_server.url, other_teacher.username, PASSWORD)
    colleague.get_by_role("link", name="Units", exact=True).click()
    shared = colleague.get_by_role("region", name="Published by others")
    shared.get_by_role("link", name="Allies of necessity").click()
    expect(colleague.get_by_role("link", name="Add a lesson")).to_have_count(0)
    assert_axe_clean(colleague, "someone else's published unit")
    colleague.get_by_role("button", name="Copy to my units").click()
    expect(colleague.get_by_role("heading", level=1)).to_have_text(
        "Allies of necessity (copy)"
    )
    expect(colleague.get_by_text("Copied from")).to_be_visible()
    assert_axe_clean(colleague, "the copy")
    colleague.get_by_role(
        "link", name="Deciding to aid the Soviet Union", exact=True
    ).click()
    assert_axe_clean(colleague, "editor of the copy")
    colleague.get_by_role("link", name="Edit details").click()
    colleague.get_by_label("Title").fill("Aid to the USSR, my version")
    colleague.get_by_role("button", name="Save lesson").click()
    expect(colleague.get_by_role("heading", level=1)).to_have_text(
        "Aid to the USSR, my version"
    )
    colleague.locator("summary", has_text="Delete… prompt 2").click()
    colleague.get_by_role("button", name="Yes, delete it (prompt 2)").click()
    expect(colleague.locator("#prompt-list > li")).to_have_count(1)
    assert_axe_clean(colleague, "edited copy")

    # The original is untouched.
    original_lesson = original.lessons.get()
    assert original_lesson.title == "Deciding to aid the Soviet Union"
    assert original_lesson.prompts.count() == 2
    assert Prompt.objects.filter(lesson__unit__owner=other_teacher).count() == 1
    page.reload()
    expect(page.get_by_text("Deciding to aid the Soviet Union").first).to_be_visible()


def test_removing_an_excerpt_or_deleting_a_prompt_asks_first(
    page, live_server, teacher
):
    lesson = build_assignment(teacher, prompts=2).lesson
    sign_in(page, live_server.url, teacher.username, PASSWORD)
    page.goto(reverse("lessons:lesson_editor", args=[lesson.pk]))
    prompts = page.locator("#prompt-list > li")
    expect(prompts).to_have_count(2)

    # Delete… opens the question; closing it again changes nothing.
    delete = page.locator("summary", has_text="Delete…").first
    delete.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Delete prompt 1? You can undo it")).to_be_visible()
    assert_axe_clean(page, "delete a prompt, asked")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Delete prompt 1? You can undo it")).to_be_hidden()
    expect(prompts).to_have_count(2)

    # From the keyboard: open, Tab to the real button, Enter.
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Yes, delete it (prompt 1)")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Prompt deleted.")).to_be_visible()
    expect(page.locator("#prompt-list > li")).to_have_count(1)

    page.locator("summary", has_text="Remove…").first.click()
    expect(page.get_by_text("Remove “Passage 0” from the lesson?")).to_be_visible()
    assert_axe_clean(page, "remove an excerpt, asked")
    page.get_by_role("button", name="Yes, remove it (Passage 0)").click()
    expect(page.locator("#excerpt-list > li")).to_have_count(2)


def test_a_removed_excerpt_and_a_deleted_prompt_come_back_with_undo(
    page, live_server, teacher
):
    lesson = build_assignment(teacher, prompts=2).lesson
    first_text = lesson.prompts.get(order=1).text
    sign_in(page, live_server.url, teacher.username, PASSWORD)
    for width, height in [(1280, 800), (390, 844)]:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(reverse("lessons:lesson_editor", args=[lesson.pk]))
        page.locator("summary", has_text="Delete…").first.click()
        page.get_by_role("button", name="Yes, delete it (prompt 1)").click()
        expect(page.locator("#prompt-list > li")).to_have_count(1)
        bar = page.get_by_role("status").filter(has_text="was removed")
        expect(bar).to_contain_text("“Prompt 1” was removed.")
        assert_axe_clean(page, f"undo offered at {width}")
        folder = os.environ.get("PORTAL_SCREENSHOT_DIR")
        if folder:
            page.screenshot(path=os.path.join(folder, f"undo-{width}.png"))
        # From the keyboard: the Undo button is a plain button in a form.
        page.get_by_role("button", name="Undo: put “Prompt 1” back").focus()
        page.keyboard.press("Enter")
        expect(page.get_by_text("“Prompt 1” is back.")).to_be_visible()
        expect(page.locator("#prompt-list > li")).to_have_count(2)
        expect(page.locator("#prompt-list > li").first).to_contain_text(first_text)
        assert_axe_clean(page, f"undone at {width}")

    page.locator("summary", has_text="Remove…").first.click()
    page.get_by_role("button", name="Yes, remove it (Passage 0)").click()
    expect(page.locator("#excerpt-list > li")).to_have_count(2)
    page.get_by_role("button", name="Undo: put “Passage 0” back").click()
    expect(page.locator("#excerpt-list > li")).to_have_count(3)
    expect(page.locator("#excerpt-list > li").first).to_contain_text("Passage 0")
