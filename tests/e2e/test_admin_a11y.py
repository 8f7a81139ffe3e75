"""The admin is a real tool for a school's content manager: each model's list, add
and change pages pass axe-core, and its JavaScript widgets have accessible names."""

from django.core.management import call_command

from tests.browser import assert_axe_clean, sign_in
from tests.builders import PASSWORD, StaffFactory
from tests.test_admin_pages import admin_pages, object_pages


def test_admin_pages_pass_axe(page, live_server, db):
    call_command("seed_demo", "--quiet-logins", "--i-know-this-creates-demo-accounts")
    staff = StaffFactory()
    sign_in(page, live_server.url, staff.username, PASSWORD)
    for _, url in admin_pages():
        page.goto(url)
        assert_axe_clean(page, url)
    for url in object_pages():
        if url.endswith("/history/"):
            continue
        page.goto(url)
        page.wait_for_load_state("networkidle")
        assert_axe_clean(page, url)
