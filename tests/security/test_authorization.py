"""The authorization matrix: every route from the URL resolver × the six actors ×
their own object and someone else's × GET and POST (with a valid CSRF token).

What is expected comes from the access-policy table (portal/access.py) and the
ownership rule (another person's object answers 404, or 403):

- an actor outside the route's audience is refused: signed out, sent to sign in
  (401 JSON for the page's fetch() endpoints); signed in, 403 or 404;
- an actor inside it, on a peer's object (teacher A on teacher B's, student A on
  student B's, the admin on teacher A's), is refused with 403 or 404 (405 for a
  GET on a POST-only route: nothing is read);
- nobody ever gets a server error.

Anything else is an unexpected success and fails the test, naming the route, the
actor, the object and the method. A new view without its access row answers 404
to everyone (deny by default) and fails tests/test_access_policy.py; a new view
whose fetch is not scoped to the viewer answers a peer's object here and fails."""

import pytest
from django.urls import reverse

from portal.access import Audience, audience_for
from tests.security import figures
from tests.security.conftest import ACTORS, PEER, ROLE
from tests.test_access_policy import ALLOWED, ROUTES
from tests.url_samples import URL_KWARGS

PROBE = "authorization"
# 405: the route does not take this method, so nothing was read or done.
REFUSED = {403, 404, 405}
# Sends everyone to the sign-in page by design (allauth's name for it, the admin's).
SIGN_IN_ALIASES = {"account_login", "admin_sign_in"}
# Some routes answer a peer's object with a refusal page that is not 403/404:
# a provider's callback or SAML endpoint answers 400/401 to a request it did not
# start (they take no object of a person: the sample is the school's provider).
PROVIDER_ROUTES = {
    name
    for name in ROUTES
    if name.split("_")[0] in {"clever", "google", "microsoft", "openid", "saml"}
}


def _admin_url(name, pattern) -> str:
    """Admin pages take the object's id: the admin's own pages are walked with real
    objects in tests/test_admin_pages.py; here any id will do, since everyone but
    an admin must be refused before the object is looked up."""
    regex = pattern.pattern.regex
    if regex.groupindex:
        kwargs = {k: "accounts" if k == "app_label" else "1" for k in regex.groupindex}
        return reverse(name, kwargs=kwargs)
    return reverse(name, args=["1"] * regex.groups)


def _is_sign_in_redirect(response) -> bool:
    location = response.get("Location", "")
    return response.status_code == 302 and (
        "/accounts/sign-in/" in location or "/admin/login/" in location
    )


def _outsider_answer_ok(audience, actor, response) -> bool:
    if actor == "anonymous":
        if audience in (Audience.STUDENT_API, Audience.MONITORING):
            # A fetch() endpoint, or /metrics to a scraper without its token.
            return response.status_code == 401
        # Sent to sign in, or refused outright (a picture's file answers 404).
        return _is_sign_in_redirect(response) or response.status_code in REFUSED
    # The admin's pages send a signed-in non-admin to the admin's sign-in page.
    return response.status_code in REFUSED or _is_sign_in_redirect(response)


def _peer_ok(response) -> bool:
    return response.status_code in REFUSED


def _anything_but_a_server_error(response) -> bool:
    return True  # probe() fails any 5xx


def header_problems(response, *, signed_in: bool) -> list[str]:
    """What every HTML answer must carry: a CSP that runs no inline script,
    nosniff, frame denial; and for a signed-in person, no-store."""
    if "text/html" not in response.get("Content-Type", ""):
        return []
    figures.count("headers", "HTML responses checked")
    problems = []
    csp = response.get("Content-Security-Policy", "")
    script_src = next(
        (d for d in csp.split(";") if d.strip().startswith("script-src")), ""
    )
    if not csp or "unsafe-inline" in script_src or "unsafe-eval" in script_src:
        problems.append(f"CSP {csp!r}")
    if "frame-ancestors 'none'" not in csp:
        problems.append("CSP without frame-ancestors 'none'")
    if response.get("X-Content-Type-Options") != "nosniff":
        problems.append("no X-Content-Type-Options: nosniff")
    if response.get("X-Frame-Options") != "DENY":
        problems.append("no X-Frame-Options: DENY")
    if signed_in and "no-store" not in response.get("Cache-Control", ""):
        problems.append(f"Cache-Control {response.get('Cache-Control')!r}")
    figures.count("headers", "header problems", len(problems))
    return problems


