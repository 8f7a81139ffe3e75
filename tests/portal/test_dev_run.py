"""`./dev run` starts a task worker beside the development server, and Ctrl+C (a
SIGINT to the terminal's process group) stops both. Runs the real script on a
temporary SQLite file, with the server on an ephemeral port."""

import os
import signal
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _group_commands(group: int) -> list[str]:
    """The command lines of the processes in a process group (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == group:
                found.append(
                    (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ")
                )
        except (OSError, IndexError, ValueError):
            continue
    return [c.decode(errors="replace") for c in found]


def _as_from_a_terminal() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGQUIT, signal.SIG_DFL)


def test_dev_run_starts_a_worker_and_ctrl_c_stops_it(tmp_path):
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", str(tmp_path)),
        "LANG": "C.UTF-8",
        "SQLITE_PATH": str(tmp_path / "dev.sqlite3"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PORTAL_ADDR": "127.0.0.1:0",
    }
    log = (tmp_path / "dev.log").open("wb")
    dev = subprocess.Popen(  # noqa: S603 (our own script)
        [str(ROOT / "dev"), "run"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        # A terminal's Ctrl+C reaches a shell whose SIGINT is not ignored; a test
        # run started in the background (CI, `cmd &`) inherits SIGINT ignored, and
        # bash cannot take an ignored signal back, so give the script a terminal's.
        preexec_fn=_as_from_a_terminal,
    )
    group = dev.pid
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            commands = _group_commands(group)
            if any("db_worker" in c for c in commands) and any(
                "runserver" in c for c in commands
            ):
                break
            assert dev.poll() is None, (tmp_path / "dev.log").read_text()
            time.sleep(0.5)
        else:
            raise AssertionError((tmp_path / "dev.log").read_text())
        time.sleep(2)  # both up

        os.killpg(group, signal.SIGINT)  # what Ctrl+C in the terminal sends
        dev.wait(30)
        deadline = time.monotonic() + 30
        while _group_commands(group) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _group_commands(group) == []
        assert "starting a task worker" in (tmp_path / "dev.log").read_text()
    finally:
        if dev.poll() is None or _group_commands(group):
            os.killpg(group, signal.SIGKILL)
