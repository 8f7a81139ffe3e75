"""``manage.py db_worker``: django-tasks-db's worker, plus what jobs need from it.

It runs the same loop (claim a task, run it, record the outcome) and adds, in a
thread beside it: the sweep that queues again the jobs whose worker stopped (their
lease passed), and the periodic jobs named in ``PORTAL_WORKER_PERIODIC``. It also
tells ``jobs.runner`` that it is a worker, so running jobs renew their lease.
Start as many as you like, on as many machines, against the same database.
"""

import logging
import os
import threading

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django.utils.module_loading import import_string
from django_tasks_db.management.commands import db_worker

from jobs import runner
from jobs.services import jobs_requeue_expired

logger = logging.getLogger("jobs.worker")


class Command(db_worker.Command):
    help = (
        "Run a background worker: django-tasks-db's db_worker, with the sweep that "
        "queues again jobs whose worker stopped, and the periodic jobs."
    )

    def handle(self, *args, **options):
        reloading_parent = (
            options.get("reload") and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true"
        )
        if not reloading_parent:
            runner.IN_WORKER = True
            threading.Thread(target=_sweep_forever, daemon=True).start()
        return super().handle(*args, **options)


def _sweep_forever() -> None:
    stop = threading.Event()
    interval = max(0.5, runner.lease_seconds() / 2)
    periodic = [
        (import_string(path), float(every), [float(every)])
        for path, every in settings.PORTAL_WORKER_PERIODIC
    ]
    try:
        while not stop.wait(interval):
            close_old_connections()
            _sweep_once(periodic, interval)
    finally:
        connection.close()


def _sweep_once(periodic, interval: float) -> None:
    try:
        requeued = jobs_requeue_expired()
        if requeued:
            logger.warning("queued again %d job(s) whose worker stopped", requeued)
        for func, every, waited in periodic:
            waited[0] += interval
            if waited[0] >= every:
                waited[0] = 0.0
                func()
    except Exception:
        # A database that is away for a moment must not stop the sweeping.
        logger.exception("the worker's sweep failed; trying again")
