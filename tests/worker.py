"""A real task worker for tests about the queue: ``manage.py db_worker`` in its own
process, on the test database (PostgreSQL: a SQLite test database lives in this
process's memory and no other process can see it)."""

import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _database_url() -> str:
    db = connection.settings_dict
    credentials = quote(db["USER"] or "")
    if db.get("PASSWORD"):
        credentials += ":" + quote(db["PASSWORD"])
    host = db["HOST"] or "127.0.0.1"
    return f"postgres://{credentials}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker:
    def __init__(self, env: dict[str, str], log: Path):
        self.env, self.log = env, log
        self.process: subprocess.Popen | None = None

    def start(self) -> "Worker":
        handle = self.log.open("ab")
        self.process = subprocess.Popen(  # noqa: S603 (our own manage.py)
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--no-reload",
                "--no-startup-delay",
                "--interval",
                "0.1",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
        return self

    def kill(self) -> None:
        """Kill -9: no chance to finish or tidy up (a machine that lost power)."""
        assert self.process is not None
        self.process.kill()
        self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@contextmanager
def worker_process(tmp_path: Path, **settings_env: str):
    """Start a worker on the test database; stop it at the end. ``settings_env``
    adds environment variables (e.g. PORTAL_JOB_LEASE_SECONDS="2")."""
    if connection.vendor != "postgresql":
        pytest.skip("a worker process needs a database it can share (PostgreSQL)")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings_test",
        "DATABASE_URL": _database_url(),
        "PORTAL_TASKS_IMMEDIATE": "0",
        "PORTAL_JOB_RETRY_SECONDS": "0.3",
        "PYTHONDONTWRITEBYTECODE": "1",
        # Uploads a job reads are in the default storage, shared with the worker.
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        **settings_env,
    }
    worker = Worker(env, tmp_path / "worker.log").start()
    try:
        yield worker
    finally:
        worker.stop()


def wait_for(condition, *, seconds: float = 30, what: str = "the worker"):
    """Poll until ``condition()`` is true (the worker is another process)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")
