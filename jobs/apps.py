from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _

DATABASE_BACKEND = "django_tasks_db.DatabaseBackend"


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = _("Background jobs")

    def ready(self):
        # /healthz/ checks the queue, and /metrics shows its depth, when there is
        # one: with the database backend jobs wait for a `db_worker`; the
        # immediate backend has no queue.
        if settings.TASKS["default"]["BACKEND"] == DATABASE_BACKEND:
            from jobs import health  # noqa: PLC0415 - models are loaded now
            from portal.metrics import GAUGES  # noqa: PLC0415
            from portal.views import CHECKS  # noqa: PLC0415

            CHECKS["task_queue"] = health.queue_check
            GAUGES["portal_jobs_ready"] = (
                "Jobs ready to run that no worker has taken yet.",
                health.ready_count,
            )
            GAUGES["portal_jobs_oldest_wait_seconds"] = (
                "How long the longest-waiting ready job has waited.",
                health.oldest_wait_seconds,
            )
