import os
import time

import pytest

from portal import storage
from tests import browser as browser_helpers
from tests.builders import PASSWORD, StaffFactory, StudentFactory, TeacherFactory
from tests.s3 import s3_server


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def teacher(db):
    return TeacherFactory(first_name="Tessa", last_name="Teacher")


@pytest.fixture
def other_teacher(db):
    return TeacherFactory(first_name="Oscar", last_name="Other")


@pytest.fixture
def student(db):
    return StudentFactory(first_name="Sam", last_name="Student")


@pytest.fixture
def staff(db):
    return StaffFactory()


@pytest.fixture
def teacher_client(client, teacher):
    client.force_login(teacher)
    return client


@pytest.fixture
def student_client(client, student):
    client.force_login(student)
    return client


def pytest_collection_modifyitems(config, items):
    for item in items:
        path = str(item.fspath).replace(os.sep, "/")
        if "tests/e2e/" in path:
            item.add_marker(pytest.mark.e2e)
        if "tests/security/" in path:
            item.add_marker(pytest.mark.security)


def require_shared(path):
    """The original texts are in ../shared beside the clone (as in CI). A laptop
    clone without it skips the comparison; CI (CI=true) fails instead."""
    if not path.exists():
        message = f"{path} is missing: ../shared must sit beside the clone"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path_factory):
    """Stored files (pictures) go to a folder of the test's own."""
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))


@pytest.fixture(scope="session")
def s3_store(tmp_path_factory):
    """A real S3-compatible store (SeaweedFS) on the loopback for the session."""
    with s3_server(tmp_path_factory.mktemp("s3")) as store:
        yield store


@pytest.fixture
def s3_storage(s3_store, settings):
    """The portal's default storage on that store, configured as a deployment
    would (``PORTAL_S3_*``), starting with an empty bucket."""
    s3_store.empty()
    settings.STORAGES = {
        **settings.STORAGES,
        "default": storage.s3_storage(s3_store.environment()),
    }
    return s3_store


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache: each test starts with none (and
    with no school settings stored, as its database says: portal.school)."""
    from django.core.cache import cache

    from portal.school import school_cache_assume_none_stored

    cache.clear()
    school_cache_assume_none_stored()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's language: a request in Spanish earlier in
    the same thread leaves Spanish active for code called directly afterwards."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _postgres_only(request):
    """Tests marked ``postgres`` need PostgreSQL's behaviour (real concurrency,
    full-text search); on SQLite they skip, and ./dev test runs them on PostgreSQL."""
    if request.node.get_closest_marker("postgres"):
        from django.db import connection

        if connection.vendor != "postgresql":
            pytest.skip("needs PostgreSQL (set DATABASE_URL)")


@pytest.fixture(scope="session")
def _playwright():
    path = browser_helpers.chromium_path()
    if path is None:
        browser_helpers.skip_or_fail(
            "Chromium is not installed (apt-get install chromium)"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the test requirements install it
        browser_helpers.skip_or_fail("the playwright package is not installed")
    with sync_playwright() as pw:
        yield pw, path


@pytest.fixture(scope="session")
def chromium(_playwright):
    pw, path = _playwright
    browser = pw.chromium.launch(
        executable_path=path, headless=True, args=browser_helpers.CHROMIUM_ARGS
    )
    yield browser
    browser.close()


def _server_done():
    """After a test's browser closed: wait until no other connection to the test
    database is running a statement or holding a transaction open, so that the
    live server's last request (an autosave the page sent as it closed) finishes
    before the database is emptied for the next test; emptying it meanwhile can
    deadlock with that request. At most 5 s (a worker process may poll)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    quiet = 0
    deadline = time.monotonic() + 5
    with connection.cursor() as cursor:
        while quiet < 3 and time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname ="
                " current_database() AND pid <> pg_backend_pid() AND state <> 'idle'"
            )
            quiet = quiet + 1 if cursor.fetchone()[0] == 0 else 0
            time.sleep(0.05)


@pytest.fixture
def page(chromium, live_server):
    """A fresh browser tab (own cookies) that fails the test on any console error,
    such as a Content-Security-Policy violation or a failed request."""
    context = chromium.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15_000)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda m: m.type == "error" and errors.append(m.text))
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.console_errors = errors
    yield tab
    context.close()
    _server_done()
    assert errors == [], f"console errors in the browser: {errors}"


@pytest.fixture
def new_page(chromium, live_server):
    """Open more tabs with their own cookies (another person, or the same person in
    a second browser)."""
    contexts = []

    def make():
        context = chromium.new_context(base_url=live_server.url)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
    _server_done()
