"""A class teacher exports a student's data and anonymises them from the roster,
in a real browser; the confirmation pages pass axe."""

import json
import re
import zipfile

from playwright.sync_api import expect

from classrooms.services import classroom_create, enrolment_ensure
from tests.browser import assert_axe_clean, sign_in
from tests.builders import PASSWORD, StudentFactory


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

    with page.expect_download() as download:
        row.get_by_role("link", name=re.compile("Export data")).click()
    data = download.value
    assert data.suggested_filename == f"student-data-{student.username}.zip"
    with zipfile.ZipFile(data.path()) as archive:
        assert json.loads(archive.read("data.json"))["account"]["last_name"] == (
            "Zarthwick"
        )

    row.get_by_role("link", name=re.compile("Anonymise")).click()  # menu still open
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
