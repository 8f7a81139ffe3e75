"""The harness's figures as Markdown, written into docs/performance.md between its
markers (the prose around them is kept)."""

import os
import platform
import re
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

BEGIN = "<!-- bench:begin: written by bench/harness.py, do not edit by hand -->"
END = "<!-- bench:end -->"


def machine() -> str:
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = ""
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal"):
            memory = f", {int(line.split()[1]) // 2**20} GiB"
    return f"{os.cpu_count()} × {cpu}{memory}, {platform.system()} {platform.release()}"


def _servers() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0].split()[0]
    from django.core.cache import cache

    try:
        redis_version = cache._cache.get_client().info("server")["redis_version"]
    except Exception:  # noqa: BLE001 - only a label in the report
        redis_version = "?"
    return (
        f"Python {platform.python_version()}, Django {version('django')}, "
        f"gunicorn {version('gunicorn')}, PostgreSQL {postgres}, Redis {redis_version}"
    )


def _row(r) -> str:
    ratio = "" if r.ratio is None else f"{r.ratio:.2f} ×"
    if len(r.ratios) > 1:
        ratio += f" ({' / '.join(f'{x:.2f}' for x in r.ratios)})"
    return (
        f"| {r.page.name} | {r.alone_ms:.1f} | {r.size / 1024:.1f} | {r.rps:.1f} | "
        f"{ratio} | {r.p50:.0f} | {r.p95:.0f} | {r.p99:.0f} | {r.errors} | "
        f"{r.load:.2f} |"
    )


def markdown(results, *, args, school, started: float) -> str:
    when = datetime.fromtimestamp(started, UTC).strftime("%Y-%m-%d %H:%M UTC")
    kind = "smoke run (not a measurement)" if args.smoke else "full run"
    lines = [
        BEGIN,
        "",
        f"**{kind}**, {when}. Machine: {machine()}. {_servers()}.",
        f"Portal and anchors each under gunicorn with {args.workers} sync workers, "
        "DEBUG off, persistent database connections, Redis cache and sessions; "
        f"wrk with 2 threads and {args.connections} connections for "
        f"{args.duration} s per page, on the same machine"
        + (
            f"; {args.rounds} rounds of each page, each between two runs of the "
            "50-row anchor: a page's row is its round with the median ratio (every "
            "round's ratio in brackets, in the order run), the anchor's row under "
            "it the run after that round, the errors those of every round"
            if args.rounds > 1
            else ""
        )
        + ". School: "
        f"{school.students:,} students in {len(school.classes)} class sizes "
        f"({', '.join(str(s) for s in sorted(school.classes))}), "
        f"{school.sources} library sources.",
        "",
        "| page | alone, ms | HTML, KB | requests/s | × 50-row anchor | "
        "p50 ms | p95 ms | p99 ms | errors | load (1 min) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    lines += [_row(r) for r in results]
    lines += ["", END]
    return "\n".join(lines)


def write(path: Path, section: str) -> None:
    """Replace the section between the markers, or add it at the end."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _m: section, text)
    else:
        text = (text.rstrip() + "\n\n" if text else "") + section + "\n"
    path.write_text(text, encoding="utf-8")
