"""Jobs run by a real worker process (``manage.py db_worker``) on PostgreSQL:
progress seen while the job runs, retries with back-off, and a worker killed in
the middle of a job (another worker finishes it, once)."""

from pathlib import Path

import pytest
from django_tasks_db.models import DBTaskResult

from jobs.models import Job
from jobs.services import job_start
from tests.jobs import handlers
from tests.worker import DATABASE_BACKEND, wait_for, worker_process

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _database_queue(settings):
    settings.TASKS = DATABASE_BACKEND


def lines(marker: Path) -> list[str]:
    return marker.read_text().splitlines() if marker.exists() else []


def job_status(job: Job) -> str:
    job.refresh_from_db()
    return job.status if job.is_finished else ""


def test_a_worker_runs_a_job_and_its_progress_shows_while_it_runs(tmp_path):
    marker = tmp_path / "runs.txt"
    job = job_start(
        handler=handlers.slow,
        title="Slow",
        payload={"marker": str(marker), "seconds": 3},
    )
    # Queued in the database, not run by the request.
    assert Job.objects.get(pk=job.pk).status == "queued"
    with worker_process(tmp_path, PORTAL_JOB_LEASE_SECONDS="3"):
        seen = wait_for(
            lambda: (
                Job.objects.filter(pk=job.pk, progress__gt=0, stage__startswith="Step")
                .values_list("progress", flat=True)
                .first()
            ),
            what="progress written while the job runs",
        )
        assert 0 < seen < 100
        assert wait_for(lambda: job_status(job)) == "done"
    assert job.result == {"steps": 10}
    assert lines(marker) == ["started", "finished"]


def test_a_failing_job_is_retried_with_back_off(tmp_path):
    marker = tmp_path / "runs.txt"
    job = job_start(
        handler=handlers.flaky,
        title="Flaky",
        payload={"marker": str(marker), "failures": 2},
        max_attempts=3,
    )
    with worker_process(tmp_path, PORTAL_JOB_RETRY_SECONDS="0.5"):
        assert wait_for(lambda: job_status(job)) == "done"
    assert (job.attempts, job.result) == (3, {"runs": 3})
    # Each retry waited its back-off (0.5 s, then 1 s) before running again.
    tasks = list(
        DBTaskResult.objects.order_by("enqueued_at").values_list(
            "run_after", "started_at"
        )
    )
    assert len(tasks) == 3
    assert all(started >= run_after for run_after, started in tasks[1:])
    assert (tasks[2][0] - tasks[1][1]).total_seconds() >= 0.9


def test_a_job_whose_worker_was_killed_is_finished_once_by_another(tmp_path):
    marker = tmp_path / "runs.txt"
    job = job_start(
        handler=handlers.slow,
        title="Slow",
        payload={"marker": str(marker), "seconds": 3},
    )
    lease = {"PORTAL_JOB_LEASE_SECONDS": "1.5"}
    with worker_process(tmp_path, **lease) as first:
        wait_for(lambda: lines(marker) == ["started"], what="the job to start")
        first.kill()
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("running", 1)

    with worker_process(tmp_path, **lease) as second:
        assert wait_for(lambda: job_status(job), seconds=40) == "done", second.output()
        assert "queued again 1 job(s) whose worker stopped" in second.output()
    assert job.attempts == 2
    assert lines(marker) == ["started", "started", "finished"]
    # The killed worker's task is marked as lost, not left RUNNING for ever. (A
    # late copy of the carrier task may also run and find the job finished: it
    # changes nothing, as the runs above show.)
    statuses = sorted(DBTaskResult.objects.values_list("status", flat=True))
    assert statuses.count("FAILED") == 1 and "RUNNING" not in statuses
    assert "SUCCESSFUL" in statuses
