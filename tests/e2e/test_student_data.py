"""A class teacher exports a student's data and anonymises them from the roster,
in a real browser; the confirmation pages pass axe."""

import json
import os
import re
import zipfile

from playwright.sync_api import expect

from classrooms.services import classroom_create, enrolment_ensure
from tests.browser import assert_axe_clean, sign_in
from tests.builders import PASSWORD, StudentFactory


def _shot(page, name):
    """Screenshots at 1280 and 390 px wide, when PORTAL_SCREENSHOT_DIR is set."""
    folder = os.environ.get("PORTAL_SCREENSHOT_DIR")
    if folder:
        for width, height in [(1280, 800), (390, 844)]:
            page.set_viewport_size({"width": width, "height": height})
            page.screenshot(path=os.path.join(folder, f"{name}-{width}.png"))
        page.set_viewport_size({"width": 1280, "height": 800})


def test_teacher_exports_then_anonymises_a_student_from_the_roster(
    page, live_server, teacher, other_teacher
):
    classroom = classroom_create(owner=teacher, name="U.S. History", section="P3")
    student = StudentFactory(first_name="Quillon", last_name="Zarthwick")
    shared = StudentFactory(first_name="Shared", last_name="Pupil")
    for person in (student, shared):
        enrolment_ensure(classroom=classroom, student=person)
    enrolment_ensure(
        classroom=classroom_create(owner=other_teacher, name="World History"),
        student=shared,
    )

    sign_in(page, live_server.url, teacher.username, PASSWORD)
    page.goto(f"{live_server.url}{classroom.get_absolute_url()}")
    row = page.get_by_role("row", name=re.compile("Zarthwick"))
    row.get_by_text("Actions").click()  # the row's menu

    row.get_by_role("link", name=re.compile("Export data")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Export the data of Quillon Zarthwick"
    )
    assert_axe_clean(page, "export page")
    _shot(page, "student-export")
    # The button starts a job (run at once in the test settings; tests/jobs and
    # tests/e2e/test_jobs.py run real workers); its page offers the file.
    page.get_by_role("button", name="Prepare the file").click()
    link = page.get_by_role("link", name=re.compile("Download student-data-"))
    expect(link).to_be_visible()
    assert_axe_clean(page, "export job finished")
    _shot(page, "student-export-job")
    with page.expect_download() as download:
        link.click()
    data = download.value
    assert data.suggested_filename == f"student-data-{student.username}.zip"
    with zipfile.ZipFile(data.path()) as archive:
        assert json.loads(archive.read("data.json"))["account"]["last_name"] == (
            "Zarthwick"
        )

    page.goto(f"{live_server.url}{classroom.get_absolute_url()}")
    row = page.get_by_role("row", name=re.compile("Zarthwick"))
    row.get_by_text("Actions").click()
    row.get_by_role("link", name=re.compile("Anonymise")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Anonymise Quillon Zarthwick?"
    )
    expect(page.get_by_text("Class statistics stay correct")).to_be_visible()
    assert_axe_clean(page, "anonymise confirmation")
    page.get_by_role("button", name="Yes, anonymise").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("U.S. History")
    expect(page.locator(".messages")).to_contain_text("The student is anonymised")
    expect(page.get_by_role("row", name=re.compile("Former"))).to_be_visible()
    expect(page.get_by_text("Zarthwick")).to_have_count(0)
    assert_axe_clean(page, "roster after anonymising")

    # A student another teacher also teaches: the page says an admin must do it.
    row = page.get_by_role("row", name=re.compile("Pupil"))
    row.get_by_text("Actions").click()
    row.get_by_role("link", name=re.compile("Anonymise")).click()
    expect(page.get_by_text("only an admin can anonymise")).to_be_visible()
    expect(page.get_by_role("button", name="Yes, anonymise")).to_have_count(0)
    assert_axe_clean(page, "anonymise refused")
