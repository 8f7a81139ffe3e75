"""The bell: a whole class finishes at once. Every student of a class saves their
answer three times (autosave, as the page does while they type) and submits
within the first minute, while their teacher reloads the review table; the portal
runs as in bench/harness.py (gunicorn, production settings, PostgreSQL, Redis).

    .venv/bin/python bench/bell.py 200          # the class of 200 of the harness's school
    .venv/bin/python bench/bell.py 1000 --out docs/performance.md

Each student starts at a random moment in the first 30 s, waits 2–6 s between
saves (typing), then submits through the answer form as the page's htmx does. A
pool of client threads in this process sends the requests (the load generator
shares the machine's cores with the servers). Afterwards the database is checked:
every answer submitted exactly once, with the words of the last save. Needs the
school of bench/harness.py in --database-url (it is built if missing).
"""

import argparse
import heapq
import os
import random
import secrets
import statistics
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import harness, report  # noqa: E402
from bench.servers import gunicorn_start, wait_until_up  # noqa: E402

BEGIN = "<!-- bench:bell:{n}:begin: written by bench/bell.py -->"
END = "<!-- bench:bell:{n}:end -->"


@dataclass
class Student:
    user_id: int
    cookie: str
    csrf: str
    response_id: int
    revision: int = 0
    saves: int = 0
    done_at: float | None = None


@dataclass
class Run:
    started: float = 0.0
    timings: dict = field(default_factory=lambda: {"autosave": [], "submit": []})
    review: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _lesson_for_the_bell(size: int):
    """A lesson the class has not done yet (the unit's second), assigned now; each
    student has already cited what its first prompt needs (earlier in the lesson)."""
    from datetime import timedelta

    from django.utils import timezone

    from assignments.models import Citation, Response
    from assignments.services.assignments import assignment_create
    from bench.school import _quotes
    from classrooms.models import Classroom
    from lessons.models import Unit

    classroom = Classroom.objects.get(name=f"History {size} (0)")
    lesson = Unit.objects.get(slug__isnull=False).lessons.order_by("order")[1]
    now = timezone.now()
    (assignment,) = assignment_create(
        lesson=lesson,
        classrooms=[classroom],
        created_by=classroom.owner,
        available_from=now - timedelta(hours=1),
        due_at=now + timedelta(hours=1),
    )
    prompt = lesson.prompts.order_by("order").first()
    students = [e.student for e in classroom.enrolments.select_related("student")]
    responses = Response.objects.bulk_create(
        Response(assignment=assignment, prompt=prompt, student=s) for s in students
    )
    quotes = _quotes(lesson)[: max(prompt.min_citations, 1)]
    Citation.objects.bulk_create(
        Citation(response=r, excerpt=e, paragraph=n, quotation=q)
        for r in responses
        for e, n, q in quotes
    )
    return classroom, assignment, prompt, responses


def _students(responses) -> list[Student]:
    from django.test import Client

    made = []
    for response in responses:
        client = Client()
        client.force_login(response.student)
        # A CSRF secret of our own in the cookie and the header, as the page's
        # JavaScript sends it (Django accepts the unmasked secret).
        csrf = secrets.token_hex(16)
        cookie = f"sessionid={client.cookies['sessionid'].value}; csrftoken={csrf}"
        made.append(Student(response.student_id, cookie, csrf, response.pk))
    return made


def _post(base, path, student, data, *, htmx=False):
    body = urllib.parse.urlencode(data).encode()
    headers = {
        "Cookie": student.cookie,
        "X-CSRFToken": student.csrf,
        "Content-Type": "application/x-www-form-urlencoded",
    }
    if htmx:
        headers["HX-Request"] = "true"
    request = urllib.request.Request(base + path, data=body, headers=headers)  # noqa: S310
    with urllib.request.urlopen(request, timeout=120) as answer:  # noqa: S310
        answer.read()
        return answer.status


def _text(student: Student) -> str:
    return f"At the bell, student {student.user_id} wrote draft {student.saves}."


def _step(base, urls, student: Student, run: Run) -> float | None:
    """One request of a student's minute; the delay before their next one (None
    when they are done)."""
    started = time.perf_counter()
    if student.saves < 3:
        student.saves += 1
        student.revision += 1
        kind = "autosave"
        status = _post(
            base,
            urls["autosave"],
            student,
            {"text": _text(student), "revision": student.revision},
        )
    else:
        kind = "submit"
        status = _post(
            base,
            urls["submit"],
            student,
            {
                "text": _text(student),
                "revision": student.revision,
                "idempotency_key": str(uuid.uuid4()),
                "student": student.user_id,
            },
            htmx=True,
        )
    elapsed = time.perf_counter() - started
    with run.lock:
        run.timings[kind].append(elapsed)
        if status != 200:
            run.errors.append(f"{kind}: {status}")
    if kind == "submit":
        student.done_at = time.perf_counter() - run.started
        return None
    return random.uniform(2, 6)  # noqa: S311 - typing time, not a secret


def _client(base, urls, queue, run: Run, stop: threading.Event) -> None:
    while not stop.is_set():
        with run.lock:
            if not queue:
                return
            due, n, student = queue[0]
            now = time.perf_counter()
            if due <= now:
                heapq.heappop(queue)
        if due > now:
            time.sleep(min(due - now, 0.05))
            continue
        try:
            delay = _step(base, urls, student, run)
        except (OSError, urllib.error.HTTPError) as error:
            with run.lock:
                run.errors.append(f"{student.user_id}: {error}")
            continue
        if delay is not None:
            with run.lock:
                heapq.heappush(queue, (time.perf_counter() + delay, n, student))


