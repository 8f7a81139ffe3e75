"""/healthz/ checks the task queue when jobs wait for a worker (database backend):
a job ready to run that no worker has taken for too long answers 503."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from jobs.health import queue_check
from jobs.models import Job
from portal.views import CHECKS
from tests.process import django_process


@pytest.fixture
def queue_checked(monkeypatch, settings):
    # These settings run jobs immediately (no queue, so no check); add the check
    # that a server with the database backend registers at start.
    monkeypatch.setitem(CHECKS, "task_queue", queue_check)
    settings.PORTAL_QUEUE_MAX_WAIT_SECONDS = 300


def _queued(minutes_ago: float, **fields) -> Job:
    job = Job.objects.create(handler="tests.jobs.handlers.echo", title="t", **fields)
    Job.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - timedelta(minutes=minutes_ago)
    )
    return job


def test_a_queue_that_moves_is_healthy(client, db, queue_checked):
    _queued(1)  # just made: a worker will take it
    _queued(60, status=Job.Status.DONE)  # old but finished
    # Old, but waiting for its back-off, which ends in a minute.
    _queued(60, run_after=timezone.now() + timedelta(minutes=1))
    answer = client.get("/healthz/")
    assert answer.status_code == 200
    assert answer.json()["checked"] == ["database", "cache", "task_queue"]


def test_a_job_no_worker_took_answers_503_naming_the_queue(
    client, db, queue_checked, caplog
):
    _queued(10)
    answer = client.get("/healthz/")
    assert answer.status_code == 503
    assert answer.json() == {
        "status": "unavailable",
        "failed": {"task_queue": "QueueStalled"},
    }
    assert "a job has waited 600 s for a worker" in caplog.text


def test_a_back_off_that_ended_long_ago_counts_from_its_end(client, db, queue_checked):
    _queued(60, run_after=timezone.now() - timedelta(minutes=4))
    assert client.get("/healthz/").status_code == 200
    _queued(60, run_after=timezone.now() - timedelta(minutes=6))
    assert client.get("/healthz/").status_code == 503


def test_the_check_is_registered_with_the_database_backend_only():
    def checks(immediate: str) -> list[str]:
        done = django_process(
            "import json; from portal.views import CHECKS; print(json.dumps(list(CHECKS)))",
            PORTAL_TASKS_IMMEDIATE=immediate,
            DJANGO_SETTINGS_MODULE="portal.settings_test",
        )
        return json.loads(done.stdout.strip().splitlines()[-1])

    assert checks("0") == ["database", "cache", "task_queue"]
    assert checks("1") == ["database", "cache"]
