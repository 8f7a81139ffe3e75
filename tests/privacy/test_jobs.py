"""The student-data export job: one person gives their file, several a zip of
files; people gone by the time a worker runs it give a clear failure."""

import io
import json
import zipfile

import pytest
from django.core.files.storage import default_storage

from jobs.models import Job
from jobs.services import job_start
from privacy.jobs import student_data_export_job


@pytest.fixture
def classwork(teacher, classwork_build):
    return classwork_build(teacher, replies_both_ways=True)


def _run(owner, user_ids, capture):
    with capture(execute=True):
        job = job_start(
            handler=student_data_export_job,
            title="Export",
            payload={"user_ids": user_ids},
            owner=owner,
        )
    job.refresh_from_db()
    return job


def _read(job):
    with default_storage.open(job.result["file"]["storage_name"], "rb") as handle:
        return zipfile.ZipFile(io.BytesIO(handle.read()))


def test_several_people_make_one_zip_of_their_files(
    staff, classwork, django_capture_on_commit_callbacks
):
    assignment, (student, other) = classwork
    job = _run(staff, [student.pk, other.pk], django_capture_on_commit_callbacks)

    assert job.status == Job.Status.DONE and job.progress == 100
    assert job.result["people"] == 2
    assert job.result["file"]["filename"] == "student-data.zip"
    bundle = _read(job)
    names = sorted(bundle.namelist())
    assert names == sorted(
        [f"student-data-{student.username}.zip", f"student-data-{other.username}.zip"]
    )
    inner = zipfile.ZipFile(io.BytesIO(bundle.read("student-data-qz.zip")))
    data = json.loads(inner.read("data.json"))
    assert data["account"]["username"] == "qz"
    assert "Zorblat reply" in json.dumps(data)


def test_people_gone_before_the_worker_ran_fail_with_a_message(
    staff, django_capture_on_commit_callbacks
):
    job = _run(staff, [987654], django_capture_on_commit_callbacks)

    assert job.status == Job.Status.FAILED
    assert job.message == "Those people are no longer on this portal."
    assert not job.result
