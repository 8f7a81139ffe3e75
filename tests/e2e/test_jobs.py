"""A long job in Chromium with a real worker: an admin imports the shipped unit's
package; the job's page shows a progress bar that updates itself until the result
(which a reload still shows); a corrupt package fails with a clear message and
leaves the database unchanged. axe on each state."""

import io
import os

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from lessons.models import Lesson, Unit
from packages.services import unit_package_export
from sources.models import Source
from tests.browser import assert_axe_clean, sign_in
from tests.builders import PASSWORD, StaffFactory
from tests.worker import DATABASE_BACKEND, worker_process

pytestmark = pytest.mark.postgres


def _shot(page, name):
    """Screenshots for a person to look at, when PORTAL_SCREENSHOT_DIR is set."""
    folder = os.environ.get("PORTAL_SCREENSHOT_DIR")
    if folder:
        page.screenshot(path=os.path.join(folder, f"job-{name}.png"), full_page=True)


def _upload(page, path):
    page.goto("/admin/lessons/unit/import-package/")
    page.get_by_label("Unit package").set_input_files(str(path))
    page.get_by_role("button", name="Import").click()


def test_an_admin_imports_a_package_on_the_worker_and_watches_it(
    page, live_server, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = DATABASE_BACKEND
    call_command("load_alliance_sources", stdout=io.StringIO())
    call_command("load_alliance_unit", stdout=io.StringIO())
    package = tmp_path / "alliance.unit.zip"
    package.write_bytes(unit_package_export(unit=Unit.objects.get()))
    lessons = Lesson.objects.count()  # the shipped unit's, however many it has
    Unit.objects.all().delete()
    Source.objects.all().delete()
    staff = StaffFactory()
    sign_in(page, live_server.url, staff.username, PASSWORD)

    # No worker yet: the job waits, and its page says so with an empty bar.
    _upload(page, package)
    expect(page.get_by_role("heading", name="Waiting for a worker")).to_be_visible()
    bar = page.get_by_role("progressbar")
    expect(bar).to_have_attribute("value", "0")
    assert_axe_clean(page, "a queued job")
    _shot(page, "queued-1280")
    job_url = page.url

    with worker_process(tmp_path):
        # The page asks again every second: the result appears without a reload.
        expect(page.get_by_role("heading", name="Finished")).to_be_visible(
            timeout=60_000
        )
    expect(page.get_by_role("row", name=f"Lessons {lessons}")).to_be_visible()
    assert Lesson.objects.count() == lessons
    assert_axe_clean(page, "a finished import")
    _shot(page, "done-1280")
    page.goto(job_url)
    expect(
        page.get_by_text("Imported “The U.S.–Soviet Alliance, 1941–1945”")
    ).to_be_visible()

    # A corrupt package: a clear message, nothing changed.
    counts = (Unit.objects.count(), Lesson.objects.count(), Source.objects.count())
    broken = tmp_path / "broken.unit.zip"
    broken.write_bytes(package.read_bytes()[: len(package.read_bytes()) // 2])
    with worker_process(tmp_path):
        _upload(page, broken)
        expect(page.get_by_role("alert")).to_contain_text(
            "Nothing was changed on this portal.", timeout=60_000
        )
    expect(page.get_by_role("heading", name="It did not work")).to_be_visible()
    assert_axe_clean(page, "a refused package")
    _shot(page, "refused-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    _shot(page, "refused-390")
    assert (
        Unit.objects.count(),
        Lesson.objects.count(),
        Source.objects.count(),
    ) == counts
