"""A detail of a picture in a real browser: a teacher opens "Save a detail" from
the picture, types a rectangle that runs off it (refused beside the field, what was
typed kept), then one inside it, and reads the new excerpt; keyboard only, axe on
every state."""

import os
import re

from playwright.sync_api import expect

from tests.browser import assert_axe_clean, sign_in
from tests.builders import PASSWORD, image_build, picture_bytes

ALT = "The white box in the poster's top-left corner."


def _shot(page, name):
    """Screenshots at the desktop and phone sizes, when PORTAL_SCREENSHOT_DIR is set."""
    folder = os.environ.get("PORTAL_SCREENSHOT_DIR")
    if not folder:
        return
    for width, height in ((1280, 800), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(
            path=os.path.join(folder, f"details-{name}-{width}.png"), full_page=True
        )
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_teacher_saves_a_detail_of_a_picture(page, live_server, teacher):
    poster = image_build(owner=teacher, data=picture_bytes(size=(640, 480)))
    sign_in(page, live_server.url, teacher.username, PASSWORD)
    page.goto(f"{live_server.url}{poster.get_absolute_url()}")
    link = page.get_by_role("link", name="Save a detail")
    link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Save a detail as its own excerpt"
    )
    assert_axe_clean(page, "detail page")
    _shot(page, "form")

    page.get_by_label("From the left (pixels)").fill("600")
    page.get_by_label("From the top (pixels)").fill("60")
    page.get_by_label("Width (pixels)").fill("240")
    page.get_by_label("Height (pixels)").fill("180")
    page.get_by_role("textbox", name="Title").fill("The white box")
    page.get_by_label("Text alternative").fill(ALT)
    page.get_by_role("button", name="Save the detail").focus()
    page.keyboard.press("Enter")
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("runs off the picture")
    expect(page.get_by_label("Width (pixels)")).to_have_class(re.compile("is-invalid"))
    expect(page.get_by_label("Text alternative")).to_have_value(ALT)
    assert_axe_clean(page, "detail refused")
    _shot(page, "refused")

    page.get_by_label("From the left (pixels)").fill("80")
    page.get_by_role("button", name="Save the detail").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("The white box")
    image = page.get_by_role("img", name=ALT)
    expect(image).to_be_visible()
    assert image.evaluate("img => img.complete && img.naturalWidth === 240")
    assert_axe_clean(page, "detail saved")
    _shot(page, "saved")
