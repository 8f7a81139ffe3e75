"""/metrics under gunicorn with several workers (PROMETHEUS_MULTIPROC_DIR and
deploy/gunicorn.conf.py): whichever worker answers the scrape, it counts the
requests every worker served."""

import concurrent.futures

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from bench.servers import gunicorn_start, wait_until_up
from tests.deploy.test_scale_out import ROOT, _environment

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

TOKEN = "metrics-token-for-this-test-0123456789"


def _healthz_count(base: str) -> float:
    answer = requests.get(
        f"{base}/metrics", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=10
    )
    assert answer.status_code == 200, answer.text
    return sum(
        sample.value
        for family in text_string_to_metric_families(answer.text)
        for sample in family.samples
        if sample.name == "portal_http_requests_total"
        and sample.labels == {"view": "healthz", "method": "GET", "status": "200"}
    )


def test_every_worker_s_requests_are_counted_in_one_scrape(tmp_path):
    folder = tmp_path / "metrics"
    env = _environment()
    env.update(
        DJANGO_SECURE="0",
        PORTAL_METRICS_TOKEN=TOKEN,
        PROMETHEUS_MULTIPROC_DIR=str(folder),
    )
    folder.mkdir()
    (folder / "counter_0.db").write_bytes(b"left over from an earlier run")
    server = gunicorn_start(
        "portal.wsgi:application",
        env=env,
        workers=3,
        log=tmp_path / "gunicorn.log",
        extra=("--config", str(ROOT / "deploy" / "gunicorn.conf.py")),
    )
    try:
        wait_until_up(f"{server.base}/healthz/", server=server)
        start = _healthz_count(server.base)
        # Many at once, so more than one worker takes some.
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            codes = list(
                pool.map(
                    lambda _: requests.get(f"{server.base}/healthz/", timeout=30),
                    range(40),
                )
            )
        assert {answer.status_code for answer in codes} == {200}
        # Several scrapes (answered by whichever worker) agree on the total.
        assert [_healthz_count(server.base) - start for _ in range(5)] == [40] * 5
        assert len(list(folder.glob("counter_*.db"))) >= 2
        assert not (folder / "counter_0.db").exists()  # emptied at start
    finally:
        server.stop()