def _teacher(base, path, cookie, run: Run, stop: threading.Event) -> None:
    """The teacher reloads the review table every 5 s while the class works."""
    while not stop.wait(5):
        started = time.perf_counter()
        request = urllib.request.Request(base + path, headers={"Cookie": cookie})  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=120) as answer:  # noqa: S310
                answer.read()
            run.review.append(time.perf_counter() - started)
        except OSError as error:
            run.errors.append(f"review table: {error}")


def _drive(base, urls, students, teacher_cookie, clients: int) -> Run:
    run = Run()
    run.started = time.perf_counter()
    queue = [
        (run.started + random.uniform(0, 30), n, s)  # noqa: S311
        for n, s in enumerate(students)
    ]
    heapq.heapify(queue)
    stop = threading.Event()
    threads = [
        threading.Thread(target=_client, args=(base, urls, queue, run, stop))
        for _ in range(clients)
    ]
    teacher = threading.Thread(
        target=_teacher, args=(base, urls["review"], teacher_cookie, run, stop)
    )
    for thread in [*threads, teacher]:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    stop.set()
    teacher.join()
    return run


def _checked(responses, students) -> tuple[int, int]:
    """(answers submitted exactly once with the last save's words, answers not)."""
    from assignments.models import Response

    by_id = {s.response_id: s for s in students}
    good = bad = 0
    for response in Response.objects.filter(
        pk__in=[r.pk for r in responses]
    ).prefetch_related("versions"):
        versions = list(response.versions.all())
        student = by_id[response.pk]
        if len(versions) == 1 and versions[0].text == _text(student):
            good += 1
        else:
            bad += 1
    return good, bad


def _percentile(values, q) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def _markdown(size, run, good, bad, students, args) -> str:
    last = max((s.done_at or 0) for s in students)
    unfinished = sum(s.done_at is None for s in students)
    lines = [
        BEGIN.format(n=size),
        "",
        f"**The bell, class of {size}**: {report.machine()}; portal under gunicorn "
        f"with {args.workers} sync workers, {args.clients} client threads in one "
        "load-generating process on the same machine.",
        "",
        "| what | figure |",
        "|---|---|",
        f"| students / requests | {size} / {sum(len(v) for v in run.timings.values())} |",
        f"| errors | {len(run.errors)} |",
        f"| answers submitted exactly once with their last words | {good} of {size} "
        f"({bad} not) |",
        f"| students not finished | {unfinished} |",
        f"| last student done after | {last:.1f} s |",
    ]
    for kind in ("autosave", "submit"):
        values = [v * 1000 for v in run.timings[kind]]
        lines.append(
            f"| {kind} p50 / p95 / max | {statistics.median(values):.0f} / "
            f"{_percentile(values, 0.95):.0f} / {max(values):.0f} ms |"
        )
    if run.review:
        review = [v * 1000 for v in run.review]
        lines.append(
            f"| teacher's review table reloads ({len(review)}) p50 / max | "
            f"{statistics.median(review):.0f} / {max(review):.0f} ms |"
        )
    lines += ["", END.format(n=size)]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("size", type=int, help="a class size of the school: 200, 1000")
    parser.add_argument("--out", default="")
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/portal_bench"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--clients", type=int, default=32)
    args = parser.parse_args(argv)
    school_args = harness.arguments(
        ["--reuse", "--database-url", args.database_url, "--redis-url", args.redis_url]
    )
    env = harness.environment(school_args)
    os.environ.update(env)
    harness.school_ready(school_args)
    from django.urls import reverse

    classroom, assignment, prompt, responses = _lesson_for_the_bell(args.size)
    students = _students(responses)
    teacher_cookie = harness.session_cookie(classroom.owner_id)
    answer = [assignment.pk, prompt.pk]
    urls = {
        "autosave": reverse("assignments:response_autosave", args=answer),
        "submit": reverse("assignments:response_submit", args=answer),
        "review": reverse("assignments:review_table", args=[assignment.pk]),
    }
    log = Path(f"/tmp/bell-{os.getpid()}.log")  # noqa: S108 - a log for a person
    portal = gunicorn_start(
        "portal.wsgi:application", env=env, workers=args.workers, log=log
    )
    try:
        wait_until_up(portal.base + "/healthz/", server=portal)
        run = _drive(portal.base, urls, students, teacher_cookie, args.clients)
    finally:
        portal.stop()
    good, bad = _checked(responses, students)
    text = _markdown(args.size, run, good, bad, students, args)
    print(text)
    if run.errors:
        print("first errors:", run.errors[:5], f"(log: {log})")
    if args.out:
        path = Path(args.out)
        content = path.read_text(encoding="utf-8")
        begin, end = BEGIN.format(n=args.size), END.format(n=args.size)
        if begin in content:
            head, rest = content.split(begin, 1)
            content = head + text + rest.split(end, 1)[1]
        else:
            content = content.rstrip() + "\n\n" + text + "\n"
        path.write_text(content, encoding="utf-8")
    return 1 if run.errors or bad else 0


if __name__ == "__main__":
    sys.exit(main())
