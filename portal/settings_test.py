"""Settings for the test suite: the real settings, with HTTPS redirects off (the
test server speaks plain HTTP), plain static storage (no collectstatic needed) and a
fast password hasher (Argon2 is what production uses; tests/accounts checks that)."""

import os

os.environ.setdefault("DJANGO_SECURE", "0")
os.environ.setdefault("PORTAL_ALLOW_DEV_SECRET", "1")
# The tests of the admin sign in without a second factor; tests/accounts/test_mfa.py
# switches the rule on and checks it.
os.environ.setdefault("PORTAL_ADMIN_MFA_REQUIRED", "0")
# Tasks run inside the request unless a test is about the queue: those start a real
# worker process (tests/jobs/worker.py) against the database backend.
os.environ.setdefault("PORTAL_TASKS_IMMEDIATE", "1")

from portal.settings import *  # noqa: E402,F403

# The default storage as configured (the local disk, or the S3 store a worker
# started by a storage test is pointed at through PORTAL_S3_*).
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Playwright's sync API keeps an event loop in the test thread; the ORM calls made by
# the tests themselves are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
