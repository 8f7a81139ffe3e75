"""A teacher finds a source, pages through the results and reads a passage as
students will, with the keyboard."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from sources.services import theme_ensure
from tests.browser import assert_axe_clean, sign_in
from tests.builders import PASSWORD, passage_build


@pytest.fixture
def library(transactional_db):
    call_command("load_alliance_sources", verbosity=0)


def test_teacher_searches_yalta_and_reads_the_passage(
    page, live_server, teacher, library
):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    sign_in(page, live_server.url, teacher.username, PASSWORD)
    page.get_by_role("link", name="Library").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Library")
    assert_axe_clean(page, "library list")

    # Search with the keyboard alone.
    search = page.get_by_role("searchbox", name="Search")
    search.focus()
    page.keyboard.type("Yalta")
    page.keyboard.press("Enter")
    results = page.locator("#library-results")
    expect(results.get_by_role("heading", level=2)).to_contain_text("match “Yalta”")
    expect(page).to_have_url(re.compile(r"\?q=Yalta"))
    expect(results.locator("mark").first).to_have_text(re.compile("Yalta", re.I))
    assert_axe_clean(page, "search results")

    link = results.get_by_role(
        "link",
        name="The United States, the Soviet Union, and the End of World War II",
        exact=True,
    )
    link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "The United States, the Soviet Union, and the End of World War II"
    )
    # The Chicago citation copies with the keyboard.
    copy = page.get_by_role("button", name="Copy bibliography entry")
    copy.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").last).to_have_text(
        "The bibliography entry is copied."
    )
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Office of the Historian, Bureau of Public Affairs")
    assert_axe_clean(page, "source detail")

    passage = page.get_by_role("link", name="The Big Three at Tehran and Yalta")
    passage.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "The Big Three at Tehran and Yalta"
    )

    # Paragraph numbers, as stable anchors.
    first = page.locator("[id$='-p1']")
    expect(first.get_by_role("link", name="Paragraph 1")).to_be_visible()
    expect(page.locator("[id$='-p2']")).to_contain_text(
        "Recognizing the strong position"
    )

    # A glossary term discloses its definition from the keyboard.
    term = page.get_by_role("button", name="Big Three")
    expect(term).to_have_attribute("aria-expanded", "false")
    term.focus()
    page.keyboard.press("Enter")
    expect(term).to_have_attribute("aria-expanded", "true")
    definition = page.locator("#" + term.get_attribute("aria-controls"))
    expect(definition).to_be_visible()
    expect(definition).to_contain_text("The three main Allied leaders")
    page.keyboard.press("Escape")
    expect(definition).to_be_hidden()
    glossary = page.get_by_role("region", name="Words to know")
    expect(glossary.locator("dfn", has_text="reparations")).to_be_visible()

    # The simpler wording appears beside the original, never instead of it.
    adapted = page.locator(".para-adapted").first
    expect(adapted).to_be_hidden()
    toggle = page.get_by_role("button", name="Show simpler wording")
    toggle.focus()
    page.keyboard.press("Space")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(adapted).to_be_visible()
    expect(adapted).to_contain_text("These battles were planned in long meetings")
    expect(page.locator(".para-original").first).to_be_visible()
    assert_axe_clean(page, "reading view, simpler wording shown")

    # Text size: larger, and remembered on the next visit.
    reading = page.locator("[data-reading]")
    size = reading.get_attribute("data-size")
    page.get_by_role("button", name="Larger text").click()
    expect(reading).to_have_attribute("data-size", str(int(size) + 1))
    page.reload()
    expect(page.locator("[data-reading]")).to_have_attribute(
        "data-size", str(int(size) + 1)
    )


def test_without_javascript_both_wordings_and_the_glossary_show(
    chromium, live_server, teacher, library
):
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    tab = context.new_page()
    try:
        sign_in(tab, live_server.url, teacher.username, PASSWORD)
        tab.goto(
            "/library/us-soviet-union-end-of-wwii/passages/big-three-at-tehran-and-yalta/"
        )
        expect(tab.locator(".para-adapted").first).to_be_visible()
        expect(tab.locator(".para-original").first).to_be_visible()
        expect(tab.get_by_role("button", name="Show simpler wording")).to_have_count(0)
        expect(tab.locator("dfn").filter(has_text="Big Three")).to_be_visible()
    finally:
        context.close()


def test_teacher_adds_a_passage_to_a_catalogued_source(
    page, live_server, teacher, library
):
    sign_in(page, live_server.url, teacher.username, PASSWORD)
    page.goto("/library/kennan-long-telegram-1946/")
    expect(page.get_by_text("No passage yet")).to_be_visible()
    page.get_by_role("link", name="Add a passage").click()
    assert_axe_clean(page, "add a passage")
    page.get_by_label("Title of the passage").fill("Part 5: practical deductions")
    page.get_by_label("Text of the passage").fill(
        "First paragraph.\n\nSecond paragraph."
    )
    page.get_by_label("Adapted text (optional)").fill("Only one.")
    page.get_by_role("button", name="Save passage").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("The adapted text has 1 paragraphs")
    assert_axe_clean(page, "add a passage with an error")
    page.get_by_label("Adapted text (optional)").fill("")
    page.get_by_role("button", name="Preview paragraphs").click()
    expect(
        page.get_by_role("heading", name="Preview: 2 numbered paragraphs")
    ).to_be_visible()
    page.get_by_role("button", name="Save passage").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Part 5: practical deductions"
    )
    expect(page.locator("[id$='-p2']")).to_contain_text("Second paragraph.")
    assert_axe_clean(page, "reading view of a new passage")


@pytest.fixture
def convoy_reports(transactional_db):
    """25 shared sources a search for "convoy" finds: two pages of 20."""
    theme = theme_ensure(slug="convoys", name="Convoys")
    for number in range(25):
        passage_build(title=f"Convoy report {number:02d}", themes=[theme])


def test_a_teacher_pages_through_search_results_with_the_keyboard(
    page, live_server, teacher, convoy_reports
):
    sign_in(page, live_server.url, teacher.username, PASSWORD)
    page.goto(f"{live_server.url}/library/")
    search = page.get_by_role("searchbox", name="Search")
    search.focus()
    page.keyboard.type("convoy")
    page.keyboard.press("Enter")
    results = page.locator("#library-results")
    expect(results.get_by_role("heading", level=2)).to_contain_text(
        "25 sources match “convoy”"
    )
    expect(results.locator(".source-item")).to_have_count(20)

    pages = page.get_by_role("navigation", name="Pages of results")
    following = pages.get_by_role("link", name="Next")
    following.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"\?q=convoy&.*page=2$"))
    expect(results.locator(".source-item")).to_have_count(5)
    expect(results.get_by_role("link", name="Convoy report 24")).to_be_visible()
    expect(pages.locator("[aria-current=page]")).to_have_text("2")
    expect(search).to_have_value("convoy")
    assert_axe_clean(page, "second page of search results")


def test_without_javascript_the_page_links_keep_the_search_and_filters(
    chromium, live_server, teacher, convoy_reports
):
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    tab = context.new_page()
    try:
        sign_in(tab, live_server.url, teacher.username, PASSWORD)
        tab.goto("/library/?q=convoy&theme=convoys")
        tab.get_by_role("navigation", name="Pages of results").get_by_role(
            "link", name="2", exact=True
        ).click()
        expect(tab).to_have_url(re.compile(r"\?q=convoy&theme=convoys&page=2$"))
        expect(tab.locator(".source-item")).to_have_count(5)
        expect(tab.get_by_label("Theme")).to_have_value("convoys")
    finally:
        context.close()
