"""Every request has an id: in its answer's X-Request-ID header and in each log
line written while it was served (portal/requestlog.py)."""

import io
import json
import logging

import pytest

from tests.process import django_process


@pytest.fixture
def log_lines():
    """What the configured console handler writes (JSON in these settings, as in
    production), one parsed line per record."""
    handler = logging.getHandlerByName("console")
    written = io.StringIO()
    previous = handler.setStream(written)
    yield lambda: [json.loads(line) for line in written.getvalue().splitlines()]
    handler.setStream(previous)


def _cache_down(settings):
    # A real Redis client pointed at a port where nothing listens: /healthz/ then
    # logs a warning from inside the view.
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.PortalRedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 1},
        }
    }


def test_each_log_line_of_a_request_carries_the_id_sent_back(
    client, db, settings, log_lines
):
    _cache_down(settings)
    answer = client.get("/healthz/")
    request_id = answer["X-Request-ID"]
    assert len(request_id) == 32

    lines = [line for line in log_lines() if line["request_id"] == request_id]
    # The view's own warning and the line for the answer, both with the id.
    assert [line["name"] for line in lines] == ["portal.views", "portal.requests"]
    assert "cache failed" in lines[0]["message"]
    assert lines[1]["status"] == 503
    assert lines[1]["path"] == "/healthz/"
    assert lines[1]["view"] == "healthz"
    assert lines[1]["level"] == "INFO"


def test_two_requests_get_two_ids_and_lines_outside_a_request_get_none(
    client, db, log_lines
):
    first = client.get("/healthz/")["X-Request-ID"]
    second = client.get("/healthz/")["X-Request-ID"]
    logging.getLogger("portal.test").warning("between requests")
    assert first != second
    assert [line["request_id"] for line in log_lines()] == [first, second, "-"]


def test_the_proxy_id_is_used_only_behind_the_proxy(client, db, settings):
    given = "0123456789abcdef0123456789abcdef"
    settings.PORTAL_BEHIND_PROXY = False
    # Straight from a client, the header could be anything: not trusted.
    assert client.get("/healthz/", HTTP_X_REQUEST_ID=given)["X-Request-ID"] != given

    settings.PORTAL_BEHIND_PROXY = True
    assert client.get("/healthz/", HTTP_X_REQUEST_ID=given)["X-Request-ID"] == given
    # Something no proxy sends (a newline that would forge a log line) is replaced.
    forged = client.get("/healthz/", HTTP_X_REQUEST_ID="abc\n{}evil-evil")
    assert forged["X-Request-ID"] != "abc\n{}evil-evil"
    assert len(forged["X-Request-ID"]) == 32


def _log_hello(**environment) -> str:
    """What a fresh process with these settings writes for one warning."""
    return django_process(
        "import logging; logging.getLogger('portal.check').warning('hello')",
        drop={"PORTAL_LOG_FORMAT", "DJANGO_DEBUG"},
        DJANGO_SETTINGS_MODULE="portal.settings",
        **environment,
    ).stderr.strip()


def test_logs_are_json_in_production_and_text_with_debug_unless_chosen():
    line = json.loads(_log_hello())
    assert {k: line[k] for k in ("level", "name", "message", "request_id")} == {
        "level": "WARNING",
        "name": "portal.check",
        "message": "hello",
        "request_id": "-",
    }
    assert "time" in line
    assert _log_hello(DJANGO_DEBUG="1").endswith(" WARNING [-] portal.check: hello")
    assert _log_hello(PORTAL_LOG_FORMAT="text").endswith("[-] portal.check: hello")
    assert _log_hello(DJANGO_DEBUG="1", PORTAL_LOG_FORMAT="json").startswith("{")
