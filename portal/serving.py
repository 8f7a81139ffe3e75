"""Checks made before the portal serves anyone (wsgi.py and asgi.py call them)."""

import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def refuse_insecure_start() -> None:
    """A server must not start on the development secret key: sessions and password
    reset links would be signed with a key anyone can read in the repository."""
    allowed = os.environ.get("PORTAL_ALLOW_DEV_SECRET", "") in {"1", "true", "yes"}
    if settings.PORTAL_USING_DEV_SECRET and not settings.DEBUG and not allowed:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random value (see README), "
            "or DJANGO_DEBUG=1 for development."
        )
