from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _

DATABASE_BACKEND = "django_tasks_db.DatabaseBackend"


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = _("Background jobs")

    def ready(self):
        # /healthz/ checks the queue when there is one: with the database backend
        # jobs wait for a `db_worker`; the immediate backend has no queue.
        if settings.TASKS["default"]["BACKEND"] == DATABASE_BACKEND:
            from jobs.health import queue_check  # noqa: PLC0415 - models are loaded
            from portal.views import CHECKS  # noqa: PLC0415

            CHECKS["task_queue"] = queue_check
