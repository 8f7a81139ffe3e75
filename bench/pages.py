"""Benchmark: the pages a class uses every day, with a large class.

Builds the shipped alliance unit, a class of N students (default 200) who all answered
every prompt of its first lesson with cited evidence, submitted, and replied to each
other; then times each page through Django's test client (whole request: middleware,
queries, template) and counts its queries. Production settings (whitenoise manifest
aside), on a throw-away database: a temporary SQLite file, or PostgreSQL when
DATABASE_URL is set (that database is flushed: use a scratch one).

    .venv/bin/python bench/pages.py [N] [REPEATS]

Figures go in bench/README.md. The query counts are also held constant by the test
suite (see tests/*/test_queries.py and the django_assert_num_queries tests); this
script says how long the pages take on this hardware.
"""

import os
import sys
import tempfile
import time
import uuid
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

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.timing import measure  # noqa: E402


def build(n: int):
    from accounts.models import User
    from accounts.services import user_create
    from assignments.services import answers as work
    from assignments.services.assignments import assignment_create
    from assignments.services.replies import reply_create
    from classrooms.services import classroom_create
    from lessons.models import Unit

    call_command("migrate", verbosity=0)
    if connection.vendor == "postgresql":
        call_command("flush", interactive=False, verbosity=0)
    for loader in settings.PORTAL_CONTENT_LOADERS:
        call_command(loader, verbosity=0)
    teacher = user_create(username="bench.t", password="x" * 12, role=User.Role.TEACHER)
    classroom = classroom_create(owner=teacher, name="Bench class")
    hashed = User(username="h")
    hashed.set_password("x" * 12)
    students = User.objects.bulk_create(
        User(
            username=f"s{i}",
            first_name=f"Student{i}",
            last_name="Bench",
            role=User.Role.STUDENT,
            password=hashed.password,
        )
        for i in range(n)
    )
    from classrooms.models import Enrolment

    Enrolment.objects.bulk_create(
        Enrolment(classroom=classroom, student=s) for s in students
    )
    lesson = Unit.objects.get(slug__isnull=False).lessons.order_by("order").first()
    now = timezone.now()
    (assignment,) = assignment_create(
        lesson=lesson,
        classrooms=[classroom],
        created_by=teacher,
        available_from=now - timedelta(days=1),
        due_at=now + timedelta(days=2),
        discussion_visibility="always",
    )
    # Enough cited passages for any prompt: six words from each paragraph in turn.
    quotes = [
        (item.excerpt, number, " ".join(text.split()[:6]))
        for item in lesson.lesson_excerpts.select_related("excerpt")
        for number, text in enumerate(item.excerpt.paragraphs, start=1)
    ]
    previous = None
    for student in students:
        for prompt in lesson.prompts.all():
            response = work.response_get_or_create(
                assignment=assignment, prompt=prompt, student=student
            )
            work.response_draft_save(
                response=response, text=f"My answer about {prompt.pk}.", revision=1
            )
            for excerpt, number, words in quotes[: max(prompt.min_citations, 1)]:
                work.citation_add(
                    response=response,
                    excerpt=excerpt,
                    paragraph=number,
                    quotation=words,
                )
            work.response_submit(response=response, idempotency_key=uuid.uuid4())
            if previous is not None:
                reply_create(response=previous, author=student, text="I agree.")
            previous = response
    return teacher, students[0], classroom, assignment, lesson


def main(n: int, repeats: int) -> None:
    start = time.perf_counter()
    teacher, student, classroom, assignment, lesson = build(n)
    built = time.perf_counter() - start
    prompt = lesson.prompts.order_by("order").first()
    teacher_pages = {
        "teacher home": reverse("teacher_home"),
        "library list": reverse("sources:source_list"),
        "library search 'Yalta'": reverse("sources:source_list") + "?q=Yalta",
        "unit page": reverse("lessons:unit_detail", args=[lesson.unit_id]),
        "review table": reverse("assignments:review_table", args=[assignment.pk]),
        "grading view": reverse(
            "assignments:grading", args=[assignment.pk, student.pk]
        ),
        "citation map": reverse("assignments:citation_map", args=[assignment.pk]),
        "gradebook": reverse("assignments:gradebook", args=[classroom.pk]),
        "class roster": reverse("classrooms:classroom_detail", args=[classroom.pk]),
    }
    student_pages = {
        "to-do list": reverse("student_todo"),
        "assignment page": reverse(
            "assignments:assignment_detail", args=[assignment.pk]
        ),
        "discussion": reverse(
            "assignments:discussion", args=[assignment.pk, prompt.pk]
        ),
    }
    print(
        f"{connection.vendor}, class of {n}, {lesson.prompts.count()} prompts, "
        f"data built in {built:.1f} s; median / max of {repeats} requests"
    )
    print(f"{'page':<26}{'median ms':>10}{'max ms':>9}{'queries':>9}")
    for who, pages in ((teacher, teacher_pages), (student, student_pages)):
        client = Client()
        client.force_login(who)
        for name, url in pages.items():
            median, worst, queries = measure(client, url, repeats)
            print(f"{name:<26}{median:>10.1f}{worst:>9.1f}{queries:>9}")


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 200,
        int(sys.argv[2]) if len(sys.argv) > 2 else 10,
    )
