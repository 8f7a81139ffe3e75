"""The task queue's part of /healthz/: a job that should have started long ago
means no worker is taking jobs (none running, all stuck, or none reaching the
database), which the person on call needs to hear before a teacher does."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from jobs.models import Job


class QueueStalled(RuntimeError):
    pass


def _ready():
    return Job.objects.filter(status=Job.Status.QUEUED).filter(
        Q(run_after__isnull=True) | Q(run_after__lte=timezone.now())
    )


def ready_count() -> int:
    """Jobs ready to run that no worker has taken yet (the queue's depth)."""
    return _ready().count()


def oldest_wait_seconds() -> float:
    """How long the longest-waiting queued job has been ready to run (0 when none
    waits). A job waiting for its back-off counts from its run_after, not from its
    creation."""
    now = timezone.now()
    times = _ready().order_by("created_at").values_list("created_at", "run_after")
    waits = [now - max(created, after or created) for created, after in times[:50]]
    return max(waits, default=timedelta(0)).total_seconds()


def queue_check() -> None:
    """Raise when a ready job has waited longer than PORTAL_QUEUE_MAX_WAIT_SECONDS."""
    waited = oldest_wait_seconds()
    if waited > settings.PORTAL_QUEUE_MAX_WAIT_SECONDS:
        raise QueueStalled(
            f"a job has waited {waited:.0f} s for a worker "
            f"(more than {settings.PORTAL_QUEUE_MAX_WAIT_SECONDS:.0f} s)"
        )
