"""Unit packages from the admin: the export action and the import page."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from jobs.models import Job
from jobs.services import jobs_prune
from lessons.models import Unit
from lessons.services import unit_copy
from packages.services import unit_package_export, unit_package_import
from sources.models import Source

IMPORT_URL = "admin:lessons_unit_import_package"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def shipped(db):
    call_command("load_alliance_sources", stdout=io.StringIO())
    call_command("load_alliance_unit", stdout=io.StringIO())
    return Unit.objects.get(slug="us-soviet-alliance-1941-1945")


@pytest.fixture
def upload(client, django_capture_on_commit_callbacks):
    """Post a package; the job runs (immediate backend) and the page it sends to
    (the job's own page) is returned."""

    def post(data: bytes, name="alliance.unit.zip"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse(IMPORT_URL),
                {
                    "package": SimpleUploadedFile(
                        name, data, content_type="application/zip"
                    )
                },
            )
        assert response.status_code == 302
        assert response["Location"].startswith("/jobs/")
        return client.get(response["Location"])

    return post


def test_staff_import_a_package_and_see_what_changed(
    client, staff, shipped, tmp_path, upload
):
    package = unit_package_export(unit=shipped)
    Unit.objects.all().delete()
    Source.objects.all().delete()
    client.force_login(staff)

    page = client.get(reverse(IMPORT_URL))
    assert page.status_code == 200
    assert "never holds student data" in page.content.decode()

    response = upload(package)
    text = response.content.decode()
    assert response.status_code == 200
    assert "Imported “The U.S.–Soviet Alliance, 1941–1945”" in text
    assert '<th scope="row">Lessons</th><td>7</td>' in text
    assert Unit.objects.filter(slug=shipped.slug).count() == 1

    again = upload(package).content.decode()
    assert "already imported: nothing needed to change" in again
    assert Unit.objects.count() == 1
    # The upload is removed once imported.
    assert not any((tmp_path / "media").rglob("*.zip"))


def test_a_bad_package_is_refused_on_its_page(client, staff, shipped, upload):
    client.force_login(staff)
    units, sources = Unit.objects.count(), Source.objects.count()

    text = upload(b"truncated garbage").content.decode()

    assert "It did not work" in text
    assert "not a complete unit package" in text
    assert "Nothing was changed on this portal." in text
    assert (Unit.objects.count(), Source.objects.count()) == (units, sources)


def test_teachers_cannot_reach_the_import_page(client, teacher):
    client.force_login(teacher)
    assert client.get(reverse(IMPORT_URL)).status_code == 403


def test_the_unit_list_links_to_the_import_page(client, staff, shipped):
    client.force_login(staff)
    page = client.get(reverse("admin:lessons_unit_changelist")).content.decode()
    assert reverse(IMPORT_URL) in page


def test_export_action_downloads_a_package_that_imports(
    client, staff, shipped, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:lessons_unit_changelist"),
            {"action": "export_as_package", "_selected_action": [shipped.pk]},
        )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Download us-soviet-alliance-1941-1945.unit.zip" in page
    job = Job.objects.get()
    download = client.get(reverse("jobs:file", args=[job.pk]))
    assert download["Content-Type"] == "application/zip"
    assert "us-soviet-alliance-1941-1945.unit.zip" in download["Content-Disposition"]
    data = b"".join(download.streaming_content)
    assert not unit_package_import(data=data).changed

    # Pruned after a week: the file goes, and the link says so instead of failing.
    Job.objects.update(finished_at=timezone.now() - timedelta(days=8))
    assert jobs_prune() == 1
    assert not any((settings.MEDIA_ROOT).rglob("*.zip"))


def test_exporting_several_units_makes_one_zip_of_packages(
    client, staff, shipped, django_capture_on_commit_callbacks
):
    copy = unit_copy(unit=shipped, owner=None)
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:lessons_unit_changelist"),
            {"action": "export_as_package", "_selected_action": [shipped.pk, copy.pk]},
        )
    job = Job.objects.get()
    assert job.title == "Exporting 2 units as packages"
    download = client.get(reverse("jobs:file", args=[job.pk]))
    with zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))) as bundle:
        assert len(bundle.namelist()) == 2


def test_a_file_no_longer_kept_sends_back_to_the_job_page(client, staff):
    job = Job.objects.create(
        handler="packages.jobs.unit_package_export_job",
        title="Export",
        owner=staff,
        status=Job.Status.DONE,
        result={"file": {"storage_name": "jobs/files/gone.zip", "filename": "x.zip"}},
    )
    client.force_login(staff)
    response = client.get(reverse("jobs:file", args=[job.pk]), follow=True)
    assert "no longer kept" in response.content.decode()
