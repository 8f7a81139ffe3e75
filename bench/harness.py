"""The benchmark harness: one command builds a school, serves the portal under
gunicorn with production settings on PostgreSQL and Redis beside the two anchors (a
bare Django view and a 50-row template page, bench/anchor/), drives every page with
wrk from a second process with the 50-row anchor run before and after each page
(three rounds of each page, the round with the median ratio reported), and writes
the figures into docs/performance.md between its markers.

    .venv/bin/python bench/harness.py                 # the full run (~15 minutes)
    .venv/bin/python bench/harness.py --smoke --out /tmp/perf.md   # seconds

Options: --database-url (default postgres://postgres@127.0.0.1:5432/portal_bench;
that database is dropped and rebuilt unless --reuse finds a school in it),
--redis-url (default $REDIS_URL or redis://127.0.0.1:6379/0; keys get a prefix of
their own), --duration seconds per page, --rounds per page, --connections,
--workers.
"""

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import report  # noqa: E402
from bench.servers import gunicorn_start, wait_until_up  # noqa: E402

LUA = ROOT / "bench" / "wrk_report.lua"


@dataclass
class Page:
    name: str
    # A {n} in the path is replaced by words a search leaves out, in an order no
    # request of the run repeats (the same search, never found kept).
    path: str
    cookie: str = ""
    body: str = ""  # a POST body, {n} replaced by a rising number
    csrf: str = ""
    anchor: bool = False
    # Each wrk thread its own person: (cookie, CSRF token) each; one connection
    # a thread, so that each person's requests go one after another.
    people: tuple = ()
    expect: str = ""  # text every answer must hold (else counted as an error)


@dataclass
class Result:
    page: Page
    alone_ms: float
    size: int
    rps: float = 0.0
    p50: float = 0.0
    p95: float = 0.0
    p99: float = 0.0
    errors: int = 0
    requests: int = 0
    load: float = 0.0
    ratio: float | None = None
    ratios: tuple = ()  # every round's, in the order run


def arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="tiny school, 1 s runs")
    parser.add_argument("--reuse", action="store_true", help="keep a built school")
    parser.add_argument("--out", default=str(ROOT / "docs" / "performance.md"))
    parser.add_argument(
        "--database-url",
        default="postgres://postgres@127.0.0.1:5432/portal_bench",
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0",
    )
    parser.add_argument("--duration", type=int, default=None)
    parser.add_argument(
        "--rounds",
        type=int,
        default=None,
        help="runs of each page, each between two of the anchor (3; smoke 1)",
    )
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--library", type=int, default=None, help="extra sources")
    parser.add_argument(
        "--only", default="", help="measure only pages whose name holds one of these"
    )
    return parser.parse_args(argv)


def environment(args) -> dict:
    """The portal's production settings, on this run's database and Redis."""
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PORTAL_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_DEBUG="0",
        # Plain HTTP on the loopback: no HTTPS redirect (a proxy would do TLS).
        DJANGO_SECURE="0",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=args.database_url,
        REDIS_URL=args.redis_url,
        REDIS_KEY_PREFIX=f"bench-{os.getpid()}",
        PYTHONPATH=str(ROOT),
    )
    return env


def database_reset(url: str) -> None:
    """Drop and create the benchmark's database (never the one tests use)."""
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def school_ready(args):
    """Django set up in this process, and the school built (or found)."""
    import django

    if not args.reuse:
        database_reset(args.database_url)
    django.setup()
    from django.core.management import call_command

    from bench.school import FULL, SMOKE, school_build, school_find

    sizes = SMOKE if args.smoke else FULL
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    school = school_find(sizes) if args.reuse else None
    if school is None:
        started = time.perf_counter()
        library = (
            args.library if args.library is not None else (3 if args.smoke else 300)
        )
        school = school_build(sizes, library_copies=library)
        print(f"school built in {time.perf_counter() - started:.0f} s", flush=True)
    statistics_refresh()
    return school


