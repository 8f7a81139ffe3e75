"""A detail of a picture in a real browser: a teacher opens "Save a detail" from
the picture, types a rectangle that runs off it (refused beside the field, what was
typed kept), then one inside it, and reads the new excerpt; keyboard only, axe on
every state."""

import re

from playwright.sync_api import expect

from tests.browser import assert_axe_clean, sign_in
from tests.builders import PASSWORD, image_build, picture_bytes
from tests.e2e.test_pictures import _shot  # screenshots named pictures-<name>-<width>

ALT = "The white box in the poster's top-left corner."


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
    _shot(page, "detail-form")

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
    _shot(page, "detail-refused")

    page.get_by_label("From the left (pixels)").fill("80")
    page.get_by_role("button", name="Save the detail").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("The white box")
    image = page.get_by_role("img", name=ALT)
    expect(image).to_be_visible()
    expect(image).to_have_js_property("naturalWidth", 240)  # the detail, not the whole
    assert_axe_clean(page, "detail saved")
    _shot(page, "detail-saved")


def test_dragging_on_the_picture_fills_in_the_rectangle(page, live_server, teacher):
    poster = image_build(owner=teacher, data=picture_bytes(size=(640, 480)))
    sign_in(page, live_server.url, teacher.username, PASSWORD)
    page.goto(
        f"{live_server.url}/library/{poster.source.slug}/passages/{poster.slug}"
        "/details/new/"
    )
    frame = page.locator("[data-detail-frame]")
    box = frame.bounding_box()
    scale = box["width"] / 640
    page.mouse.move(box["x"] + 80 * scale, box["y"] + 60 * scale)
    page.mouse.down()
    page.mouse.move(box["x"] + 200 * scale, box["y"] + 150 * scale, steps=5)
    page.mouse.move(box["x"] + 320 * scale, box["y"] + 240 * scale, steps=5)
    page.mouse.up()
    values = [
        int(page.get_by_label(label).input_value())
        for label in (
            "From the left (pixels)",
            "From the top (pixels)",
            "Width (pixels)",
            "Height (pixels)",
        )
    ]
    expected = [80, 60, 240, 180]
    assert all(abs(v - e) <= 3 for v, e in zip(values, expected, strict=True)), values
    expect(page.locator("[data-detail-mark]")).to_be_visible()
    # Typing a rectangle outlines it too.
    page.get_by_label("Width (pixels)").fill("320")
    mark = page.locator("[data-detail-mark]").bounding_box()
    assert abs(mark["width"] - 320 * scale) <= 8
    assert_axe_clean(page, "detail drawn")
    _shot(page, "detail-drawn")
    page.get_by_role("textbox", name="Title").fill("Drawn")
    page.get_by_label("Text alternative").fill(ALT)
    page.get_by_role("button", name="Save the detail").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Drawn")
