"""Starting gunicorn for the benchmark (and the scale-out test): a socket bound to
an ephemeral loopback port by this process and handed to gunicorn as ``fd://N``,
so two runs never fight over a port and nothing is guessed."""

import http.client
import os
import socket
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def loopback_socket() -> socket.socket:
    """A listening TCP socket on 127.0.0.1 at a port the kernel chose."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def gunicorn_start(
    app: str, *, env: dict, workers: int, log: Path, extra: tuple[str, ...] = ()
) -> Server:
    """gunicorn serving ``app`` with ``workers`` sync workers on a fresh loopback
    port; returns once it answers."""
    sock = loopback_socket()
    port = sock.getsockname()[1]
    fd = sock.fileno()
    command = [
        str(GUNICORN),
        app,
        "--bind",
        f"fd://{fd}",
        "--workers",
        str(workers),
        "--chdir",
        str(ROOT),
        "--access-logfile",
        "-" if os.environ.get("BENCH_ACCESS_LOG") else "/dev/null",
        "--graceful-timeout",
        "5",
        # Else every gunicorn on the machine shares ~/.gunicorn/gunicorn.ctl.
        "--no-control-socket",
        *extra,
    ]
    with log.open("ab") as out:
        process = subprocess.Popen(  # noqa: S603
            command, env=env, pass_fds=(fd,), stdout=out, stderr=subprocess.STDOUT
        )
    sock.close()
    server = Server(process=process, port=port, log=log)
    return server


def wait_until_up(url: str, *, server: Server, seconds: float = 60) -> None:
    """Poll ``url`` until it answers with any status (a redirect to HTTPS counts:
    it is not followed), or fail with the end of the server's log."""
    parts = urllib.parse.urlsplit(url)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            break
        try:
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
            conn.request("GET", parts.path or "/")
            conn.getresponse().read()
            conn.close()
            return
        except OSError:
            time.sleep(0.2)
    tail = server.log.read_text(errors="replace")[-3000:]
    raise RuntimeError(f"{url} did not come up:\n{tail}")
