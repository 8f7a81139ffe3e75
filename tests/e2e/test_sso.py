"""Signing in the way schools do, in Chromium: a student through a real OpenID
Connect provider (npm oidc-provider under Node, on the loopback), the link code
from a login card, a class that requires the school's sign-in, and an admin's
second step; axe on every page of ours."""

import re

from playwright.sync_api import expect

from accounts.models import User
from classrooms.services import classroom_create
from tests.browser import assert_axe_clean, sign_in
from tests.builders import PASSWORD, sign_in_provider_build
from tests.idp.oidc import CALLBACK_PATH, oidc_idp
from tests.idp.oidc import PASSWORD as IDP_PASSWORD

BUTTON = "Sign in with Riverside Schools"


def provider_for(live_server, accounts):
    return oidc_idp(
        redirect_uris=[f"{live_server.url}{CALLBACK_PATH}"], accounts=accounts
    )


def switch_on(issuer):
    sign_in_provider_build(
        provider="openid_connect",
        provider_id="district",
        name=BUTTON,
        server_url=issuer,
        roster_id_claim="sis_id",
    )


def test_a_student_signs_in_through_the_district_and_comes_back_to_the_same_account(
    page, chromium, live_server, teacher
):
    accounts = {"stu-300": {"given_name": "Lena", "family_name": "Ortiz"}}
    with provider_for(live_server, accounts) as idp:
        switch_on(idp.issuer)
        # The teacher's class and a login card (made by the teacher's service).
        from classrooms.services import StudentRow, students_bulk_create

        classroom = classroom_create(owner=teacher, name="U.S. History")
        [card] = students_bulk_create(
            classroom=classroom, rows=[StudentRow("Lena", "Ortiz")]
        )
        assert re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}", card.link_code)

        page.goto("/accounts/sign-in/")
        assert_axe_clean(page, "sign-in with a provider button")
        page.get_by_role("button", name=BUTTON).click()
        # The district's own sign-in page (the provider's, not ours).
        page.get_by_label("Login").fill("stu-300")
        page.get_by_label("Password").fill(IDP_PASSWORD)
        page.get_by_role("button", name="Sign in").click()

        # Unknown to the portal: the card's link code joins the two.
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Link your school account"
        )
        assert_axe_clean(page, "link page")
        page.get_by_label("Link code").fill("AAAAA-BBBBB")
        page.get_by_role("button", name="Link my account").click()
        summary = page.locator("[data-error-summary]")
        expect(summary).to_contain_text("That link code does not work")
        expect(summary).to_be_focused()
        assert_axe_clean(page, "link page with an error")
        page.get_by_label("Link code").fill(card.link_code.lower())
        page.get_by_label("Link code").press("Enter")
        expect(page.get_by_role("heading", level=1)).to_have_text("To do")
        expect(page).to_have_url(f"{live_server.url}/todo/")
        assert_axe_clean(page, "to-do after the first school sign-in")

        # Sign out, and in again with the keyboard alone: the same account.
        page.get_by_role("button", name="Account:").click()
        page.get_by_role("button", name="Sign out").click()
        expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
        page.get_by_role("button", name=BUTTON).focus()
        page.keyboard.press("Enter")
        if "/interaction/" in page.url:  # the district asks again
            page.get_by_label("Login").fill("stu-300")
            page.get_by_label("Password").fill(IDP_PASSWORD)
            page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("To do")
        expect(page.get_by_role("button", name="Account:")).to_contain_text("Lena")
        assert User.objects.filter(first_name="Lena").count() == 1

        # Without JavaScript the button still works: it is a form.
        plain = chromium.new_context(
            base_url=live_server.url, java_script_enabled=False
        )
        tab = plain.new_page()
        tab.goto("/accounts/sign-in/")
        tab.get_by_role("button", name=BUTTON).click()
        expect(tab.get_by_label("Login")).to_be_visible()
        assert tab.url.startswith(idp.issuer)
        plain.close()


def test_a_tampered_callback_shows_a_page_not_an_error(new_page, live_server, db):
    # (new_page: the browser logs the refusal's 4xx status as a console error)
    page = new_page()
    with provider_for(live_server, {"stu-1": {"given_name": "A"}}) as idp:
        switch_on(idp.issuer)
        response = page.goto(f"{CALLBACK_PATH}?code=forged&state=forged")
        assert response.status in {400, 401}
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Sign-in did not work"
        )
        expect(page.get_by_role("alert")).to_contain_text("Nothing was signed in")
        assert_axe_clean(page, "refused provider answer")
        page.get_by_role("link", name="Back to sign in").click()
        expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_a_class_that_requires_the_school_sign_in_prints_link_codes(
    page, live_server, teacher
):
    switch_on("http://127.0.0.1:9/")  # switched on; never called in this test
    sign_in(page, live_server.url, teacher.username, PASSWORD)
    page.goto("/classes/new/")
    page.get_by_label("Class name").fill("World History")
    page.get_by_label("students sign in with the school's account only").check()
    assert_axe_clean(page, "new class with the sign-in choice")
    page.get_by_role("button", name="Create class").click()
    page.get_by_role("link", name="Add students").first.click()
    page.get_by_label("Paste names").fill("Ana Lima\nBo Chen\n")
    page.get_by_role("button", name="Create accounts").click()
    # A job makes the accounts (done at once here by the immediate backend).
    expect(page.locator("#job-status")).to_contain_text("2 student accounts were made")
    page.get_by_role("link", name="Open the login cards").click()
    cards = page.locator(".login-card")
    expect(cards).to_have_count(2)
    expect(cards.first).to_contain_text("Link code")
    expect(cards.first).not_to_contain_text("Password")
    assert_axe_clean(page, "login cards with link codes")

    # The student's password (from another way in) is refused, kindly.
    student = User.objects.get(first_name="Ana")
    student.set_password("Ana-own-passw0rd")
    student.save()
    tab = page.context.browser.new_context(base_url=live_server.url).new_page()
    sign_in(tab, live_server.url, student.username, "Ana-own-passw0rd")
    expect(tab.locator("[data-error-summary]")).to_contain_text(
        "Your class signs in with your school account"
    )
    assert_axe_clean(tab, "password refused for a single sign-on class")
