"""A job: one piece of work run by a task worker, with what its page shows
(progress, stage, result or a clear failure message) and what the worker needs to
run it safely more than once (attempts, back-off, a lease)."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for a worker")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Dotted path of a function decorated with jobs.runner.job_handler.
    handler = models.CharField(max_length=200)
    payload = models.JSONField(default=dict, blank=True)
    title = models.CharField(max_length=200)
    # Who may open the job's page (nobody but staff in the admin when empty).
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="jobs",
    )
    # Starting the same thing twice (a retried request, a resent event) makes one job.
    key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    max_attempts = models.PositiveSmallIntegerField(default=3)
    progress = models.PositiveSmallIntegerField(default=0)
    stage = models.CharField(max_length=200, blank=True)
    # While running: the worker renews this; once it passes, the worker is presumed
    # dead and the job is queued again.
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    run_after = models.DateTimeField(null=True, blank=True)
    task_result_id = models.CharField(max_length=64, blank=True)
    result = models.JSONField(null=True, blank=True)
    # Where the page's "back" link goes (the page that started the job).
    return_url = models.CharField(max_length=300, blank=True)
    message = models.TextField(blank=True)  # shown to the owner when it failed
    error = models.TextField(blank=True)  # the last traceback, for staff
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "lease_expires_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="job_progress_percent"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("jobs:detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}
