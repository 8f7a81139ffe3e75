"""/metrics: Prometheus' figures for staff or a scraper with the token, refused to
everyone else; requests show up in its counters by URL name and status."""

import re

import pytest
from prometheus_client.parser import text_string_to_metric_families

from jobs.health import oldest_wait_seconds, ready_count
from jobs.models import Job
from portal.metrics import GAUGES
from tests.builders import StaffFactory, StudentFactory, TeacherFactory

TOKEN = "a-long-random-monitoring-token-0123456789"


@pytest.fixture(autouse=True)
def token(settings):
    settings.PORTAL_METRICS_TOKEN = TOKEN


def _samples(answer) -> dict:
    """{(name, labels as a sorted tuple): value} from the text format."""
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("text/plain; version=")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(answer.content.decode())
        for sample in family.samples
    }


def _scrape(client):
    return _samples(client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}"))


def _count(samples, view, status, method="GET") -> float:
    labels = (("method", method), ("status", status), ("view", view))
    return samples.get(("portal_http_requests_total", labels), 0)


@pytest.mark.django_db
def test_the_figures_are_refused_to_students_teachers_and_the_signed_out(client):
    signed_out = client.get("/metrics")
    assert signed_out.status_code == 401
    assert signed_out["WWW-Authenticate"].startswith("Bearer")
    wrong = client.get("/metrics", HTTP_AUTHORIZATION="Bearer not-the-token")
    assert wrong.status_code == 401
    for person in (StudentFactory(), TeacherFactory()):
        client.force_login(person)
        assert client.get("/metrics").status_code == 403
        assert "portal_http" not in client.get("/metrics").content.decode()


@pytest.mark.django_db
def test_no_token_set_means_the_token_opens_nothing(client, settings):
    settings.PORTAL_METRICS_TOKEN = ""
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 401


@pytest.mark.django_db
def test_staff_signed_in_read_them(client):
    client.force_login(StaffFactory())
    answer = client.get("/metrics")
    assert answer.status_code == 200
    assert "portal_health_check_up" in answer.content.decode()


@pytest.mark.django_db
def test_requests_are_counted_by_url_name_and_status(client):
    before = _scrape(client)
    for _ in range(3):
        client.get("/healthz/")
    client.get("/no/such/page/")
    client.force_login(StudentFactory())
    client.get("/metrics")  # refused: 403
    client.logout()
    after = _scrape(client)

    def grew(view, status):
        return _count(after, view, status) - _count(before, view, status)

    assert grew("healthz", "200") == 3
    assert grew("unresolved", "404") == 1
    assert grew("metrics", "403") == 1
    assert grew("metrics", "200") == 1  # the first scrape
    timed = (("method", "GET"), ("view", "healthz"))
    assert (
        after[("portal_http_request_duration_seconds_count", timed)]
        - before.get(("portal_http_request_duration_seconds_count", timed), 0)
        == 3
    )


@pytest.mark.django_db
def test_the_health_checks_are_figures_too(client, settings):
    samples = _scrape(client)
    assert samples[("portal_health_check_up", (("check", "database"),))] == 1
    assert samples[("portal_health_check_up", (("check", "cache"),))] == 1

    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.PortalRedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 1},
        }
    }
    samples = _scrape(client)
    assert samples[("portal_health_check_up", (("check", "cache"),))] == 0
    assert samples[("portal_health_check_up", (("check", "database"),))] == 1


@pytest.mark.django_db
def test_the_queue_depth_shows_when_the_jobs_app_registers_it(client, monkeypatch):
    # These settings run jobs immediately (no queue); a server with the database
    # backend registers these at start (jobs/apps.py).
    monkeypatch.setitem(GAUGES, "portal_jobs_ready", ("ready", ready_count))
    monkeypatch.setitem(
        GAUGES, "portal_jobs_oldest_wait_seconds", ("oldest", oldest_wait_seconds)
    )
    for _ in range(2):
        Job.objects.create(handler="tests.jobs.handlers.echo", title="t")
    samples = _scrape(client)
    assert samples[("portal_jobs_ready", ())] == 2
    assert 0 <= samples[("portal_jobs_oldest_wait_seconds", ())] < 60


def test_the_labels_are_url_names_not_addresses(client, db):
    client.get("/healthz/?x=1")
    body = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").content
    assert not re.search(rb'view="/', body)


def test_a_scraper_on_the_loopback_port_is_not_sent_to_https(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz/").status_code == 301
    assert _scrape(client)  # plain HTTP, answered
