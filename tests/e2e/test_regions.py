"""A region of a picture as evidence, in a real browser: a student marks it with
the keyboard (and redraws it with the mouse), cites it, submits; the teacher sees it
outlined when grading and on the class's citation map; axe on every state."""

from playwright.sync_api import expect

from assignments.models import Citation
from lessons.services import lesson_excerpt_add
from tests.assignments.conftest import build_assignment, enrol
from tests.browser import assert_axe_clean, sign_in
from tests.builders import PASSWORD, image_build
from tests.e2e.test_pictures import _shot

ALT = "A red poster with a white box in its upper left."


def test_student_cites_a_region_and_the_teacher_sees_it(
    page, new_page, live_server, teacher, student
):
    assignment = build_assignment(teacher, prompts=1, min_citations=1)
    enrol(assignment.classroom, student)
    poster = image_build(owner=teacher, title="Allies poster", alt_text=ALT)
    lesson_excerpt_add(lesson=assignment.lesson, excerpt=poster)

    sign_in(page, live_server.url, student.username, PASSWORD)
    page.goto(f"{live_server.url}/assignments/{assignment.pk}/")
    mark = page.get_by_role("button", name="Mark a region to cite")
    mark.scroll_into_view_if_needed()
    mark.focus()
    page.keyboard.press("Enter")
    bar = page.locator("[data-region-bar]")
    expect(bar).to_be_visible()
    rectangle = page.get_by_role("group", name="The region you are marking")
    expect(rectangle).to_be_focused()
    where = page.locator("#region-where")
    expect(where).to_have_text("The rectangle covers 35–65% across and 35–65% down.")
    # Arrow keys move it; Shift and the arrow keys change its size.
    for key in ["ArrowLeft"] * 10 + ["ArrowUp"] * 10:
        page.keyboard.press(key)
    for key in ["Shift+ArrowLeft"] * 5 + ["Shift+ArrowUp"] * 5:
        page.keyboard.press(key)
    expect(where).to_have_text("The rectangle covers 15–35% across and 15–35% down.")
    assert_axe_clean(page, "marking a region")
    _shot(page, "marking")

    # A refusal stays in the bar: no words yet.
    page.get_by_role("button", name="Cite region").click()
    expect(page.locator("#region-refusal")).to_have_text(
        "Say in a few words what this region shows."
    )
    description = page.get_by_label("What this region shows")
    expect(description).to_be_focused()
    description.fill("The white box: the Allies standing together")
    page.keyboard.press("Enter")
    evidence = page.locator(".evidence-item.is-region")
    expect(evidence).to_have_count(1)
    expect(evidence).to_contain_text("The white box: the Allies standing together")
    expect(bar).to_be_hidden()
    citation = Citation.objects.get(paragraph__isnull=True)
    assert citation.region == (0.15, 0.15, 0.2, 0.2)
    assert_axe_clean(page, "region cited")

    # The mouse draws a new rectangle over the picture.
    mark.click()
    stage = page.locator("[data-picture-stage]")
    box = stage.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.75, box["y"] + box["height"] * 0.9)
    page.mouse.up()
    expect(where).to_have_text("The rectangle covers 50–75% across and 50–90% down.")
    page.get_by_role("button", name="Cancel").last.click()
    expect(bar).to_be_hidden()

    answer = page.get_by_label("Your answer to question 1")
    answer.fill("The poster shows the Allies as one.")
    page.get_by_role("button", name="Submit answer").click()
    expect(page.locator(".answer-box, form[data-answer]").first).to_contain_text(
        "Submitted"
    )

    teacher_page = new_page()
    sign_in(teacher_page, live_server.url, teacher.username, PASSWORD)
    teacher_page.goto(
        f"{live_server.url}/assignments/{assignment.pk}/review/students/{student.pk}/"
    )
    outline = teacher_page.locator("rect.region-rect")
    expect(outline).to_have_count(1)
    expect(teacher_page.locator(".region-list")).to_contain_text(
        "The white box: the Allies standing together"
    )
    assert_axe_clean(teacher_page, "grading with a region")
    _shot(teacher_page, "grading")

    teacher_page.goto(f"{live_server.url}/assignments/{assignment.pk}/citations/")
    expect(teacher_page.locator("rect.heat-rect")).to_have_count(1)
    expect(teacher_page.get_by_text("1 student cited regions")).to_be_visible()
    assert_axe_clean(teacher_page, "citation map with regions")
    _shot(teacher_page, "citation-map")


def test_without_javascript_a_student_cites_a_region_by_numbers(
    chromium, live_server, teacher, student
):
    """JavaScript off (so no axe here: it runs as a script; the same panel is
    checked by axe with JavaScript on in the test above's page)."""
    assignment = build_assignment(teacher, prompts=1, min_citations=1)
    enrol(assignment.classroom, student)
    poster = image_build(owner=teacher, title="Allies poster", alt_text=ALT)
    lesson_excerpt_add(lesson=assignment.lesson, excerpt=poster)
    prompt = assignment.lesson.prompts.get()
    context = chromium.new_context(
        base_url=live_server.url,
        java_script_enabled=False,
        viewport={"width": 1280, "height": 800},
    )
    try:
        page = context.new_page()
        sign_in(page, live_server.url, student.username, PASSWORD)
        page.goto(f"/assignments/{assignment.pk}/")
        page.get_by_text("Cite a region of a picture by numbers").click()
        page.get_by_label("Picture", exact=True).select_option(label="Allies poster")
        page.get_by_label("From the left (pixels)").fill("64")
        page.get_by_label("From the top (pixels)").fill("96")
        page.get_by_label("Width (pixels)").fill("600")
        page.get_by_label("Height (pixels)").fill("192")
        page.get_by_label("In a few words, what the region shows").fill("The box")
        page.get_by_role("button", name="Cite this region").click()
        page.wait_for_load_state("domcontentloaded")
        anchor = f"cite-{prompt.pk}-region-width-error"
        assert page.url.endswith(f"#{anchor}")
        expect(page.locator(f"#{anchor}")).to_contain_text("from 1 to 576")
        expect(page.get_by_label("From the left (pixels)")).to_have_value("64")
        _shot(page, "region-by-numbers-refused")
        page.get_by_label("Width (pixels)").fill("192")
        page.get_by_role("button", name="Cite this region").click()
        page.wait_for_load_state("domcontentloaded")
        expect(page.locator(".evidence-item.is-region")).to_contain_text("The box")
        _shot(page, "region-by-numbers-cited")
    finally:
        context.close()
    citation = Citation.objects.get(paragraph__isnull=True)
    assert citation.region == (0.1, 0.2, 0.3, 0.4)
