"""Benchmark: a teacher adds 500 students at once (issue 5: "within a few seconds").

Runs with the production settings (Argon2 first in PASSWORD_HASHERS, the one-time
hasher after it) against a throw-away database: a temporary SQLite file, or
PostgreSQL when DATABASE_URL is set (its database is flushed: use a scratch one).

    .venv/bin/python bench/bulk_students.py [N]

It times the whole request (form parsing, username generation, hashing, inserts, the
login cards sealed and stored) with the accounts job run in it (immediate backend) through Django's test client, and, for comparison, what hashing the
same passwords with Argon2 would cost. Figures go in bench/README.md.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DJANGO_SECURE", "0")
os.environ.setdefault("AXES_ENABLED", "0")
# The accounts are a job (classrooms/jobs.py): run it inside the request, after its
# transaction, so the figure is the whole work a worker would do plus the request.
os.environ.setdefault("PORTAL_TASKS_IMMEDIATE", "1")
os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
if not os.environ.get("DATABASE_URL"):
    os.environ["SQLITE_PATH"] = str(Path(tempfile.mkdtemp()) / "bench.sqlite3")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import get_hasher  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

FIRST = [
    "Maya",
    "Leo",
    "Sofia",
    "Ethan",
    "Amara",
    "José",
    "Zoë",
    "Kenji",
    "Ana",
    "Omar",
]
LAST = ["Okafor", "Haddad", "Lindqvist", "Nguyen", "Núñez", "Brontë", "Sato", "Lima"]


def main(n: int) -> None:
    call_command("migrate", verbosity=0)
    if connection.vendor == "postgresql":
        call_command("flush", interactive=False, verbosity=0)
    from accounts.models import User
    from accounts.services import user_create
    from classrooms.services import classroom_create

    teacher = user_create(
        username="bench.teacher", password="x" * 12, role=User.Role.TEACHER
    )
    classroom = classroom_create(owner=teacher, name="Bench")
    # Names repeat (10 × 8 combinations), so most usernames need a number.
    names = "\n".join(f"{FIRST[i % 10]} {LAST[(i // 10) % 8]}" for i in range(n))
    client = Client()
    client.force_login(teacher)
    url = reverse("classrooms:students_add", kwargs={"pk": classroom.pk})

    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.post(url, {"names": names})
        elapsed = time.perf_counter() - start
    assert response.status_code == 302, response.status_code
    assert classroom.enrolments.count() == n

    argon2 = get_hasher("argon2")
    sample = 20
    start = time.perf_counter()
    for _ in range(sample):
        argon2.encode("abcde-fghjk", argon2.salt())
    argon2_each = (time.perf_counter() - start) / sample
    onetime = get_hasher("pbkdf2_onetime")
    start = time.perf_counter()
    for _ in range(sample):
        onetime.encode("abcde-fghjk", onetime.salt())
    onetime_each = (time.perf_counter() - start) / sample

    print(f"database: {connection.vendor}")
    print(f"{n} students through the form: {elapsed:.2f} s, {len(queries)} queries")
    print(
        f"one-time hasher ({onetime.algorithm}, {onetime.iterations} iterations): "
        f"{onetime_each * 1000:.2f} ms a password"
    )
    print(
        f"Argon2 instead: {argon2_each * 1000:.1f} ms a password, "
        f"about {argon2_each * n:.0f} s for {n}"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
