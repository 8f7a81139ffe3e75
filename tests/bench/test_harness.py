"""The benchmark harness runs end to end (a smoke: a school of a few students,
one-second wrk runs, two rounds of each page), so the command docs/performance.md
gives keeps working. The figures themselves are never checked here: a timed run
belongs in bench/, not in the test suite."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent


def _needs(what: str) -> None:
    """Skip on a laptop without it; CI (PORTAL_REQUIRE_POSTGRES=1) must have it."""
    if os.environ.get("PORTAL_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"{what} is required here (.ci/run installs it)")
    pytest.skip(f"needs {what}")


def _redis_url() -> str:
    import redis

    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError:
        _needs(f"Redis at {url}")
    return url


@pytest.mark.postgres
def test_the_harness_serves_every_page_and_writes_its_table(tmp_path):
    if shutil.which("wrk") is None:
        _needs("wrk (apt-get install wrk)")
    base, name = os.environ["DATABASE_URL"].rsplit("/", 1)
    database = f"{base}/{name}_bench_smoke_{os.getpid()}"
    out = tmp_path / "performance.md"
    out.write_text(
        "# Prose kept\n\n<!-- bench:begin: written by bench/harness.py, do not "
        "edit by hand -->\nSTALE FIGURES\n<!-- bench:end -->\n"
    )
    try:
        finished = subprocess.run(
            [
                sys.executable,
                str(ROOT / "bench" / "harness.py"),
                "--smoke",
                "--out",
                str(out),
                "--database-url",
                database,
                "--redis-url",
                _redis_url(),
                "--workers",
                "2",
                "--connections",
                "2",
                # Two rounds of each page: the second round's autosaves must
                # still rise above the answers the first one stored.
                "--rounds",
                "2",
            ],
            capture_output=True,
            text=True,
            timeout=600,
            cwd=ROOT,
        )
    finally:
        import psycopg

        with psycopg.connect(base + "/postgres", autocommit=True) as conn:
            conn.execute(
                f'DROP DATABASE IF EXISTS "{database.rsplit("/", 1)[1]}" WITH (FORCE)'
            )
    assert finished.returncode == 0, finished.stdout[-3000:] + finished.stderr[-3000:]
    text = out.read_text()
    assert text.startswith("# Prose kept")
    assert "STALE FIGURES" not in text and text.count("bench:begin") == 1
    for page in (
        "anchor: bare view",
        "anchor: 50-row template",
        "to-do list",
        "assignment page",
        "library search",
        "review table",
        "discussion",
        "roster",
        "autosave (POST)",
    ):
        rows = [line for line in text.splitlines() if line.startswith(f"| {page}")]
        assert rows, page
        for row in rows:
            cells = [c.strip() for c in row.strip("|").split("|")]
            assert float(cells[3]) > 0, row  # requests/s
            assert cells[8] == "0", row  # errors
    # Every portal page has its ratio to the anchor measured around it, in each
    # round (the row shows the median round's, and both rounds').
    assert len(re.findall(r"\d+\.\d\d ×", text)) == 13
    assert len(re.findall(r"\d+\.\d\d × \(\d+\.\d\d / \d+\.\d\d\)", text)) == 13
