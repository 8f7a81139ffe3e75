"""Benchmark: a OneRoster bulk zip of a district (3 schools, 40 classes, 1,000 users
by default) read and applied, then applied again (nothing to change), then a dry run.

Runs with the production settings against a throw-away database: a temporary SQLite
file, or PostgreSQL when DATABASE_URL is set (its database is flushed: use a scratch
one).

    .venv/bin/python bench/oneroster_import.py [USERS] [CLASSES]

Figures go in bench/README.md.
"""

import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DJANGO_SECURE", "0")
if not os.environ.get("DATABASE_URL"):
    os.environ["SQLITE_PATH"] = str(Path(tempfile.mkdtemp()) / "bench.sqlite3")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from classrooms.roster.apply import roster_import  # noqa: E402
from classrooms.roster.read import roster_read_zip  # noqa: E402
from tests.classrooms.oneroster_files import district  # noqa: E402


def timed(label: str, data: bytes, *, dry_run: bool) -> None:
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        files = roster_read_zip(io.BytesIO(data))
        report = roster_import(files=files, dry_run=dry_run)
    seconds = time.perf_counter() - start
    created = sum(c["created"] for c in report.counts().values())
    print(f"{label:<28} {seconds:6.2f} s  {len(queries):5d} queries  {created} created")


def main() -> None:
    users = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    classes = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    data = district(schools=3, classes=classes, users=users).zip_bytes()
    print(
        f"{connection.vendor}: {users} users, {classes} classes, {len(data)} bytes zipped"
    )
    timed("dry run (empty portal)", data, dry_run=True)
    timed("first import", data, dry_run=False)
    timed("the same zip again", data, dry_run=False)


if __name__ == "__main__":
    main()
