"""Jobs on the immediate backend (the test settings' default): claim, result,
refusal, retries until the last attempt, the lease sweep, and the job's page."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from jobs.models import Job
from jobs.runner import backoff_seconds, job_run
from jobs.services import job_start, jobs_requeue_expired
from tests.jobs import handlers


@pytest.fixture
def marker(tmp_path) -> str:
    return str(tmp_path / "runs.txt")


def runs(marker: str) -> int:
    path = Path(marker)
    return len(path.read_text().splitlines()) if path.exists() else 0


def start(capture, **kwargs) -> Job:
    with capture(execute=True):
        job = job_start(title="A test job", **kwargs)
    job.refresh_from_db()
    return job


def test_a_job_runs_once_and_keeps_its_result(
    db, django_capture_on_commit_callbacks, marker, teacher
):
    job = start(
        django_capture_on_commit_callbacks,
        handler=handlers.echo,
        payload={"marker": marker, "value": "hello"},
        owner=teacher,
    )
    assert (job.status, job.result, job.attempts, job.progress) == (
        "done",
        {"value": "hello"},
        1,
        100,
    )
    # Its task arriving again (a requeued copy) does not run it twice.
    assert job_run(job_id=str(job.pk))["outcome"] == "skipped"
    assert runs(marker) == 1


def test_the_same_key_starts_one_job(db, django_capture_on_commit_callbacks, marker):
    first = start(
        django_capture_on_commit_callbacks,
        handler=handlers.echo,
        payload={"marker": marker, "value": "a"},
        key="echo:1",
    )
    second = start(
        django_capture_on_commit_callbacks,
        handler=handlers.echo,
        payload={"marker": marker, "value": "a"},
        key="echo:1",
    )
    assert first.pk == second.pk
    assert runs(marker) == 1


def test_a_refusal_fails_at_once_with_its_message(
    db, django_capture_on_commit_callbacks, marker
):
    job = start(
        django_capture_on_commit_callbacks,
        handler=handlers.refuse,
        payload={"marker": marker},
    )
    assert job.status == "failed"
    assert job.message == "The file is not a unit package."
    assert runs(marker) == 1


def test_an_error_is_retried_until_it_works(
    db, django_capture_on_commit_callbacks, marker
):
    job = start(
        django_capture_on_commit_callbacks,
        handler=handlers.flaky,
        payload={"marker": marker, "failures": 2},
        max_attempts=3,
    )
    assert (job.status, job.attempts, job.result) == ("done", 3, {"runs": 3})
    assert "run 2 fails on purpose" in job.error


def test_an_error_on_the_last_attempt_fails_with_a_clear_message(
    db, django_capture_on_commit_callbacks, marker
):
    job = start(
        django_capture_on_commit_callbacks,
        handler=handlers.flaky,
        payload={"marker": marker, "failures": 5},
        max_attempts=2,
    )
    assert (job.status, job.attempts) == ("failed", 2)
    assert "after 2 attempts" in job.message
    assert "Nothing was changed" in job.message
    assert runs(marker) == 2


def test_back_off_doubles_up_to_an_hour(settings):
    settings.PORTAL_JOB_RETRY_SECONDS = 10
    assert [backoff_seconds(n) for n in (1, 2, 3)] == [10, 20, 40]
    assert backoff_seconds(30) == 3600


def test_a_job_whose_lease_passed_is_queued_again_then_given_up(
    db, django_capture_on_commit_callbacks, marker
):
    lost = Job.objects.create(
        handler="tests.jobs.handlers.echo",
        title="Lost",
        payload={"marker": marker, "value": "again"},
        status=Job.Status.RUNNING,
        attempts=1,
        lease_expires_at=timezone.now() - timedelta(seconds=1),
    )
    alive = Job.objects.create(
        handler="tests.jobs.handlers.echo",
        title="Alive",
        payload={"marker": marker, "value": "x"},
        status=Job.Status.RUNNING,
        attempts=1,
        lease_expires_at=timezone.now() + timedelta(minutes=1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs_requeue_expired() == 1
    lost.refresh_from_db()
    alive.refresh_from_db()
    assert (lost.status, lost.attempts, lost.result) == ("done", 2, {"value": "again"})
    assert alive.status == "running"

    Job.objects.filter(pk=alive.pk).update(
        attempts=3, lease_expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert jobs_requeue_expired() == 1
    alive.refresh_from_db()
    assert alive.status == "failed"
    assert "stopped before it finished" in alive.message


def test_the_owner_follows_the_job_on_its_page(client, teacher, other_teacher, marker):
    job = Job.objects.create(
        handler="tests.jobs.handlers.slow",
        title="Importing something",
        owner=teacher,
        status=Job.Status.RUNNING,
        progress=40,
        stage="Step 5 of 10",
    )
    client.force_login(teacher)
    page = client.get(job.get_absolute_url())
    text = page.content.decode()
    assert page.status_code == 200
    assert "Importing something" in text
    assert 'value="40"' in text and "Step 5 of 10" in text
    assert 'hx-trigger="every 1s"' in text
    assert "no-cache" in page["Cache-Control"]

    # htmx asks for the status alone; once finished it stops asking.
    Job.objects.filter(pk=job.pk).update(status=Job.Status.DONE, result={"steps": 10})
    fragment = client.get(job.get_absolute_url(), headers={"HX-Request": "true"})
    text = fragment.content.decode()
    assert "<html" not in text and "Finished" in text
    assert "hx-trigger" not in text

    client.force_login(other_teacher)
    assert client.get(job.get_absolute_url()).status_code == 404


def test_a_failed_job_says_what_went_wrong(client, teacher):
    job = Job.objects.create(
        handler="tests.jobs.handlers.refuse",
        title="Importing",
        owner=teacher,
        status=Job.Status.FAILED,
        message="The file is not a unit package.",
    )
    client.force_login(teacher)
    text = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert 'role="alert"' in text and "The file is not a unit package." in text
