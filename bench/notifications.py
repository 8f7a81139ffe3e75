"""Benchmark: notifications and their e-mail (issue 17).

    .venv/bin/python bench/notifications.py [N]        # temporary SQLite file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/scratch .venv/bin/python bench/notifications.py 200

Against a throw-away database (PostgreSQL's is flushed: use a scratch one):
1. assigning a lesson to a class of N students (half with an e-mail address): the
   service call, its queries, the notifications it made;
2. the bell's count for a person with 10 and with 10,000 unread notifications
   (the whole request through Django's test client, median of 20);
3. the e-mails of step 1 delivered by one real worker process (`manage.py
   db_worker`) to a real SMTP server (aiosmtpd on the loopback): from starting the
   worker to the last message accepted. Figures go in docs/performance.md.
"""

import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DJANGO_SECURE", "0")
os.environ.setdefault("AXES_ENABLED", "0")
os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
if not os.environ.get("DATABASE_URL"):
    os.environ["SQLITE_PATH"] = str(Path(tempfile.mkdtemp()) / "bench.sqlite3")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from assignments.services.assignments import assignment_create  # noqa: E402
from classrooms.models import Enrolment  # noqa: E402
from classrooms.services import classroom_create  # noqa: E402
from lessons import services as lessons  # noqa: E402
from notifications.models import Kind, Notification  # noqa: E402
from tests.smtp import smtp_server  # noqa: E402


def assign(n: int, teacher, lesson, *, show: bool = True):
    classroom = classroom_create(owner=teacher, name=f"Bench {n}", section="P1")
    students = User.objects.bulk_create(
        User(
            username=f"bench{n}-{k}",
            role=User.Role.STUDENT,
            email=f"bench{n}-{k}@school.test" if k % 2 else "",
        )
        for k in range(n)
    )
    Enrolment.objects.bulk_create(
        Enrolment(classroom=classroom, student=s) for s in students
    )
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        assignment_create(
            lesson=lesson,
            classrooms=[classroom],
            created_by=teacher,
            due_at=timezone.now() + timedelta(days=2),
        )
    took = time.perf_counter() - started
    made = Notification.objects.filter(
        kind=Kind.ASSIGNMENT_NEW, recipient__in=students
    ).count()
    print(
        f"assign to {n}: {took * 1000:.0f} ms, {len(queries)} queries, {made} notifications"
    )
    return students


def bell(students) -> None:
    client = Client()
    for unread in (10, 10_000):
        person = students[0]
        Notification.objects.filter(recipient=person).delete()
        Notification.objects.bulk_create(
            Notification(recipient=person, kind=Kind.REPLY, params={"title": "T"})
            for _ in range(unread)
        )
        client.force_login(person)
        client.get(reverse("notifications:bell"))
        times = []
        for _ in range(20):
            started = time.perf_counter()
            client.get(reverse("notifications:bell"))
            times.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("notifications:bell"))
        print(
            f"bell with {unread} unread: median {statistics.median(times):.1f} ms, "
            f"max {max(times):.1f} ms, {len(queries)} queries"
        )


def deliver(expected: int) -> None:
    with smtp_server() as smtp:
        env = {
            **os.environ,
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp.port),
            "DJANGO_DEBUG": "0",
        }
        started = time.perf_counter()
        worker = subprocess.Popen(  # noqa: S603 (our own manage.py)
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--no-reload",
                "--no-startup-delay",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            while len(smtp.inbox.messages) < expected:
                if time.perf_counter() - started > 300:
                    raise SystemExit(
                        f"only {len(smtp.inbox.messages)} mails in 5 minutes"
                    )
                time.sleep(0.05)
            took = time.perf_counter() - started
        finally:
            worker.terminate()
            worker.wait(30)
    print(
        f"{expected} e-mails by one worker (start included): {took:.1f} s, "
        f"{expected / took:.0f} per second"
    )


def main(n: int) -> None:
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's chatter
    call_command("migrate", verbosity=0)
    if connection.vendor == "postgresql":
        call_command("flush", interactive=False, verbosity=0)
    teacher = User.objects.create(username="bench.teacher", role=User.Role.TEACHER)
    unit = lessons.unit_create(owner=teacher, title="Bench unit")
    lesson = lessons.lesson_create(unit=unit, title="Bench lesson")
    warm = assign(2, teacher, lesson, show=False)  # imports, translations, templates
    students = assign(n, teacher, lesson)
    with_address = sum(1 for s in [*warm, *students] if s.email)
    deliver(with_address)
    bell(students)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