def statistics_refresh() -> None:
    """ANALYZE the database, as autovacuum does on a school's server: without
    statistics (a database just filled by bulk inserts) PostgreSQL estimates one
    row everywhere and plans the pages' queries as no real server would."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def session_cookie(user_id: int) -> str:
    from django.test import Client

    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(pk=user_id))
    return f"sessionid={client.cookies['sessionid'].value}"


def csrf_for(base: str, cookie: str) -> tuple[str, str]:
    """(cookie with the CSRF cookie added, the token to send in X-CSRFToken)."""
    request = urllib.request.Request(  # noqa: S310 - our own loopback server
        base + "/assignments/csrf-token/", headers={"Cookie": cookie}
    )
    with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
        token = json.load(answer)["token"]
        set_cookie = answer.headers.get_all("Set-Cookie") or []
    value = next(c.split(";")[0] for c in set_cookie if c.startswith("csrftoken="))
    return f"{cookie}; {value}", token


def pages(school, portal_base: str, connections: int) -> list[Page]:
    """The pages measured, each signed in as the person who uses it."""
    from django.urls import reverse

    sizes = sorted(school.classes)
    small, middle, large = sizes[0], sizes[1], sizes[2]
    teacher = {s: session_cookie(school.classes[s][0]) for s in sizes}
    student = {s: session_cookie(school.classes[s][3]) for s in sizes}
    assignment = {s: school.classes[s][2] for s in sizes}
    classroom = {s: school.classes[s][1] for s in sizes}
    prompt = school.prompt_ids[0]
    found = [
        Page(f"to-do list (class of {small})", reverse("student_todo"), student[small]),
        Page(f"to-do list (class of {large})", reverse("student_todo"), student[large]),
        Page(
            "assignment page",
            reverse("assignments:assignment_detail", args=[assignment[small]]),
            student[small],
        ),
        Page(
            "library search 'Yalta'",
            reverse("sources:source_list") + "?q=Yalta",
            teacher[small],
            expect='class="source-item"',  # sources found, not "No source matches"
        ),
        # The same search, each request with other words the search leaves
        # out: the same sources found and shown, none of it kept.
        Page(
            "library search 'Yalta', a new search each time",
            reverse("sources:source_list") + "?q=Yalta+{n}",
            teacher[small],
            expect='class="source-item"',
        ),
    ]
    for size in (small, middle, large):
        found.append(
            Page(
                f"review table ({size})",
                reverse("assignments:review_table", args=[assignment[size]]),
                teacher[size],
            )
        )
    for size in (middle, large):
        found.append(
            Page(
                f"discussion ({size})",
                reverse("assignments:discussion", args=[assignment[size], prompt]),
                student[size],
            )
        )
        found.append(
            Page(
                f"roster ({size})",
                reverse("classrooms:classroom_detail", args=[classroom[size]]),
                teacher[size],
            )
        )
    # Autosave: each connection a student of the small class typing into their own
    # answer (revisions rising one request after another), and every answer must
    # say it was saved: a save refused as late (another connection's newer
    # revision to the same answer) would be a cheaper request than a real one.
    people = tuple(
        csrf_for(portal_base, session_cookie(student_id))
        for student_id in _classmates(classroom[small], connections)
    )
    found.append(
        Page(
            "autosave (POST)",
            reverse("assignments:response_autosave", args=[assignment[small], prompt]),
            cookie=people[0][0],
            csrf=people[0][1],
            body="text=Autosaved+answer+{n}&revision={n}",
            people=people,
            expect='"saved": true',
        )
    )
    return found


def _classmates(classroom_id: int, most: int) -> list[int]:
    from classrooms.models import Enrolment

    return list(
        Enrolment.objects.filter(classroom_id=classroom_id)
        .order_by("pk")
        .values_list("student_id", flat=True)[:most]
    )


def _headers(page: Page, cookie: str | None = None, csrf: str | None = None) -> dict:
    cookie = page.cookie if cookie is None else cookie
    headers = {"Cookie": cookie} if cookie else {}
    if page.body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["X-CSRFToken"] = page.csrf if csrf is None else csrf
    return headers


def _header_list(page: Page, cookie: str, csrf: str) -> str:
    """The headers as wrk_report.lua reads them."""
    return "|".join(f"{k}: {v}" for k, v in _headers(page, cookie, csrf).items())


def _revision_floor() -> int:
    """The highest revision of any stored answer: an autosave counts from above it
    (a revision that does not rise is refused, a cheaper request than a save), in
    every run of a page and on a school kept by --reuse."""
    from django.db.models import Max

    from assignments.models import Response

    return Response.objects.aggregate(most=Max("revision"))["most"] or 0


# A number as words PostgreSQL's English search leaves out, one a digit (as
# wrk_report.lua writes them), and this run's own first digits: a search kept
# from an earlier run is not found.
UNSEARCHED = ("a", "an", "the", "of", "to", "in", "on", "at", "by", "for")
_RUN = f"{secrets.randbelow(10**6):06d}"


def _unsearched(digits: str) -> str:
    return "+".join(UNSEARCHED[int(digit)] for digit in digits)


def alone(base: str, page: Page, repeats: int) -> tuple[float, int]:
    """Median time of ``repeats`` requests one after another on an idle server,
    and the size of the answer's body."""
    times, size = [], 0
    floor = _revision_floor() if "{n}" in page.body else 0
    for n in range(repeats + 1):
        data = (
            page.body.replace("{n}", str(floor + 1 + n)).encode() if page.body else None
        )
        # Thread 00: wrk's threads count from 01.
        path = page.path.replace("{n}", _unsearched(f"{_RUN}00{n}"))
        request = urllib.request.Request(  # noqa: S310 - our own loopback server
            base + path, data=data, headers=_headers(page)
        )
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=60) as answer:  # noqa: S310
            body = answer.read()
            if answer.status != 200 or answer.url != base + path:
                raise RuntimeError(f"{page.name}: {answer.status} {answer.url}")
        if n:  # the first one warms the worker
            times.append((time.perf_counter() - started) * 1000)
        size = len(body)
    return statistics.median(times), size


