"""Small groups, the class progress chart and the school settings in Chromium, at
1280×800 and 390×844, axe on each page and state (refusals included), by keyboard.
Screenshots go to PORTAL_SCREENSHOT_DIR when it is set."""

import os

from django.urls import reverse
from playwright.sync_api import expect

from classrooms.models import Enrolment, Group
from tests.assignments.conftest import build_assignment, enrol, post_answer, prompt_of
from tests.browser import assert_axe_clean, sign_in
from tests.builders import PASSWORD


def _shot(page, name):
    folder = os.environ.get("PORTAL_SCREENSHOT_DIR")
    if folder:
        width = page.viewport_size["width"]
        page.screenshot(
            path=os.path.join(folder, f"{name}-{width}.png"), full_page=True
        )


def _no_sideways_scroll(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_a_teacher_makes_groups_by_keyboard_and_the_discussion_follows(
    page, live_server, teacher, student
):
    assignment = build_assignment(
        teacher, prompts=1, discussion_visibility="always", discussion_in_groups=True
    )
    classroom = assignment.classroom
    enrol(classroom, student)
    mates = [enrol(classroom) for _ in range(3)]
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, live_server.url, teacher.username, PASSWORD)
    page.goto(reverse("classrooms:groups", args=[classroom.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text("History")
    assert_axe_clean(page, "groups, none yet")

    # A name already taken: refused beside the field, the words kept.
    name = page.get_by_label("Group name")
    name.fill("Reds")
    name.press("Enter")
    expect(page.locator(".alert-success")).to_contain_text("Group “Reds” made.")
    page.get_by_label("Group name").fill("Reds")
    page.get_by_label("Group name").press("Enter")
    expect(
        page.get_by_text("This class already has a group with that name.").first
    ).to_be_visible()
    expect(page.get_by_label("Group name")).to_have_value("Reds")
    assert_axe_clean(page, "groups, a refused name")
    _shot(page, "groups-refused")

    # Tick two students with the keyboard (Space) and move them to Reds.
    for who in (student, mates[0]):
        box = page.locator(
            f"#member-{Enrolment.objects.get(classroom=classroom, student=who).pk}"
        )
        box.focus()
        page.keyboard.press("Space")
        expect(box).to_be_checked()
    page.get_by_label("Move the ticked students to").select_option(label="Reds")
    page.get_by_role("button", name="Move the ticked students").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".alert-success")).to_contain_text("2 students moved to Reds.")
    reds = Group.objects.get(name="Reds")
    assert set(reds.enrolments.values_list("student", flat=True)) == {
        student.pk,
        mates[0].pk,
    }
    assert_axe_clean(page, "groups with members")
    _shot(page, "groups")

    # The roster's filter shows the group.
    page.goto(reverse("classrooms:classroom_detail", args=[classroom.pk]))
    page.get_by_label("Group", exact=True).select_option(label="Reds (2)")
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".roster-table tbody tr")).to_have_count(2)
    expect(page.get_by_text("2 of 4 students in this group.")).to_be_visible()
    assert_axe_clean(page, "roster filtered by group")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(reverse("classrooms:groups", args=[classroom.pk]))
    assert _no_sideways_scroll(page)
    assert_axe_clean(page, "groups at 390 px")
    _shot(page, "groups")

    # Students answer; each sees only their group's answers.
    for who in (student, *mates):
        post_answer(who, assignment, f"Answer of {who.username}.")
    page.context.clear_cookies()
    sign_in(page, live_server.url, student.username, PASSWORD)
    page.goto(
        reverse(
            "assignments:discussion", args=[assignment.pk, prompt_of(assignment).pk]
        )
    )
    expect(page.get_by_text(f"Answer of {mates[0].username}.")).to_be_visible()
    expect(page.get_by_text(f"Answer of {mates[1].username}.")).to_have_count(0)
    expect(page.get_by_text("you see the answers of your own group")).to_be_visible()
    assert_axe_clean(page, "discussion in groups, student, 390 px")
    _shot(page, "discussion-groups-student")


def test_the_progress_chart_on_the_classwork_tab(page, live_server, teacher):
    assignment = build_assignment(teacher, prompts=1)
    students = [enrol(assignment.classroom) for _ in range(3)]
    post_answer(students[0], assignment)
    sign_in(page, live_server.url, teacher.username, PASSWORD)
    for width, height in [(1280, 800), (390, 844)]:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(reverse("assignments:classwork", args=[assignment.classroom_id]))
        chart = page.get_by_role(
            "img", name="Progress of History (P1), in students, per assignment"
        )
        expect(chart).to_be_visible()
        table = page.get_by_role("region", name="Students per assignment")
        expect(table.get_by_role("row", name="Aid and alliance")).to_contain_text("1")
        table.focus()  # the table scrolls with the keyboard on a phone
        expect(table).to_be_focused()
        assert _no_sideways_scroll(page)
        assert_axe_clean(page, f"classwork chart at {width}")
        _shot(page, "classwork-chart")


def test_an_admin_changes_the_school_settings(page, live_server, staff, teacher):
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, live_server.url, staff.username, PASSWORD)
    page.goto(reverse("admin:portal_schoolsettings_add"))
    page.get_by_label("Time zone").fill("Mars/Olympus")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("is not a time zone name")).to_be_visible()
    assert_axe_clean(page, "school settings refused")
    _shot(page, "school-settings-refused")
    page.get_by_label("School or portal name").fill("Lincoln High")
    page.get_by_label("Time zone").fill("Asia/Tokyo")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("was added successfully")).to_be_visible()
    assert_axe_clean(page, "school settings saved")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(reverse("admin:portal_schoolsettings_change", args=[1]))
    assert_axe_clean(page, "school settings at 390 px")
    _shot(page, "school-settings")
    page.goto("/")
    expect(page).to_have_title(__import__("re").compile("Lincoln High"))
