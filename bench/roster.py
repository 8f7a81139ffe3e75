"""Benchmark: a class's roster page with 30, 200 and 1,000 students.

For each size, a fresh class of N students (a third of them with a student ID, half
signed in once, three sharing a name) is put on the roster with ``bulk_create``;
then the roster page is timed through Django's test client (whole request, signed
in as the class teacher): the first page, a search, and the last page. Production
settings aside, on a throw-away database: a temporary SQLite file, or PostgreSQL
when DATABASE_URL is set (that database is flushed: use a scratch one).

    .venv/bin/python bench/roster.py [SIZES] [REPEATS]      # e.g. 30,200,1000 10

Figures go in docs/performance.md. The query count is also held constant by the
test suite (tests/classrooms/test_views.py).
"""

import os
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings_test")
os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
if not os.environ.get("DATABASE_URL"):
    os.environ["SQLITE_PATH"] = str(Path(tempfile.mkdtemp()) / "bench.sqlite3")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.timing import measure  # noqa: E402


def build(teacher, n: int):
    from accounts.models import User
    from classrooms.models import Enrolment
    from classrooms.services import classroom_create

    classroom = classroom_create(owner=teacher, name=f"Class of {n}")
    now = timezone.now()
    students = User.objects.bulk_create(
        User(
            username=f"c{n}.s{i}",
            first_name="Jamal" if i < 3 else f"Student{i}",
            last_name="Brown" if i < 3 else f"Surname{i % 97}",
            student_number=f"S{i:06d}" if i % 3 == 0 else "",
            last_login=now - timedelta(hours=i) if i % 2 else None,
            role=User.Role.STUDENT,
        )
        for i in range(n)
    )
    Enrolment.objects.bulk_create(
        Enrolment(classroom=classroom, student=s) for s in students
    )
    return classroom


def main(sizes: list[int], repeats: int) -> None:
    from accounts.models import User
    from accounts.services import user_create

    call_command("migrate", verbosity=0)
    if connection.vendor == "postgresql":
        call_command("flush", interactive=False, verbosity=0)
    teacher = user_create(username="bench.t", password="x" * 12, role=User.Role.TEACHER)
    client = Client()
    client.force_login(teacher)
    print(f"{connection.vendor}; median / max of {repeats} requests, in ms")
    print(f"{'students':>8}  {'page':<22}{'median':>9}{'max':>9}{'queries':>9}")
    for n in sizes:
        classroom = build(teacher, n)
        url = reverse("classrooms:classroom_detail", args=[classroom.pk])
        last = (n + 49) // 50
        for name, query in (
            ("first page", ""),
            ("search 'brown'", "?q=brown"),
            (f"last page ({last})", f"?page={last}"),
        ):
            median, worst, queries = measure(client, url + query, repeats)
            print(f"{n:>8}  {name:<22}{median:>9.1f}{worst:>9.1f}{queries:>9}")


if __name__ == "__main__":
    main(
        [
            int(s)
            for s in (sys.argv[1] if len(sys.argv) > 1 else "30,200,1000").split(",")
        ],
        int(sys.argv[2]) if len(sys.argv) > 2 else 10,
    )
