"""An admin's second step in Chromium: set up an authenticator app before the
admin opens, then sign in with a code (here a recovery code); axe on each page."""

from playwright.sync_api import expect

from tests.browser import assert_axe_clean, sign_in
from tests.builders import PASSWORD, StaffFactory, recovery_codes, totp_code


def test_an_admin_sets_up_the_second_step_and_signs_in_with_it(
    page, live_server, settings, db
):
    settings.PORTAL_ADMIN_MFA_REQUIRED = True
    admin = StaffFactory(first_name="Ada", last_name="Admin")
    sign_in(page, live_server.url, admin.username, PASSWORD)
    page.get_by_role("button", name="Account:").click()
    page.get_by_role("link", name="Administration").click()

    # Before the admin: the password once more, then the authenticator app.
    expect(page.get_by_role("status")).to_contain_text(
        "Admins sign in with a second step"
    )
    assert_axe_clean(page, "confirm the password")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Activate Authenticator App"
    )
    assert_axe_clean(page, "set up the authenticator app")
    secret = page.get_by_label("Authenticator secret").input_value()
    page.get_by_label("Authenticator code").fill("123456")
    page.get_by_role("button", name="Activate").click()
    expect(page.locator("[data-error-summary]")).to_be_focused()
    assert_axe_clean(page, "a wrong code while setting up")
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    page.get_by_role("button", name="Activate").click()
    page.goto("/auth/2fa/recovery-codes/")
    expect(page.get_by_label("Unused codes")).to_be_visible()
    assert_axe_clean(page, "recovery codes")
    page.goto("/admin/")
    expect(page).to_have_url(f"{live_server.url}/admin/")

    # Next time: password, then the second step (a recovery code, once).
    page.goto("/")
    page.get_by_role("button", name="Account:").click()
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server.url, admin.username, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Two-Factor Authentication"
    )
    assert_axe_clean(page, "the second step at sign-in")
    page.get_by_label("Code").fill(recovery_codes(admin)[0])
    page.get_by_role("button", name="Sign In").click()
    page.goto("/admin/")
    expect(page).to_have_url(f"{live_server.url}/admin/")