def load(base: str, page: Page, args, result: Result) -> Result:
    """wrk against one page; fills the result's rates, percentiles and errors."""
    env = dict(os.environ)
    env["BENCH_HEADERS"] = _header_list(page, page.cookie, page.csrf)
    if page.body:
        env.update(BENCH_METHOD="POST", BENCH_BODY=page.body)
        if "{n}" in page.body:
            env["BENCH_FIRST"] = str(_revision_floor())
    if "{n}" in page.path:
        env.update(BENCH_PATH=page.path, BENCH_RUN=_RUN)
    threads, connections = 2, args.connections
    if page.people:
        env["BENCH_THREAD_HEADERS"] = "||".join(
            _header_list(page, *person) for person in page.people
        )
        threads = connections = len(page.people)
    if page.expect:
        env["BENCH_EXPECT"] = page.expect
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{args.duration}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA),
        base + page.path.replace("{n}", ""),
    ]
    out = subprocess.run(  # noqa: S603
        command, env=env, capture_output=True, text=True, check=True
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("BENCH "))
    figures = json.loads(line[len("BENCH ") :])
    result.requests = figures["requests"]
    result.rps = figures["requests"] / (figures["duration_us"] / 1e6)
    result.p50, result.p95, result.p99 = (
        figures["p50_ms"],
        figures["p95_ms"],
        figures["p99_ms"],
    )
    result.errors = (
        figures["socket_errors"]
        + figures["non_2xx_3xx"]
        + figures["timeouts"]
        + figures["unexpected"]
    )
    result.load = os.getloadavg()[0]
    return result


def measure(args, portal, anchor, school) -> list[Result]:
    """Each page alone, then under load in ``args.rounds`` rounds, each with the
    50-row anchor run before and after it (the anchor after one round is the one
    before the next). A page's result is its round with the median ratio to the
    anchor, with every round's ratio; the anchor's row after it is the run that
    followed that round."""
    rows = Page("anchor: 50-row template", "/rows/", anchor=True)
    bare = Page("anchor: bare view", "/bare/", anchor=True)
    repeats = 2 if args.smoke else 10
    measured = pages(school, portal.base, args.connections)
    if args.only:
        wanted = args.only.split(",")
        measured = [p for p in measured if any(w in p.name for w in wanted)]
    results = []

    def run(base, page, ms=None, size=0):
        if ms is None:
            ms, size = alone(base, page, repeats)
        result = load(base, page, args, Result(page=page, alone_ms=ms, size=size))
        print(
            f"{page.name:<32}{result.rps:>9.1f}/s  p95 {result.p95:>8.1f} ms  "
            f"alone {ms:>7.1f} ms  {size / 1024:>7.1f} KB  errors {result.errors}",
            flush=True,
        )
        return result

    results.append(run(anchor.base, bare))
    before = run(anchor.base, rows)
    results.append(before)
    for page in measured:
        rounds, first = [], None
        for _ in range(args.rounds):
            if first is None:
                result = first = run(portal.base, page)
            else:
                result = run(portal.base, page, first.alone_ms, first.size)
            after = run(anchor.base, rows)
            result.ratio = result.rps / statistics.mean([before.rps, after.rps])
            rounds.append((result, after))
            before = after
        # The median round (of an even number, the lower of the middle two).
        chosen, after = sorted(rounds, key=lambda r: r[0].ratio)[(len(rounds) - 1) // 2]
        chosen.ratios = tuple(result.ratio for result, _ in rounds)
        # Errors of every round count.
        chosen.errors = sum(result.errors for result, _ in rounds)
        results.append(chosen)
        results.append(after)
    return results


def main(argv=None) -> int:
    args = arguments(argv)
    if args.duration is None:
        args.duration = 1 if args.smoke else 10
    if args.rounds is None:
        args.rounds = 1 if args.smoke else 3
    env = environment(args)
    os.environ.update(env)
    school = school_ready(args)
    logs = Path(tempfile.mkdtemp(prefix="bench-"))
    portal = gunicorn_start(
        "portal.wsgi:application",
        env=env,
        workers=args.workers,
        log=logs / "portal.log",
    )
    anchor = gunicorn_start(
        "bench.anchor.wsgi:application",
        env={**env, "DJANGO_SETTINGS_MODULE": "bench.anchor.settings"},
        workers=args.workers,
        log=logs / "anchor.log",
    )
    try:
        wait_until_up(portal.base + "/healthz/", server=portal)
        wait_until_up(anchor.base + "/bare/", server=anchor)
        started = time.time()
        results = measure(args, portal, anchor, school)
    finally:
        portal.stop()
        anchor.stop()
    text = report.markdown(results, args=args, school=school, started=started)
    report.write(Path(args.out), text)
    errors = sum(r.errors for r in results)
    print(f"written to {args.out}; {errors} errors; logs in {logs}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
