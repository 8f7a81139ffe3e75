"""An admin imports teachers from a CSV file in Chromium: the problems by line
first, then the accounts with their one-time passwords; axe on each state."""

from playwright.sync_api import expect

from accounts.models import User
from tests.browser import assert_axe_clean, sign_in
from tests.builders import PASSWORD, StaffFactory


def test_an_admin_fixes_a_teacher_file_then_imports_it(page, live_server, tmp_path, db):
    staff = StaffFactory()
    bad = tmp_path / "teachers-bad.csv"
    bad.write_text("username,first_name,last_name\nm okafor,Maya,Okafor\n")
    good = tmp_path / "teachers.csv"
    good.write_text("username,first_name,last_name\nm.okafor,Maya,Okafor\n")
    sign_in(page, live_server.url, staff.username, PASSWORD)

    page.goto("/admin/accounts/user/")
    page.get_by_role("link", name="Import teachers (CSV)").click()
    assert_axe_clean(page, "teacher import")
    page.get_by_label("CSV file of teachers").set_input_files(str(bad))
    page.get_by_role("button", name="Check and create the accounts").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Line 2: “m okafor” is not a valid username."
    )
    assert_axe_clean(page, "teacher import with problems")
    assert not User.objects.filter(role=User.Role.TEACHER).exclude(pk=staff.pk).exists()

    page.get_by_label("CSV file of teachers").set_input_files(str(good))
    page.get_by_role("button", name="Check and create the accounts").click()
    expect(
        page.get_by_role("heading", name="1 teacher account created")
    ).to_be_visible()
    expect(page.get_by_role("row", name="Maya Okafor")).to_contain_text("m.okafor")
    assert_axe_clean(page, "teachers imported")
    assert User.objects.get(username="m.okafor").must_change_password
