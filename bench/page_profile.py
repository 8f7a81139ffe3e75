"""One page of the benchmark's school, profiled in this process: production
settings (DEBUG off, Redis cache and sessions) on the school bench/harness.py
built, the whole request through Django's test client, signed in as the person
who uses the page. Prints the time a request takes and the count of Python
function calls, then cProfile's table. The count of calls does not depend on
what else the machine is doing, so it compares two versions of the code on a
busy machine where milliseconds do not.

    .venv/bin/python bench/page_profile.py todo                 # 50 requests
    .venv/bin/python bench/page_profile.py assignment -n 30 --top 40
    .venv/bin/python bench/page_profile.py review1000 --sort tottime --dump /tmp/r.prof

Pages: todo, todo1000, assignment, search, autosave, submit, and review,
discussion, roster followed by a class size of the school (review200). Needs the
school in --database-url (run bench/harness.py once; --reuse keeps it). Autosave
and submit write to the school's answers (a later harness run rebuilds it).
"""

import argparse
import cProfile
import os
import pstats
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _setup(args) -> None:
    from bench.harness import environment

    env = environment(args)  # the harness's production settings
    env["DJANGO_ALLOWED_HOSTS"] += ",testserver"  # the test client's host
    os.environ.update(env)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)


def _signed_in(user_id):
    from django.test import Client

    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(pk=user_id))
    return client


def _answer_poster(school, size, kind):
    """A function sending one autosave or (htmx) submit of a student's answer to
    the assignment's first question, each with new words."""
    from django.urls import reverse
    from django.utils.http import urlencode

    from assignments.models import Response
    from classrooms.models import Enrolment

    _teacher, classroom, assignment, first = school.classes[size]
    if kind == "autosave":
        student_id = first
    else:  # another student than the page's, so the two never meet
        student_id = (
            Enrolment.objects.filter(classroom_id=classroom)
            .exclude(student_id=first)
            .order_by("pk")
            .values_list("student_id", flat=True)[1]
        )
    client = _signed_in(student_id)
    prompt = school.prompt_ids[0]
    url = reverse(f"assignments:response_{kind}", args=[assignment, prompt])
    sent = [0]
    known = [None]  # the stored revision, as the last autosave answered it

    def stored_revision() -> int:
        if known[0] is None:
            return (
                Response.objects.filter(
                    assignment_id=assignment, prompt_id=prompt, student_id=student_id
                )
                .values_list("revision", flat=True)
                .first()
                or 0
            )
        return known[0]

    def post():
        # Form-encoded, as the page's fetch() (URLSearchParams), htmx and
        # harness.py send it; an autosave's revision comes from the one before's
        # answer, so this function's own query is not in the autosave's count.
        sent[0] += 1
        data = {"text": f"Answer {sent[0]}", "revision": stored_revision() + 1}
        form = "application/x-www-form-urlencoded"
        if kind == "autosave":
            answer = client.post(url, urlencode(data), content_type=form)
            known[0] = answer.json()["revision"]
            return answer
        data.update(idempotency_key=str(uuid.uuid4()), student=student_id)
        return client.post(
            url, urlencode(data), content_type=form, HTTP_HX_REQUEST="true"
        )

    return post


def _page(school, name):
    """A function sending one request of the named page."""
    from django.urls import reverse

    sizes = sorted(school.classes)
    small = sizes[0]
    if name in ("autosave", "submit"):
        return _answer_poster(school, small, name)
    kind = name.rstrip("0123456789")
    size = int(name[len(kind) :]) if name != kind else small
    if size not in school.classes:
        raise SystemExit(f"no class of {size} in the school: {sizes}")
    teacher, classroom, assignment, student = school.classes[size]
    pages = {
        "todo": (student, reverse("student_todo")),
        "assignment": (
            student,
            reverse("assignments:assignment_detail", args=[assignment]),
        ),
        "search": (teacher, reverse("sources:source_list") + "?q=Yalta"),
        "review": (teacher, reverse("assignments:review_table", args=[assignment])),
        "discussion": (
            student,
            reverse("assignments:discussion", args=[assignment, school.prompt_ids[0]]),
        ),
        "roster": (teacher, reverse("classrooms:classroom_detail", args=[classroom])),
    }
    if kind not in pages:
        raise SystemExit(f"unknown page {name!r}: see --help")
    user, url = pages[kind]
    client = _signed_in(user)
    return lambda: client.get(url)


def _print_queries(send) -> None:
    """One request's queries, each with the time the database took to answer it
    as the client saw it (the mean of 20 requests)."""
    from collections import defaultdict

    from django.db import connection

    spent = defaultdict(list)

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent[sql].append(time.perf_counter() - started)

    with connection.execute_wrapper(timed):
        for _ in range(20):
            send()
    for sql, times in spent.items():
        print(
            f"{sum(times) / 20 * 1000:6.2f} ms  x{len(times) / 20:g}  {sql[: int(os.environ.get('SQL_WIDTH', 300))]}"
        )
    print(f"{sum(map(sum, spent.values())) / 20 * 1000:6.2f} ms in all\n")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n\n", 1)[1],
    )
    parser.add_argument("page")
    parser.add_argument(
        "-n", type=int, default=50, help="requests timed, then profiled"
    )
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--top", type=int, default=30, help="rows of the table")
    parser.add_argument("--dump", default="", help="write the profile to this file")
    parser.add_argument(
        "--sql",
        action="store_true",
        help="list one request's queries, timed (SQL_WIDTH: characters shown, 300)",
    )
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/portal_bench"
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0",
    )
    args = parser.parse_args(argv)
    _setup(args)
    from bench.school import FULL, school_find

    school = school_find(FULL)
    if school is None:
        raise SystemExit("no school in the database: run bench/harness.py first")
    send = _page(school, args.page)
    for _ in range(3):  # warm the worker's caches, as a running server's are
        answer = send()
        if answer.status_code != 200:
            raise SystemExit(f"{args.page}: the server answered {answer.status_code}")
    if args.sql:
        _print_queries(send)
    started = time.perf_counter()
    for _ in range(args.n):
        send()
    spent = (time.perf_counter() - started) / args.n
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(args.n):
        send()
    profile.disable()
    stats = pstats.Stats(profile)
    print(
        f"{args.page}: {spent * 1000:.1f} ms a request, "
        f"{stats.total_calls / args.n:,.0f} Python calls a request, "
        f"{len(answer.content) / 1024:.1f} KB"
    )
    if args.dump:
        profile.dump_stats(args.dump)
    stats.sort_stats(args.sort).print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
