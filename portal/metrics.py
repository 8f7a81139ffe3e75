"""Prometheus metrics at /metrics (prometheus-client): requests counted by URL name,
method and status, their latency by URL name, and the /healthz/ checks (1 up,
0 down, run when scraped) with any figures an app registers (the jobs app: jobs
waiting, the oldest wait).

Who may read them: staff signed in, or a scraper sending
``Authorization: Bearer <PORTAL_METRICS_TOKEN>`` (the MONITORING audience in
portal/access.py). URL names, not paths, label the figures, so the number of
series stays fixed whatever addresses are asked for.

Several processes (gunicorn workers) each count their own requests: with
PROMETHEUS_MULTIPROC_DIR set (an empty folder, emptied at each start) they write
their counts there and the process that answers a scrape adds them all up
(docs/deployment.md)."""

import os
import time
from collections.abc import Callable

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

from portal.views import CHECKS

REQUESTS = Counter(
    "portal_http_requests",
    "Requests answered, by URL name, method and status.",
    ["view", "method", "status"],
)
LATENCY = Histogram(
    "portal_http_request_duration_seconds",
    "Time from the request's arrival to its answer, by URL name.",
    ["view", "method"],
    buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)

# name -> (help, function returning a number), read at each scrape. An app adds its
# own from its AppConfig.ready() (jobs/apps.py).
GAUGES: dict[str, tuple[str, Callable[[], float]]] = {}


class MetricsMiddleware:
    """Counts each request and times it, labelled by the URL name it resolved to
    ("unresolved" when it was answered before a URL matched: an unknown address,
    a static file from whitenoise, the redirect to HTTPS)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view = match.view_name if match else "unresolved"
        REQUESTS.labels(view, request.method, str(response.status_code)).inc()
        LATENCY.labels(view, request.method).observe(time.perf_counter() - started)
        return response


class _Health:
    """The /healthz/ checks and the registered figures, measured at scrape time."""

    def collect(self):
        up = GaugeMetricFamily(
            "portal_health_check_up",
            "1 when the /healthz/ check passes, 0 when it fails.",
            labels=["check"],
        )
        for name, check in CHECKS.items():
            try:
                check()
                up.add_metric([name], 1)
            except Exception:  # noqa: BLE001 - any failure means "down"
                up.add_metric([name], 0)
        yield up
        for name, (help_text, read) in GAUGES.items():
            try:
                yield GaugeMetricFamily(name, help_text, value=read())
            except Exception:  # noqa: BLE001,S112 - its check reports the failure
                continue


@login_not_required
@never_cache
def metrics(request):
    """The figures in Prometheus' text format (who may ask: portal/access.py)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        counted = CollectorRegistry()
        multiprocess.MultiProcessCollector(counted)
    else:
        counted = REGISTRY
    measured = CollectorRegistry(auto_describe=False)
    measured.register(_Health())
    body = generate_latest(counted) + generate_latest(measured)
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)
