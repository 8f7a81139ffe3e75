"""Walk every URL pattern and hold it to the access-policy table (portal/access.py)."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from portal.access import Audience, audience_for
from tests.builders import StaffFactory, StudentFactory, TeacherFactory
from tests.url_samples import URL_KWARGS

ROLES = ["anonymous", "student", "teacher", "staff"]
ALLOWED = {
    Audience.PUBLIC: set(ROLES),
    Audience.SIGNED_IN: {"student", "teacher", "staff"},
    Audience.TEACHER: {"teacher", "staff"},
    Audience.STUDENT: {"student"},
    Audience.STAFF: {"staff"},
    Audience.STUDENT_API: {"student"},
    Audience.SIGNED_IN_FILE: {"student", "teacher", "staff"},
    # Staff signed in; a scraper with the token (tests/portal/test_metrics.py).
    Audience.MONITORING: {"staff"},
}


def walk(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            yield from walk(entry, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


def all_routes():
    seen = {}
    for name, pattern in walk():
        seen.setdefault(name, pattern)
    return seen


ROUTES = all_routes()
# The admin's own pages are walked in tests/test_admin_pages (they need model objects);
# here we check the admin's index and the rule for the namespace.
WALKED = sorted(n for n in ROUTES if not n.startswith("admin:") or n == "admin:index")


def test_every_route_has_a_row_in_the_access_policy_table():
    missing = [name for name in ROUTES if audience_for(name) is None]
    assert missing == [], f"URL names without an access-policy row: {missing}"


def test_every_parametrised_route_has_a_sample_builder():
    missing = [
        name
        for name in WALKED
        if ROUTES[name].pattern.regex.groups and name not in URL_KWARGS
    ]
    assert missing == [], f"add builders to tests/url_samples.py for: {missing}"


@pytest.fixture
def people(db):
    return {
        "student": StudentFactory(),
        "teacher": TeacherFactory(),
        "staff": StaffFactory(),
    }


def _url(name, owner):
    builder = URL_KWARGS.get(name)
    return reverse(name, kwargs=builder(owner) if builder else None)


def _is_login_redirect(response):
    return response.status_code == 302 and (
        "/sign-in/" in response["Location"] or "/admin/login/" in response["Location"]
    )


# Routes whose whole job is to send everyone to the sign-in page (allauth's own
# name for it, and the admin's sign-in page, which would skip the second factor).
SIGN_IN_ALIASES = {"account_login", "admin_sign_in"}


def test_sign_in_aliases_send_everyone_to_the_portal_sign_in_page(client):
    for name in SIGN_IN_ALIASES:
        response = client.get(reverse(name) + "?next=/teach/")
        assert response.status_code == 302
        assert response["Location"] == "/accounts/sign-in/?next=/teach/"


# A provider's callback opened without a sign-in in progress: the refusal page
# (allauth answers 401, or 400 for a state it cannot match), never a sign-in redirect.
PROVIDER_ANSWERS = {
    "clever_callback",
    "google_callback",
    "microsoft_callback",
    "openid_connect_callback",
    "saml_finish_acs",
}


# Pages a school switches on (school settings): 404 while off, as by default.
SWITCHED_OFF = {"accounts:teacher_sign_up"}


def _reached(name, response) -> bool:
    if name in SWITCHED_OFF and response.status_code == 404:
        return True
    if name == "saml_sls":
        # A logout message from the identity provider; none was sent.
        return response.status_code == 400
    if name in PROVIDER_ANSWERS and response.status_code in {400, 401}:
        return "Sign-in did not work" in response.content.decode()
    return response.status_code in {200, 302, 405}


@pytest.mark.parametrize("name", WALKED)
def test_route_answers_each_role_as_the_table_says(name, people, client):
    audience = audience_for(name)
    allowed = ALLOWED[audience]
    # The object in the URL belongs to someone who is allowed in.
    owner_role = (
        next(r for r in ["teacher", "student", "staff"] if r in allowed)
        if (allowed - {"anonymous"})
        else "teacher"
    )
    # Browsers always send Host (allauth's SAML views read it).
    client.defaults.setdefault("HTTP_HOST", "testserver")
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(people[role])
        subject = (
            people[role]
            if role in allowed and role != "anonymous"
            else people[owner_role]
        )
        url = _url(name, subject)
        response = client.get(url)
        if role in allowed:
            assert name in SIGN_IN_ALIASES or not _is_login_redirect(response), (
                f"{role} sent to sign in at {url}"
            )
            assert _reached(name, response), (
                f"{role} should reach {name} ({url}) but got {response.status_code}"
            )
        elif role == "anonymous" and audience == Audience.STUDENT_API:
            assert response.status_code == 401, (
                f"a signed-out fetch to {url} should get 401, got {response.status_code}"
            )
            assert response.json()["error"] == "signed_out"
        elif role == "anonymous" and audience == Audience.MONITORING:
            assert response.status_code == 401, (
                f"a signed-out request to {url} without the token should get 401, "
                f"got {response.status_code}"
            )
        elif role == "anonymous" and audience == Audience.SIGNED_IN_FILE:
            assert response.status_code == 404, (
                f"a signed-out visitor at {url} should get 404, got "
                f"{response.status_code}"
            )
        elif role == "anonymous":
            assert _is_login_redirect(response), (
                f"anonymous should be sent to sign in at {url}, got {response.status_code}"
            )
        else:
            assert response.status_code in {403, 404}, (
                f"{role} should be refused at {name} ({url}) but got {response.status_code}"
            )


def test_a_url_with_no_row_is_refused(client, people, settings):
    """Deny by default: the middleware refuses a route the table does not know."""
    from django.urls import path

    from portal import urls as root

    def secret(request):  # pragma: no cover - must never run
        raise AssertionError("reached a view without a policy row")

    settings.ROOT_URLCONF = type(
        "U",
        (),
        {"urlpatterns": [*root.urlpatterns, path("x/", secret, name="unlisted")]},
    )
    client.force_login(people["staff"])
    assert client.get("/x/").status_code == 404
