"""Running jobs on Django's tasks framework, safely more than once.

django-tasks-db stores each task in the database and its ``db_worker`` runs it,
but it never retries a failed task, and a task whose worker was killed stays
RUNNING for ever. A job (``jobs.models.Job``) adds what that lacks:

- **Claim**: the carrier task ``job_execute`` starts a job only by a conditional
  update from QUEUED to RUNNING, so two workers (or a requeued copy of the task)
  never run the same attempt twice.
- **Lease**: while a job runs, a heartbeat thread in the worker renews
  ``lease_expires_at`` (and writes the progress, on its own connection, so the page
  sees it while the job's own transaction is still open). Every worker sweeps for
  RUNNING jobs whose lease has passed (their worker died) and queues them again
  (``jobs_requeue_expired``).
- **Retries with back-off**: an unexpected exception queues the job again after
  ``PORTAL_JOB_RETRY_SECONDS × 2^(attempt-1)`` seconds, until ``max_attempts``;
  then it fails with a clear message. A handler refuses work it can never do by
  raising ``JobRefused`` (no retry; the message is shown as it is).
- **All or nothing**: a handler runs in one transaction together with marking the
  job done (``atomic=False`` for handlers that talk to the outside world, such as
  mail, and make themselves idempotent instead).
"""

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from traceback import format_exception

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.tasks import task, task_backends
from django.tasks.backends.immediate import ImmediateBackend
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from jobs.models import Job

logger = logging.getLogger(__name__)
HANDLER_MARK = "portal_job_handler"
# Set by the worker command: only a worker renews leases in a heartbeat thread (the
# immediate backend runs a job inside the request that started it).
IN_WORKER = False


class JobRefused(Exception):
    """The work cannot be done (a damaged file, a missing record): the job fails at
    once with this message for the person, and is not retried."""


@dataclass(frozen=True)
class HandlerInfo:
    atomic: bool
    result_template: str
    present: Callable[[dict], dict] | None


@dataclass
class JobContext:
    """What a handler gets besides its payload: the job, and a way to say how far
    it is (written to the page by the heartbeat)."""

    job: Job
    percent: int = 0
    stage: str = ""
    changed: threading.Event = field(default_factory=threading.Event)

    def progress(self, percent: int, stage: str = "") -> None:
        self.percent = max(0, min(100, int(percent)))
        self.stage = stage[:200]
        self.changed.set()

    @property
    def is_last_attempt(self) -> bool:
        return self.job.attempts >= self.job.max_attempts


def job_handler(
    func: Callable | None = None,
    *,
    atomic: bool = True,
    result_template: str = "",
    present: Callable[[dict], dict] | None = None,
):
    """Mark a module-level function ``func(context, **payload) -> dict`` as a job
    handler. ``result_template`` shows a finished job's result on its page, with
    ``present(result)`` turning the stored result into the template's context (in
    the viewer's language)."""

    def mark(function: Callable) -> Callable:
        setattr(function, HANDLER_MARK, HandlerInfo(atomic, result_template, present))
        return function

    return mark(func) if func is not None else mark


def handler_path(func: Callable) -> str:
    if not isinstance(getattr(func, HANDLER_MARK, None), HandlerInfo):
        raise ImproperlyConfigured(f"{func!r} is not decorated with @job_handler")
    return f"{func.__module__}.{func.__qualname__}"


def handler_load(path: str) -> tuple[Callable, HandlerInfo]:
    """The handler a job names (only functions marked as handlers are run)."""
    func = import_string(path)
    info = getattr(func, HANDLER_MARK, None)
    if not isinstance(info, HandlerInfo):
        raise ImproperlyConfigured(f"{path} is not a job handler")
    return func, info


def lease_seconds() -> float:
    return float(settings.PORTAL_JOB_LEASE_SECONDS)


def backoff_seconds(attempt: int) -> float:
    """Wait before the next attempt: doubling from the base, at most an hour."""
    return min(3600.0, settings.PORTAL_JOB_RETRY_SECONDS * 2 ** max(0, attempt - 1))


def job_enqueue(job_id, *, run_after: datetime | None = None) -> None:
    """Hand the job to the task backend. A database backend stores the task in the
    caller's transaction (the job and its task exist together or not at all); the
    immediate backend runs it once that transaction commits."""
    carrier = job_execute
    backend = task_backends[carrier.backend]
    if run_after is not None and backend.supports_defer:
        carrier = carrier.using(run_after=run_after)
    if isinstance(backend, ImmediateBackend):
        transaction.on_commit(lambda: carrier.enqueue(job_id=str(job_id)))
    else:
        carrier.enqueue(job_id=str(job_id))


