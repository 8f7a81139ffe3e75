"""A real Prometheus server (Debian's package, started here on the loopback)
scrapes /metrics from gunicorn with several workers: with the bearer token it
stores the portal's counters, and a scrape job without the token is refused
(Prometheus records the target as down), so the metrics never leak."""

import shutil
import subprocess
import time
from pathlib import Path

import pytest
import requests

from bench.servers import gunicorn_start, wait_until_up
from tests.deploy.test_scale_out import ROOT, _environment, _free_port, _needs

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PROMETHEUS = shutil.which("prometheus") or "/usr/bin/prometheus"
TOKEN = "metrics-token-for-the-prometheus-test-0123456789"


def _query(base: str, expression: str) -> list[dict]:
    answer = requests.get(
        f"{base}/api/v1/query", params={"query": expression}, timeout=10
    )
    answer.raise_for_status()
    return answer.json()["data"]["result"]


def _wait_for(base: str, expression: str, accept, deadline: float) -> list[dict]:
    """Query until ``accept(result)`` holds; the last result on timeout."""
    result: list[dict] = []
    while time.monotonic() < deadline:
        try:
            result = _query(base, expression)
        except requests.RequestException:
            result = []
        if accept(result):
            return result
        time.sleep(0.5)
    return result


def _value(result: list[dict]) -> float:
    return sum(float(row["value"][1]) for row in result)


def test_prometheus_scrapes_the_portal_with_the_token_and_not_without(tmp_path):
    if not Path(PROMETHEUS).exists():
        _needs("Debian's prometheus")
    folder = tmp_path / "multiproc"
    folder.mkdir()
    env = _environment()
    env.update(
        DJANGO_SECURE="0",
        PORTAL_METRICS_TOKEN=TOKEN,
        PROMETHEUS_MULTIPROC_DIR=str(folder),
    )
    server = gunicorn_start(
        "portal.wsgi:application",
        env=env,
        workers=2,
        log=tmp_path / "gunicorn.log",
        extra=("--config", str(ROOT / "deploy" / "gunicorn.conf.py")),
    )
    prometheus = None
    try:
        wait_until_up(f"{server.base}/healthz/", server=server)
        for _ in range(25):
            assert (
                requests.get(f"{server.base}/healthz/", timeout=30).status_code == 200
            )
        target = f"127.0.0.1:{server.port}"
        (tmp_path / "prometheus.yml").write_text(
            "global:\n"
            "  scrape_interval: 1s\n"
            "  scrape_timeout: 1s\n"
            "scrape_configs:\n"
            "  - job_name: portal\n"
            "    metrics_path: /metrics\n"
            "    authorization:\n"
            "      type: Bearer\n"
            f"      credentials: {TOKEN}\n"
            "    static_configs:\n"
            f"      - targets: ['{target}']\n"
            "  - job_name: no-token\n"
            "    metrics_path: /metrics\n"
            "    static_configs:\n"
            f"      - targets: ['{target}']\n"
        )
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        prometheus = subprocess.Popen(
            [
                PROMETHEUS,
                f"--config.file={tmp_path / 'prometheus.yml'}",
                f"--storage.tsdb.path={tmp_path / 'tsdb'}",
                f"--web.listen-address=127.0.0.1:{port}",
            ],
            stdout=subprocess.DEVNULL,
            stderr=(tmp_path / "prometheus.log").open("wb"),
        )
        deadline = time.monotonic() + 60
        up = _wait_for(
            base, 'up{job="portal"}', lambda r: r and _value(r) == 1, deadline
        )
        assert up and _value(up) == 1, (tmp_path / "prometheus.log").read_text()[-2000:]
        # The 25 health checks made before the first scrape are in what it stored,
        # whichever of the two workers served them.
        served = _wait_for(
            base,
            'sum(portal_http_requests_total{job="portal",view="healthz",status="200"})',
            lambda r: r and _value(r) >= 25,
            deadline,
        )
        assert _value(served) >= 25
        # Without the token the portal answers 401 and Prometheus marks it down,
        # and it stored none of the portal's series for that job.
        refused = _wait_for(
            base, 'up{job="no-token"}', lambda r: r and _value(r) == 0, deadline
        )
        assert refused and _value(refused) == 0
        assert _query(base, 'portal_http_requests_total{job="no-token"}') == []
    finally:
        if prometheus is not None:
            prometheus.terminate()
            try:
                prometheus.wait(timeout=20)
            except subprocess.TimeoutExpired:
                prometheus.kill()
        server.stop()
