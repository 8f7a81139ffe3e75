"""The admin's OneRoster page and the nightly command."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from classrooms.models import Classroom, RosterImport
from tests.classrooms.oneroster_files import district
from tests.classrooms.test_roster import row_counts


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.django_db
def test_an_admin_uploads_a_dry_run_reads_the_report_then_applies_it(
    client, staff, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    upload = SimpleUploadedFile(
        "export.zip", district(schools=2, classes=3, users=20).zip_bytes()
    )
    before = row_counts()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:classrooms_rosterimport_add"),
            {"file": upload, "dry_run": "on"},
        )
    dry = RosterImport.objects.get()
    response = client.get(
        reverse("admin:classrooms_rosterimport_change", args=[dry.pk])
    )
    html = response.content.decode()
    assert "Dry run: what applying this file would do" in html
    assert "Nothing has changed yet." in html
    assert row_counts() == before
    assert dry.status == RosterImport.Status.DONE and dry.started_by == staff
    assert dry.report["counts"]["users"]["created"] == 20

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:classrooms_rosterimport_apply", args=[dry.pk]))
    applied = RosterImport.objects.get(dry_run=False)
    response = client.get(
        reverse("admin:classrooms_rosterimport_change", args=[applied.pk])
    )
    assert "What the import did" in response.content.decode()
    assert User.objects.filter(roster_source_id__isnull=False).count() == 20
    assert Classroom.objects.filter(roster_source_id__isnull=False).count() == 3


@pytest.mark.django_db
def test_a_refused_file_says_why_and_cannot_be_applied(
    client, staff, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    upload = SimpleUploadedFile("export.zip", b"this is no zip")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:classrooms_rosterimport_add"),
            {"file": upload, "dry_run": "on"},
        )
    dry = RosterImport.objects.get()
    response = client.get(
        reverse("admin:classrooms_rosterimport_change", args=[dry.pk])
    )
    html = response.content.decode()
    assert "could not be imported; nothing was changed" in html
    assert "This is not a zip file." in html
    client.post(reverse("admin:classrooms_rosterimport_apply", args=[dry.pk]))
    assert RosterImport.objects.count() == 1


@pytest.mark.django_db
def test_the_nightly_command_reads_a_folder(tmp_path, capsys):
    district(schools=1, classes=2, users=12).write_folder(tmp_path)
    call_command("import_oneroster", str(tmp_path), "--dry-run")
    assert (
        "users: 12 created, 0 updated, 0 deactivated (would be)"
        in capsys.readouterr().out
    )
    assert User.objects.count() == 0
    call_command("import_oneroster", str(tmp_path))
    assert User.objects.count() == 12
    call_command("import_oneroster", str(tmp_path))
    assert (
        "users: 0 created, 0 updated, 0 deactivated (were)" in capsys.readouterr().out
    )
    assert User.objects.count() == 12


@pytest.mark.django_db
def test_the_roster_lists_cost_the_same_for_2_rows_as_for_20(
    client, staff, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from classrooms.models import RosterRecord

    client.force_login(staff)

    def add(n):
        for i in range(n):
            RosterImport.objects.create(
                dry_run=True, folder=f"/srv/{i}", started_by=staff
            )
            RosterRecord.objects.create(
                kind="org", sourced_id=f"org-{RosterRecord.objects.count()}"
            )

    def cost(name):
        with CaptureQueriesContext(connection) as queries:
            assert (
                client.get(reverse(f"admin:classrooms_{name}_changelist")).status_code
                == 200
            )
        return len(queries)

    add(2)
    small = {name: cost(name) for name in ["rosterimport", "rosterrecord"]}
    add(18)
    assert {name: cost(name) for name in small} == small
    with django_assert_max_num_queries(5):
        client.get(reverse("admin:classrooms_rosterimport_changelist"))
    with django_assert_max_num_queries(5):
        client.get(reverse("admin:classrooms_rosterrecord_changelist"))
