"""Pictures in a real browser: a teacher uploads a poster made by the test (after a
refused file), writes its words, puts it in a lesson; a student of the class sees
it, with its text alternative and transcription; axe on every state."""

import os
import re

from playwright.sync_api import expect

from lessons.services import lesson_excerpt_add
from sources.models import Excerpt
from sources.services import source_create
from tests.assignments.conftest import build_assignment, enrol
from tests.browser import assert_axe_clean, sign_in
from tests.builders import PASSWORD, picture_bytes
from tests.sources import files

ALT = "A Soviet soldier and an American sailor shake hands over a map of Europe."


def _shot(page, name):
    """Screenshots at the desktop and phone sizes, when PORTAL_SCREENSHOT_DIR is set."""
    folder = os.environ.get("PORTAL_SCREENSHOT_DIR")
    if not folder:
        return
    for width, height in ((1280, 800), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(
            path=os.path.join(folder, f"pictures-{name}-{width}.png"), full_page=True
        )
    page.set_viewport_size({"width": 1280, "height": 900})


def _loaded(image) -> bool:
    return image.evaluate("img => img.complete && img.naturalWidth > 0")


def test_teacher_uploads_a_poster_and_a_student_sees_it(
    page, new_page, live_server, teacher, student, tmp_path
):
    source = source_create(owner=teacher, title="Allies poster", kind="poster")
    assignment = build_assignment(teacher, prompts=1)
    enrol(assignment.classroom, student)

    sign_in(page, live_server.url, teacher.username, PASSWORD)
    page.goto(f"{live_server.url}{source.get_absolute_url()}")
    page.get_by_role("link", name="Add a picture or scan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a picture or scan")
    assert_axe_clean(page, "upload page")

    # An SVG with a script in it, named like a PNG, is refused beside its field.
    fake = tmp_path / "poster.png"
    fake.write_bytes(files.SVG_WITH_SCRIPT)
    page.get_by_label("Picture or scan").set_input_files(str(fake))
    page.get_by_role("textbox", name="Title").fill("United we stand")
    page.get_by_label("Text alternative").fill(ALT)
    page.get_by_role("button", name="Upload and save").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("not a picture the portal accepts")
    field = page.get_by_label("Picture or scan")
    expect(field).to_have_class(re.compile("is-invalid"))
    expect(page.get_by_label("Text alternative")).to_have_value(ALT)
    assert_axe_clean(page, "upload refused")
    _shot(page, "refused")

    # A real poster, made by Pillow, with its words.
    poster = tmp_path / "poster.jpg"
    poster.write_bytes(picture_bytes(size=(900, 1300), format="JPEG"))
    page.get_by_label("Picture or scan").set_input_files(str(poster))
    page.get_by_label("Caption (optional)").fill("Poster, about 1943.")
    page.get_by_label("Transcription or long description (optional)").fill(
        "UNITED WE STAND\n\nBuy war bonds"
    )
    page.get_by_role("button", name="Upload and save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("United we stand")
    image = page.get_by_role("img", name=ALT)
    expect(image).to_be_visible()
    assert _loaded(image)
    expect(page.get_by_text("Poster, about 1943.")).to_be_visible()
    expect(page.locator("[id$='-p1']")).to_contain_text("UNITED WE STAND")
    assert_axe_clean(page, "picture in the library")
    _shot(page, "library-read")

    excerpt = Excerpt.objects.get(source=source)
    lesson_excerpt_add(lesson=assignment.lesson, excerpt=excerpt)

    # The student of the class sees it in the assignment.
    student_page = new_page()
    sign_in(student_page, live_server.url, student.username, PASSWORD)
    student_page.goto(
        f"{live_server.url}/assignments/{assignment.pk}/", wait_until="networkidle"
    )
    seen = student_page.get_by_role("img", name=ALT)
    seen.scroll_into_view_if_needed()
    expect(seen).to_be_visible()
    assert _loaded(seen)
    assert_axe_clean(student_page, "picture in the assignment")
    _shot(student_page, "student")

    # Zoom and look around with the keyboard alone.
    frame = student_page.get_by_role("group", name="Picture: United we stand")
    frame.focus()
    zoom = student_page.locator("[data-picture-zoom]")
    student_page.keyboard.press("+")
    student_page.keyboard.press("+")
    expect(zoom).to_have_text("Zoom: 200%")
    before = seen.bounding_box()
    student_page.keyboard.press("ArrowRight")
    student_page.keyboard.press("ArrowDown")
    # The view moved right and down: the picture moved left and up.
    student_page.wait_for_function(
        """([x, y]) => {
            const r = document.querySelector('[data-picture-img]').getBoundingClientRect();
            return r.x < x - 1 && r.y < y - 1;
        }""",
        arg=[before["x"], before["y"]],
    )
    assert seen.bounding_box()["width"] > 1.9 * frame.bounding_box()["width"]
    expect(student_page.get_by_role("button", name="Zoom out")).to_be_enabled()
    assert_axe_clean(student_page, "picture zoomed in")
    _shot(student_page, "zoomed")
    student_page.keyboard.press("0")
    expect(zoom).to_have_text("Zoom: 100%")
    expect(student_page.get_by_role("button", name="Zoom out")).to_be_disabled()
    # The buttons do the same.
    student_page.get_by_role("button", name="Zoom in").click()
    expect(zoom).to_have_text("Zoom: 150%")
