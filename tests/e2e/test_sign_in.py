import re

from playwright.sync_api import expect

from accounts.services import user_create
from tests.browser import assert_axe_clean, sign_in
from tests.builders import PASSWORD


def test_teacher_signs_in_through_the_form_and_lands_on_home(
    page, live_server, teacher
):
    page.goto("/")
    expect(page).to_have_url(f"{live_server.url}/accounts/sign-in/?next=/")
    assert_axe_clean(page, "sign-in")
    sign_in(page, live_server.url, teacher.username, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome, Tessa")
    expect(page).to_have_url(f"{live_server.url}/teach/")
    assert_axe_clean(page, "teacher home")


def test_student_signs_in_and_sees_the_todo_list(page, live_server, student):
    sign_in(page, live_server.url, student.username, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("To do")
    assert_axe_clean(page, "student to-do")
    # Sign out from the account menu with the keyboard alone.
    page.get_by_role("button", name="Account:").focus()
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Sign out").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_wrong_password_shows_an_error_summary_that_takes_focus(
    page, live_server, student
):
    sign_in(page, live_server.url, student.username, "wrong password")
    summary = page.locator("[data-error-summary]")
    expect(summary).to_contain_text("do not match")
    expect(summary).to_be_focused()
    assert_axe_clean(page, "sign-in with an error")


def test_one_time_password_leads_to_choosing_a_new_one(page, live_server, db):
    user_create(username="kid.one", password="Card-pass-77", must_change_password=True)
    sign_in(page, live_server.url, "kid.one", "Card-pass-77")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Choose your own password"
    )
    assert_axe_clean(page, "first password change")
    page.get_by_label("Old password").fill("Card-pass-77")
    page.get_by_label(re.compile(r"^\s*New password\W*$")).fill("my Own secret 2026")
    page.get_by_label("New password confirmation").fill("my Own secret 2026")
    page.get_by_role("button", name="Save password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("To do")
    expect(page.get_by_role("status")).to_contain_text("Your new password is set")
