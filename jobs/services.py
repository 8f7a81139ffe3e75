"""Starting jobs, and queueing again the jobs whose worker stopped."""

import io
import uuid
import zipfile
from collections.abc import Callable
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult

from jobs.models import Job
from jobs.runner import handler_path, job_enqueue


@transaction.atomic
def job_start(
    *,
    handler: Callable,
    title: str,
    payload: dict | None = None,
    owner=None,
    key: str | None = None,
    max_attempts: int = 3,
    return_url: str = "",
) -> Job:
    """Record a job and queue it for a worker. With ``key``, starting the same thing
    again returns the job already recorded (no second run)."""
    if key is not None:
        existing = Job.objects.filter(key=key).first()
        if existing is not None:
            return existing
    try:
        with transaction.atomic():
            job = Job.objects.create(
                handler=handler_path(handler),
                title=title[:200],
                payload=payload or {},
                owner=owner,
                key=key,
                max_attempts=max_attempts,
                return_url=return_url,
            )
    except IntegrityError:
        # Another process recorded the same key between our look and our insert.
        return Job.objects.get(key=key)
    job_enqueue(job.pk)
    return job


def jobs_requeue_expired() -> int:
    """Queue again every running job whose lease has passed (its worker stopped
    without finishing it); one that has used all its attempts fails instead.
    Returns how many jobs were touched. Each worker calls this now and then."""
    now = timezone.now()
    touched = 0
    for job in Job.objects.filter(
        status=Job.Status.RUNNING, lease_expires_at__lt=now
    ).only("pk", "attempts", "max_attempts", "task_result_id"):
        with transaction.atomic():
            still_expired = Job.objects.filter(
                pk=job.pk,
                status=Job.Status.RUNNING,
                attempts=job.attempts,
                lease_expires_at__lt=now,
            )
            if job.attempts >= job.max_attempts:
                changed = still_expired.update(
                    status=Job.Status.FAILED,
                    lease_expires_at=None,
                    finished_at=now,
                    message=_(
                        "The worker running this stopped before it finished, too "
                        "many times. Nothing was changed. Ask an administrator."
                    ),
                )
            else:
                changed = still_expired.update(
                    status=Job.Status.QUEUED,
                    lease_expires_at=None,
                    stage=_("Waiting for another worker (the last one stopped)."),
                )
                if changed:
                    job_enqueue(job.pk)
            if changed:
                _task_result_lost(job.task_result_id, now)
        touched += changed
    return touched


def _task_result_lost(task_result_id: str, now) -> None:
    """Mark django-tasks-db's record of the lost run as failed (it would stay
    RUNNING for ever), so its admin tells the truth."""
    try:
        uuid.UUID(task_result_id)
    except ValueError:
        return  # not a django-tasks-db task (the immediate backend's own ids)
    DBTaskResult.objects.filter(id=task_result_id, status="RUNNING").update(
        status="FAILED",
        finished_at=now,
        exception_class_path="jobs.WorkerLost",
        traceback="The worker running this task stopped; its job was queued again.",
    )


def job_file_result(*, name: str, filename: str, data: bytes, content_type: str):
    """Keep a file a job made in the default storage (shared by every process) and
    return what the job's result says about it; the job's page links to it."""
    stored = default_storage.save(
        f"jobs/files/{uuid.uuid4().hex}/{filename}", ContentFile(data)
    )
    return {
        "storage_name": stored,
        "filename": filename,
        "content_type": content_type,
        "size": len(data),
        "name": name,
    }


def job_files_result(*, files: list[tuple[str, bytes]], bundle_name: str):
    """Keep the files a job made for download: one file as it is, several as one
    zip (``bundle_name``) holding them all. Returns what ``job_file_result`` does."""
    if len(files) == 1:
        filename, data = files[0]
    else:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as bundle:
            for name, blob in files:
                bundle.writestr(name, blob)
        filename, data = bundle_name, buffer.getvalue()
    return job_file_result(
        name=filename, filename=filename, data=data, content_type="application/zip"
    )


def jobs_prune(*, older_than_days: int = 7) -> int:
    """Delete finished jobs older than the given number of days, and the files they
    made. Each worker runs this now and then (PORTAL_WORKER_PERIODIC)."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    old = Job.objects.filter(
        status__in=[Job.Status.DONE, Job.Status.FAILED], finished_at__lt=cutoff
    )
    for result in old.filter(result__isnull=False).values_list("result", flat=True):
        file = result.get("file") if isinstance(result, dict) else None
        if file:
            default_storage.delete(file["storage_name"])
    deleted, _rows = old.delete()
    return deleted
