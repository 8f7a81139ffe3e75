"""Every request gets an id: the one nginx set (X-Request-ID, trusted only when the
portal runs behind the proxy, DJANGO_BEHIND_PROXY=1) or a fresh one. It is sent
back in the answer's X-Request-ID header and written into every log line made while
the request is served, so one line in nginx's log, a person's report ("the page
said … at 10:31") and the portal's own lines can be joined.

Log lines are JSON objects (one a line) in production and readable text with
DEBUG; PORTAL_LOG_FORMAT=json|text chooses either way (portal/settings.py)."""

import logging
import re
import time
import uuid
from contextvars import ContextVar

from django.conf import settings

request_id: ContextVar[str] = ContextVar("request_id", default="-")
# The request being answered (the audit log reads its client address).
current_request: ContextVar = ContextVar("current_request", default=None)

# What we accept from the proxy: nginx's $request_id is 32 hex digits; other
# proxies use UUIDs. Anything else (too long, odd characters) is replaced, so a
# header cannot forge log lines or grow them without bound.
_ACCEPTED = re.compile(r"[A-Za-z0-9._-]{8,64}")

access_logger = logging.getLogger("portal.requests")


class RequestIdFilter(logging.Filter):
    """Puts the id of the request being served (or "-") on every log record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


def _id_for(request) -> str:
    given = request.META.get("HTTP_X_REQUEST_ID", "")
    if settings.PORTAL_BEHIND_PROXY and _ACCEPTED.fullmatch(given):
        return given
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """First in MIDDLEWARE: names the request, and writes one line when it is
    answered (method, path, view, status, time taken)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.id = _id_for(request)
        token = request_id.set(request.id)
        request_token = current_request.set(request)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request.id
            match = getattr(request, "resolver_match", None)
            access_logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "view": match.view_name if match else "",
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            return response
        finally:
            request_id.reset(token)
            current_request.reset(request_token)


def logging_settings(form: str, level: str) -> dict:
    """Django's LOGGING: every record to standard error, as JSON or text, with the
    id of the request it was made in."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "portal.requestlog.RequestIdFilter"}},
        "formatters": {
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "format": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
                "rename_fields": {"asctime": "time", "levelname": "level"},
            },
            "text": {
                "format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"
            },
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request_id"],
                "formatter": form,
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {"axes": {"level": "WARNING"}},
        # Never log a provider's answers at DEBUG: they hold tokens and assertions.
        # (allauth logs errors only; python3-saml logs nothing by itself.)
    }