def _request(client, method, url):
    figures.count(PROBE, "requests")
    if method == "GET":
        return client.get(url)
    return client.post(url, {})


class Matrix:
    """One route's probes; collects what went wrong."""

    def __init__(self, name, actors, browsers):
        self.name = name
        self.pattern = ROUTES[name]
        self.audience = audience_for(name)
        self.allowed = ALLOWED[self.audience]
        self.actors = actors
        self.browsers = browsers
        self.failures: list[str] = []

    def url_for(self, owner_key: str | None) -> str:
        if self.name.startswith("admin:"):
            return _admin_url(self.name, self.pattern)
        builder = URL_KWARGS.get(self.name)
        if builder is None or owner_key is None:
            return reverse(self.name)
        figures.count(PROBE, "objects built")
        return reverse(self.name, kwargs=builder(self.actors[owner_key]))

    def parametrised(self) -> bool:
        return bool(self.pattern.pattern.regex.groups) and not self.name.startswith(
            "admin:"
        )

    def probe(self, actor, method, url, *, expect, whose):
        response = _request(self.browsers[actor].still_signed_in(), method, url)
        figures.seen(PROBE, "routes", self.name)
        figures.seen(PROBE, "actors", actor)
        figures.seen(PROBE, "methods", method)
        figures.count(PROBE, f"{whose} object" if whose else "no object")
        if response.status_code >= 500 or not expect(response):
            self.failures.append(
                f"{actor} {method} {url} ({whose or 'no'} object) -> "
                f"{response.status_code} {response.get('Location', '')}"
            )
        # (After signing out, the answer is for a signed-out visitor.)
        signed_in = actor != "anonymous" and not (
            "logout" in self.name and method == "POST"
        )
        for problem in header_problems(response, signed_in=signed_in):
            self.failures.append(f"{actor} {method} {url}: {problem}")

    def in_audience(self, actor) -> bool:
        return ROLE[actor] in self.allowed

    def owner_for_outsider(self) -> str:
        """Whose object an outsider is pointed at: someone allowed in."""
        for key in ["teacher_a", "student_a", "admin"]:
            if ROLE[key] in self.allowed:
                return key
        return "teacher_a"

    def run(self):
        # Someone else's object first: a refused request must change nothing, so
        # these run before any owner's own POST.
        if self.parametrised() and self.audience != Audience.PUBLIC:
            self.run_peers()
        for actor in ACTORS:
            self.run_actor(actor)

    def run_peers(self):
        urls = {}
        for actor in ACTORS[1:]:
            if not self.in_audience(actor) or self.name in PROVIDER_ROUTES:
                continue
            url = urls.setdefault(PEER[actor], self.url_for(PEER[actor]))
            for method in ["GET", "POST"]:
                self.probe(actor, method, url, expect=_peer_ok, whose="peer's")

    def run_actor(self, actor):
        public = self.audience == Audience.PUBLIC
        inside = public or (actor != "anonymous" and self.in_audience(actor))
        if inside and actor != "anonymous":
            owner, whose = actor, "own"
        else:
            owner, whose = self.owner_for_outsider(), "someone else's"
        if not self.parametrised():
            owner, whose = None, None
        url = self.url_for(owner)
        for method in ["GET", "POST"]:
            if inside:
                expect = _anything_but_a_server_error
            else:
                expect = lambda r, a=actor: _outsider_answer_ok(  # noqa: E731
                    self.audience, a, r
                )
            self.probe(actor, method, url, expect=expect, whose=whose)


@pytest.mark.parametrize("name", sorted(n for n in ROUTES if n not in SIGN_IN_ALIASES))
def test_every_route_answers_every_actor_as_the_policy_says(name, actors, browsers):
    matrix = Matrix(name, actors, browsers)
    matrix.run()
    figures.count(PROBE, "unexpected answers", len(matrix.failures))
    assert matrix.failures == [], "\n".join(matrix.failures)
