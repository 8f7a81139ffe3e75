"""Who may see a job: the person who started it (anyone else gets 404)."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from jobs.models import Job


def jobs_visible_to(user) -> QuerySet[Job]:
    return (
        Job.objects.filter(owner=user) if user.is_authenticated else Job.objects.none()
    )


def get_job_for_user_or_404(user, pk) -> Job:
    return get_object_or_404(jobs_visible_to(user), pk=pk)
