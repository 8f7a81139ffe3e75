"""The sourcing lesson's republished page in a real browser: a student opens it
from the assignment, reads it as a page (header, article, questions, author box),
follows a paragraph's number back to the numbered view to cite it; a student of
another class gets the 404 page. Keyboard only, axe on every state, 1280×800 and
390×844 (screenshots with PORTAL_SCREENSHOT_DIR)."""

import pytest
from playwright.sync_api import expect

from sources.models import Source
from tests.browser import assert_axe_clean, sign_in
from tests.builders import PASSWORD, StudentFactory
from tests.e2e.test_pictures import _shot
from tests.sources.test_webpage import PAGE_SLUG, _assigned, shipped_page


@pytest.fixture
def shipped(db):
    return shipped_page()


def test_a_student_reads_the_republished_page_and_goes_back_to_cite(
    page,
    live_server,
    shipped,
    student,
):
    assignment = _assigned(shipped, student)
    essay = Source.objects.get(slug=PAGE_SLUG).excerpts.get(
        slug="the-essay-as-republished"
    )
    sign_in(page, live_server.url, student.username, PASSWORD)
    page.goto(f"{live_server.url}/assignments/{assignment.pk}/")
    link = page.get_by_role("link", name="See the whole page as its readers saw it")
    link.focus()
    page.keyboard.press("Enter")
    title = page.get_by_role("heading", level=1)
    expect(title).to_contain_text("End of World War II (2024)")
    expect(page.get_by_role("complementary")).to_contain_text("Author: Roderick King")
    expect(
        page.get_by_role("heading", name="Who won the Cold War? ›", exact=False)
    ).to_be_visible()
    assert_axe_clean(page, "republished page")
    for width, height in ((1280, 800), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"scrolls sideways at {width}px ({scroll}px)"
    page.set_viewport_size({"width": 1280, "height": 900})
    _shot(page, "webpage")

    number = page.get_by_role(
        "link", name="Paragraph 14 of “The essay as the page reproduces it”"
    )
    number.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/assignments/{assignment.pk}/#ex-{essay.pk}-p14")
    expect(page.locator(f"#ex-{essay.pk}-p14")).to_contain_text("May 2005")
    expect(page.locator(f"#ex-{essay.pk}-p14")).to_be_in_viewport()
    assert_axe_clean(page, "back at the numbered paragraph")


def test_a_student_of_another_class_gets_the_404_page(
    page,
    live_server,
    shipped,
):
    outsider = StudentFactory()
    sign_in(page, live_server.url, outsider.username, PASSWORD)
    response = page.goto(f"{live_server.url}/library/{PAGE_SLUG}/as-a-page/")
    assert response.status == 404
    assert "Roderick King" not in page.content()
    assert_axe_clean(page, "404 for an outsider")
    _shot(page, "webpage-refused")
    # The browser logs the 404 answer itself: expected here.
    page.console_errors[:] = [e for e in page.console_errors if "404" not in e]
