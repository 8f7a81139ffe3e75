"""Benchmark: the gradebook and its CSV export for a large class (issue 17).

    .venv/bin/python bench/gradebook_csv.py [STUDENTS] [ASSIGNMENTS]   # SQLite file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/scratch .venv/bin/python bench/gradebook_csv.py 1000 40

Against a throw-away database (PostgreSQL's is flushed: use a scratch one): a
class of STUDENTS (default 1000, the most one roster import takes) and
ASSIGNMENTS (default 40, a school year), every cell scored; then the whole
request for the gradebook page and for the CSV file through Django's test client
(median and max of 10, the queries, the size). The question it answers: does the
CSV export need a background job? Figures go in docs/performance.md.
"""

import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The test settings (plain static files, fast hasher) like bench/roster.py.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings_test")
os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
if not os.environ.get("DATABASE_URL"):
    os.environ["SQLITE_PATH"] = str(Path(tempfile.mkdtemp()) / "bench.sqlite3")

import django  # noqa: E402

django.setup()
logging.disable(logging.INFO)  # no request log lines between the figures

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts.models import User  # noqa: E402
from assignments.models import Feedback, Response  # noqa: E402
from classrooms.models import Enrolment  # noqa: E402
from classrooms.services import classroom_create  # noqa: E402
from tests.assignments.conftest import build_assignment  # noqa: E402


def build(students: int, assignments: int):
    teacher = User.objects.create_user(username="bench-teacher", role=User.Role.TEACHER)
    classroom = classroom_create(owner=teacher, name="Bench", section="P1")
    made = [
        build_assignment(teacher, classroom=classroom, prompts=1)
        for _ in range(assignments)
    ]
    people = User.objects.bulk_create(
        User(username=f"s{k}", first_name="Pupil", last_name=f"N{k}")
        for k in range(students)
    )
    Enrolment.objects.bulk_create(
        Enrolment(classroom=classroom, student=s) for s in people
    )
    for assignment in made:
        prompt = assignment.lesson.prompts.get()
        responses = Response.objects.bulk_create(
            Response(
                assignment=assignment,
                prompt=prompt,
                student=s,
                status=Response.Status.RETURNED,
            )
            for s in people
        )
        Feedback.objects.bulk_create(
            Feedback(response=r, score=k % 11, max_points=10, graded_by=teacher)
            for k, r in enumerate(responses)
        )
    return teacher, classroom


def measure(client, name, url):
    client.get(url)
    times = []
    for _ in range(10):
        started = time.perf_counter()
        response = client.get(url)
        size = len(response.content)
        times.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    print(
        f"{name}: median {statistics.median(times):.0f} ms, max {max(times):.0f} ms, "
        f"{len(queries)} queries, {size / 1024:.0f} KiB"
    )


def main() -> None:
    students = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    assignments = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    teacher, classroom = build(students, assignments)
    print(f"{connection.vendor}: {students} students × {assignments} assignments")
    client = Client()
    client.force_login(teacher)
    measure(
        client, "gradebook page", reverse("assignments:gradebook", args=[classroom.pk])
    )
    measure(
        client,
        "gradebook CSV",
        reverse("assignments:gradebook_csv", args=[classroom.pk]),
    )


if __name__ == "__main__":
    main()
