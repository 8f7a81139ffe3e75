"""Uploads as teachers and admins send them: roster CSV files in every encoding a
spreadsheet program writes, with formula cells and NUL bytes; unit packages with
paths that climb out (zip-slip) and members that unpack to far more than they
weigh (zip bombs). Each is read correctly or refused with a message next to the
field; none is a server error, none is guessed into garbled names."""

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import User
from classrooms.services import classroom_create
from lessons.models import Unit
from tests.security import figures

PROBE = "uploads"
NAMES = "José,Núñez,7\nZoë,Brontë,8\n"
CSV_CASES = {
    # encoding name -> (bytes, read or refused)
    "UTF-8": (NAMES.encode("utf-8"), "read"),
    "UTF-8 with BOM": (NAMES.encode("utf-8-sig"), "read"),
    "UTF-16 LE with BOM": (b"\xff\xfe" + NAMES.encode("utf-16-le"), "read"),
    "UTF-16 BE with BOM": (b"\xfe\xff" + NAMES.encode("utf-16-be"), "read"),
    "Latin-1": (NAMES.encode("latin-1"), "refused"),
    "Windows-1252": (NAMES.encode("cp1252"), "refused"),
    "Shift-JIS": ("渡辺,健,9\n".encode("shift_jis"), "refused"),
    "NUL bytes": (b"Maya,Oka\x00for,1\n", "refused"),
    "UTF-16 without BOM": (NAMES.encode("utf-16-le"), "refused"),
    "random bytes": (bytes(range(256)) * 4, "refused"),
}


@pytest.fixture
def roster(client, teacher):
    classroom = classroom_create(owner=teacher, name="History")
    client.force_login(teacher)
    return classroom, reverse("classrooms:students_add", args=[classroom.pk])


@pytest.mark.parametrize("case", CSV_CASES)
def test_roster_csv_in_each_encoding_is_read_or_refused_with_a_message(
    client, roster, case, django_capture_on_commit_callbacks
):
    classroom, url = roster
    data, outcome = CSV_CASES[case]
    # The accounts are made by a job once the request's transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"csv_file": SimpleUploadedFile("roster.csv", data, "text/csv")}
        )
    figures.count(PROBE, "CSV files uploaded")
    assert response.status_code in {200, 302}
    names = set(
        classroom.enrolments.values_list("student__first_name", "student__last_name")
    )
    if outcome == "read":
        assert response.status_code == 302
        assert names == {("José", "Núñez"), ("Zoë", "Brontë")}
    else:
        assert response.status_code == 200 and not names
        errors = response.context["form"].errors["csv_file"]
        assert "CSV UTF-8" in errors[0]


def test_formula_cells_become_names_and_leave_the_cards_file_as_text(
    client, roster, django_capture_on_commit_callbacks
):
    classroom, url = roster
    data = b"=HYPERLINK(0),+1+2,@SUM(1)\n-3,Lee,4\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"csv_file": SimpleUploadedFile("roster.csv", data, "text/csv")}
        )
    assert response.status_code == 302
    figures.count(PROBE, "CSV files uploaded")
    assert User.objects.filter(first_name__startswith="=HYPERLINK").exists()
    # The job's page (the accounts were made by a job) links to the cards.
    job_page = client.get(response["Location"]).content.decode()
    cards_url = re.search(r'href="(/classes/\d+/cards/[^"]+)"', job_page).group(1)
    cards = client.post(cards_url + "csv/")
    text = cards.content.decode("utf-8-sig")
    for cell in ["=HYPERLINK(0)", "+1+2", "-3"]:
        assert f"'{cell}" in text or f"\"'{cell}" in text, cell
        assert f",{cell}" not in text and not text.startswith(cell)


def _zip(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


PACKAGE_CASES = {
    "zip-slip": _zip({"manifest.json": b"{}", "../../etc/evil.json": b"{}"}),
    "absolute path": _zip({"manifest.json": b"{}", "/var/evil.json": b"{}"}),
    "zip bomb": _zip({"manifest.json": b"{}", "unit.json": b"\0" * (60 * 2**20)}),
    "not a zip": b"PK\x03\x04 truncated",
    "empty": b"",
}


@pytest.mark.parametrize("case", PACKAGE_CASES)
def test_a_hostile_unit_package_is_refused_on_the_import_page(
    client, staff, case, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:lessons_unit_import_package"),
            {
                "package": SimpleUploadedFile(
                    "unit.zip", PACKAGE_CASES[case], content_type="application/zip"
                )
            },
        )
    figures.count(PROBE, "packages uploaded")
    if response.status_code == 302:  # the import runs as a job: its page
        response = client.get(response["Location"])
    assert response.status_code == 200
    text = response.content.decode()
    refused = "Nothing was changed on this portal." in text
    assert refused or "submitted file is empty" in text
    assert not Unit.objects.exists()


@pytest.mark.parametrize(
    "members",
    [
        {"../../manifest.csv": b"propertyName,value\n"},
        {"users.csv": b"\0" * (60 * 2**20)},
    ],
    ids=["zip-slip", "zip bomb"],
)
def test_a_hostile_oneroster_zip_is_a_report_not_a_server_error(client, staff, members):
    client.force_login(staff)
    response = client.post(
        reverse("admin:classrooms_rosterimport_add"),
        {
            "file": SimpleUploadedFile("roster.zip", _zip(members), "application/zip"),
            "dry_run": "on",
        },
        follow=True,
    )
    figures.count(PROBE, "roster zips uploaded")
    assert response.status_code == 200
