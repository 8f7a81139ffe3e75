"""Notifications in Chromium: the bell's count is in the page (also with
JavaScript off), the
notifications page (mark all read), e-mail and calendar settings, and the
unsubscribe page signed out; axe on each, at a desktop and a phone width."""

import os

from playwright.sync_api import expect

from notifications.models import Kind
from notifications.services import notify
from notifications.tokens import unsubscribe_token
from tests.browser import assert_axe_clean, sign_in
from tests.builders import PASSWORD, StudentFactory


def _shot(page, name):
    """Screenshots for a person to look at, when PORTAL_SCREENSHOT_DIR is set."""
    folder = os.environ.get("PORTAL_SCREENSHOT_DIR")
    if folder:
        page.screenshot(path=os.path.join(folder, f"notif-{name}.png"), full_page=True)


def test_a_student_reads_notifications_and_chooses_e_mail(page, live_server, db):
    student = StudentFactory(first_name="Sam", email="sam@school.test")
    rosa = StudentFactory(first_name="Rosa", last_name="Parks")
    for title in ["Aid and alliance", "The second front"]:
        notify(
            recipients=[student],
            kind=Kind.REPLY,
            params={"title": title, "author_id": rosa.pk},
            url="/todo/",
        )
    sign_in(page, live_server.url, student.username, PASSWORD)

    page.goto("/todo/")
    bell = page.get_by_role("link", name="Notifications: 2 unread")
    expect(bell).to_be_visible()
    assert_axe_clean(page, "a page with the bell")
    bell.click()
    expect(page.get_by_role("heading", name="Notifications")).to_be_visible()
    expect(
        page.get_by_text("Rosa P. replied to your answer in “The second front”.")
    ).to_be_visible()
    assert_axe_clean(page, "notifications")
    _shot(page, "list-1280")
    page.get_by_role("button", name="Mark all as read").click()
    expect(page.get_by_role("link", name="Notifications: none unread")).to_be_visible()

    page.get_by_role("link", name="E-mail and calendar settings").click()
    page.get_by_role("group", name="A reply to my answer").get_by_label(
        "In a daily e-mail"
    ).check()
    page.get_by_role("button", name="Save my choices").click()
    expect(page.get_by_text("Your choices are saved.")).to_be_visible()
    page.get_by_role("button", name="Make my calendar address").click()
    expect(page.get_by_label("Your calendar address")).to_have_value(
        __import__("re").compile(r"/assignments/calendar/.+\.ics$")
    )
    assert_axe_clean(page, "settings")
    _shot(page, "settings-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    _shot(page, "settings-390")

    # The unsubscribe link from an e-mail, signed out.
    page.context.clear_cookies()
    page.goto(f"/notifications/unsubscribe/{unsubscribe_token(student, 'reply')}/")
    assert_axe_clean(page, "unsubscribe")
    page.get_by_role("button", name="Stop these e-mails").click()
    expect(page.get_by_role("status")).to_contain_text("no more e-mail")
    assert_axe_clean(page, "unsubscribed")
    _shot(page, "unsubscribed-390")


def test_a_teacher_chooses_late_submissions_apart_by_keyboard(
    page, live_server, teacher
):
    sign_in(page, live_server.url, teacher.username, PASSWORD)
    page.goto("/notifications/preferences/")
    group = page.get_by_role(
        "group", name="Late submissions only, after the due date (one per assignment)"
    )
    expect(group.get_by_role("radio", name="E-mail me at once")).to_be_checked()
    assert_axe_clean(page, "teacher settings")
    _shot(page, "teacher-settings-1280")
    group.get_by_role("radio", name="E-mail me at once").focus()
    page.keyboard.press("ArrowDown")  # moves to, and checks, "In a daily e-mail"
    page.get_by_role("button", name="Save my choices").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Your choices are saved.")).to_be_visible()
    expect(group.get_by_role("radio", name="In a daily e-mail")).to_be_checked()


def test_the_bells_count_reads_without_javascript(chromium, live_server, db):
    student = StudentFactory()
    for title in ["Aid and alliance", "The second front", "Yalta"]:
        notify(
            recipients=[student],
            kind=Kind.ASSIGNMENT_NEW,
            params={"title": title, "classroom": "History", "due": ""},
            url="/todo/",
        )
    context = chromium.new_context(
        base_url=live_server.url,
        java_script_enabled=False,
        viewport={"width": 1280, "height": 800},
    )
    tab = context.new_page()
    try:
        sign_in(tab, live_server.url, student.username, PASSWORD)
        tab.goto("/todo/")
        bell = tab.get_by_role("link", name="Notifications: 3 unread")
        expect(bell).to_be_visible()
        expect(bell.locator(".bell-count")).to_have_text("3")
        _shot(tab, "bell-no-js-1280")
        tab.set_viewport_size({"width": 390, "height": 844})
        # On a phone the bell sits in the collapsed menu, which needs a script
        # to open (a limit of the header left as it is; see CLOSING-17).
        _shot(tab, "bell-no-js-390")
    finally:
        context.close()


def test_a_teacher_chooses_a_time_zone_and_reads_dates_in_it(
    page, live_server, teacher
):
    sign_in(page, live_server.url, teacher.username, PASSWORD)
    page.goto("/accounts/time-zone/")
    expect(page.get_by_role("heading", name="Time zone")).to_be_visible()
    expect(page.get_by_label("Time zone")).to_have_value("")
    assert_axe_clean(page, "time zone")
    page.get_by_label("Time zone").select_option("Asia/Tokyo")
    page.get_by_role("button", name="Save time zone").click()
    expect(page.get_by_text("Your time zone is saved.")).to_be_visible()
    expect(page.locator("main time")).to_contain_text("JST")
    expect(page.get_by_label("Time zone")).to_have_value("Asia/Tokyo")
    assert_axe_clean(page, "time zone saved")
    _shot(page, "time-zone-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    _shot(page, "time-zone-390")