@task(takes_context=True)
def job_execute(context, job_id: str) -> dict:
    """The carrier task: every job runs through it."""
    return job_run(job_id=job_id, task_result_id=str(context.task_result.id))


def job_run(*, job_id: str, task_result_id: str = "") -> dict:
    """Claim the job and run its handler once; retry or fail on an exception."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING,
        attempts=F("attempts") + 1,
        lease_expires_at=now + timedelta(seconds=lease_seconds()),
        started_at=now,
        task_result_id=task_result_id[:64],
        message="",
    )
    if not claimed:
        # Finished, or running elsewhere: a requeued copy of its task arrived late.
        return {"job": job_id, "outcome": "skipped"}
    job = Job.objects.get(pk=job_id)
    context = JobContext(job=job)
    try:
        func, info = handler_load(job.handler)
        with _Heartbeat(context):
            if info.atomic:
                with transaction.atomic():
                    result = func(context, **job.payload)
                    _finish(job, Job.Status.DONE, result=result)
            else:
                result = func(context, **job.payload)
                _finish(job, Job.Status.DONE, result=result)
    except JobRefused as refusal:
        _finish(job, Job.Status.FAILED, message=str(refusal))
        return {"job": job_id, "outcome": "refused"}
    except Exception as error:  # noqa: BLE001 (any failure is retried or reported)
        logger.warning("job %s (%s) failed: %r", job_id, job.handler, error)
        return _retry_or_fail(job, error)
    return {"job": job_id, "outcome": "done"}


def _finish(job: Job, status: str, *, result=None, message: str = "", error=None):
    # Only the attempt that holds the job may finish it (a requeued attempt that
    # took over after a lost lease wins over a worker that woke up late).
    # The last attempt's traceback stays unless a new one is given.
    changes = {
        "status": status,
        "result": result,
        "message": message,
        "progress": 100 if status == Job.Status.DONE else F("progress"),
        "lease_expires_at": None,
        "finished_at": timezone.now(),
    }
    if error is not None:
        changes["error"] = error
    Job.objects.filter(
        pk=job.pk, status=Job.Status.RUNNING, attempts=job.attempts
    ).update(**changes)


def _retry_or_fail(job: Job, error: Exception) -> dict:
    trace = "".join(format_exception(error))
    if job.attempts >= job.max_attempts:
        _finish(
            job,
            Job.Status.FAILED,
            message=_(
                "This stopped on an unexpected error after %(count)d attempts. "
                "Nothing was changed. Try again later, or ask an administrator."
            )
            % {"count": job.attempts},
            error=trace,
        )
        return {"job": str(job.pk), "outcome": "failed"}
    run_after = timezone.now() + timedelta(seconds=backoff_seconds(job.attempts))
    with transaction.atomic():
        requeued = Job.objects.filter(
            pk=job.pk, status=Job.Status.RUNNING, attempts=job.attempts
        ).update(
            status=Job.Status.QUEUED,
            lease_expires_at=None,
            run_after=run_after,
            error=trace,
            stage=_("Something went wrong; trying again shortly."),
        )
        if requeued:
            job_enqueue(job.pk, run_after=run_after)
    return {"job": str(job.pk), "outcome": "retry"}


class _Heartbeat:
    """In a worker: renew the job's lease and write its progress from a thread with
    its own database connection, until the handler returns."""

    def __init__(self, context: JobContext):
        self.context = context
        self.stop = threading.Event()
        self.thread = None

    def __enter__(self):
        if IN_WORKER:
            self.thread = threading.Thread(target=self._beat, daemon=True)
            self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        if self.thread is not None:
            self.thread.join()

    def _beat(self) -> None:
        interval = max(0.2, min(1.0, lease_seconds() / 3))
        try:
            while not self.stop.wait(interval):
                self._write()
        finally:
            connection.close()

    def _write(self) -> None:
        context = self.context
        context.changed.clear()
        try:
            Job.objects.filter(
                pk=context.job.pk,
                status=Job.Status.RUNNING,
                attempts=context.job.attempts,
            ).update(
                lease_expires_at=timezone.now() + timedelta(seconds=lease_seconds()),
                progress=context.percent,
                stage=context.stage,
            )
        except DatabaseError:
            # SQLite lets one writer at a time: skip this beat, the next one writes.
            logger.debug("heartbeat of job %s skipped", context.job.pk)
