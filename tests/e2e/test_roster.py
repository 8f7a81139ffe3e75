"""The OneRoster page in Chromium: upload a zip as a dry run, read the report
(with a problem by file and line), apply it; axe on each state."""

from playwright.sync_api import expect

from accounts.models import User
from tests.browser import assert_axe_clean, sign_in
from tests.builders import PASSWORD, StaffFactory
from tests.classrooms.oneroster_files import district


def test_an_admin_dry_runs_then_applies_a_oneroster_zip(
    page, live_server, settings, tmp_path, db
):
    settings.MEDIA_ROOT = tmp_path
    export = district(schools=2, classes=3, users=30)
    export.files["users"][4]["status"] = "archived"
    zip_path = tmp_path / "riverside-oneroster.zip"
    zip_path.write_bytes(export.zip_bytes())
    staff = StaffFactory()
    sign_in(page, live_server.url, staff.username, PASSWORD)

    page.goto("/admin/classrooms/rosterimport/add/")
    assert_axe_clean(page, "OneRoster upload")
    page.get_by_label("OneRoster zip file").set_input_files(str(zip_path))
    expect(page.get_by_label("Dry run (change nothing)")).to_be_checked()
    page.get_by_role("button", name="Save", exact=True).click()

    expect(
        page.get_by_role("heading", name="Dry run: what applying this file would do")
    ).to_be_visible()
    expect(page.get_by_role("row", name="People")).to_contain_text("29")
    expect(page.locator(".roster-problems")).to_contain_text(
        "users.csv, line 6: status “archived” is not active or tobedeleted."
    )
    assert_axe_clean(page, "dry-run report")
    assert not User.objects.filter(roster_source_id__isnull=False).exists()

    page.get_by_role("button", name="Apply this file now").click()
    expect(page.get_by_role("heading", name="What the import did")).to_be_visible()
    assert_axe_clean(page, "import report")
    assert User.objects.filter(roster_source_id__isnull=False).count() == 29
