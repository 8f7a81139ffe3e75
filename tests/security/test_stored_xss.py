"""Stored XSS: 26 payloads (script, event handlers, ``javascript:``/``data:`` links
in Markdown and HTML, SVG, ``<iframe srcdoc>``, ``<style>``, mutation XSS, template
syntax, ...) in every free-text field a person can fill, then every page showing
them opened as each role.

- Through the forms: every route's page, as a person allowed in, has each text box
  and text area filled with payloads and sent; the page after (and the page the
  form sent them to) is checked.
- Across roles: a class whose every free-text field (and its people's names) is a
  payload; every route each of the six actors can open with those objects (the
  admin's pages of each model included) is checked in the HTML, and opened in
  Chromium, where a dialog or a blocked inline script fails the test.

The routes come from the URL resolver, so a new page is probed once it has its
access row and sample builder."""

import itertools

import pytest
from django.urls import reverse

from portal.access import Audience, audience_for
from tests.security import figures
from tests.security.conftest import ACTORS, ROLE, CsrfClient
from tests.security.forms import forms_of
from tests.security.xss import PAYLOADS, candidate_kwargs, page_problems, world_build
from tests.test_access_policy import ALLOWED, ROUTES
from tests.url_samples import URL_KWARGS

PROBE = "stored XSS"


def _is_html(response) -> bool:
    return response.status_code == 200 and "text/html" in response.get(
        "Content-Type", ""
    )


def _checked(response, where: str) -> list[str]:
    if not _is_html(response):
        return []
    figures.count(PROBE, "pages checked")
    return [f"{where}: {p}" for p in page_problems(response.content.decode())]


def _owner(name) -> str | None:
    allowed = ALLOWED[audience_for(name)]
    keys = [a for a in ["teacher_a", "student_a", "admin"] if ROLE[a] in allowed]
    return keys[0] if keys else None


def _form_routes():
    return sorted(n for n in ROUTES if not n.startswith("admin:") and _owner(n))


@pytest.mark.parametrize("name", _form_routes())
def test_payloads_typed_into_every_form_come_back_inert(name, actors, browsers):
    actor = _owner(name)
    client = browsers[actor]
    builder = URL_KWARGS.get(name)
    url = reverse(name, kwargs=builder(actors[actor]) if builder else None)
    page = client.get(url)
    problems = _checked(page, f"{actor} GET {url}")
    html = page.content.decode() if _is_html(page) else ""
    forms = [f for f in forms_of(html) if f.method == "post"]
    for form, turn in itertools.product([f for f in forms if f.typed], range(2)):
        data = dict(form.values)
        for n, field in enumerate(form.typed):
            data[field] = PAYLOADS[(n * 7 + turn * 13 + len(field)) % len(PAYLOADS)]
            figures.seen(PROBE, "form fields", f"{name}:{field}")
        target = form.action or url
        sent = client.still_signed_in().post(target, data)
        figures.count(PROBE, "forms sent")
        figures.count(PROBE, "payloads sent", len(form.typed))
        assert sent.status_code < 500, f"{actor} POST {target} -> {sent.status_code}"
        problems += _checked(sent, f"{actor} POST {target}")
        location = sent.get("Location", "")
        for again in [url, location] if location.startswith("/") else [url]:
            problems += _checked(client.get(again), f"{actor} GET {again} after")
    assert problems == [], "\n".join(problems)


def world_pages(world, actors, browsers) -> list[tuple[str, str]]:
    """Every (actor, URL) that opens as a page with the world's objects: each route
    with each combination of the world's ids its arguments suggest, as each actor
    in its audience; the admin's change page of each world object."""
    pages = []
    for name, pattern in sorted(ROUTES.items()):
        for actor in _actors_of(name):
            for url in _urls(name, pattern, world, actors, actor):
                response = browsers[actor].still_signed_in().get(url)
                if _is_html(response):
                    pages.append((actor, url))
    return pages


def _actors_of(name) -> list[str]:
    audience = audience_for(name)
    if audience in {Audience.PUBLIC, Audience.STUDENT_API}:
        return []  # sign-in pages and JSON: nothing stored is shown there
    return [a for a in ACTORS[1:] if ROLE[a] in ALLOWED[audience]]


def _urls(name, pattern, world, actors, actor) -> list[str]:
    kwargs_names = list(pattern.pattern.regex.groupindex)
    if name.startswith("admin:"):
        return _admin_urls(name, kwargs_names, world)
    if not kwargs_names:
        return [reverse(name)]
    choices = [candidate_kwargs(k, world, actors) for k in kwargs_names]
    if not all(choices):
        return []
    urls = []
    for values in itertools.product(*choices):
        try:
            urls.append(
                reverse(name, kwargs=dict(zip(kwargs_names, values, strict=True)))
            )
        except Exception:  # noqa: BLE001, S112 - an id its converter refuses
            continue
    return urls


def _admin_urls(name, kwargs_names, world) -> list[str]:
    if name.endswith("_changelist"):
        return [reverse(name)]
    if not name.endswith("_change"):
        return []
    label = name.removeprefix("admin:").removesuffix("_change")
    return [
        reverse(name, args=[obj.pk])
        for obj in world.values()
        if hasattr(obj, "_meta")
        and f"{obj._meta.app_label}_{obj._meta.model_name}" == label
    ]


def test_every_page_showing_the_class_s_payloads_keeps_them_inert(actors, browsers):
    world = world_build(actors)
    pages = world_pages(world, actors, browsers)
    problems = []
    for actor, url in pages:
        figures.seen(PROBE, "world pages", url)
        problems += _checked(browsers[actor].get(url), f"{actor} GET {url}")
    figures.count(PROBE, "world fields with payloads", len(world["payloads"].fields))
    assert len(pages) > 40, pages  # the world is really shown
    assert problems == [], "\n".join(problems)


def _open_in_chromium(context, actor: str, urls: list[str]) -> list[str]:
    """Open each page in one signed-in tab; what ran (a dialog) or was stopped by
    the CSP (inline script or style from a payload) is returned."""
    tab = context.new_page()
    fired: list[str] = []

    def on_dialog(dialog):
        fired.append(f"{actor} {tab.url}: dialog {dialog.message!r}")
        dialog.dismiss()

    def on_console(message):
        if "Content Security Policy" in message.text:
            fired.append(f"{actor} {tab.url}: {message.text[:160]}")

    tab.on("dialog", on_dialog)
    tab.on("console", on_console)
    for url in urls:
        tab.goto(url, wait_until="load")
        figures.count(PROBE, "pages opened in Chromium")
    return fired


@pytest.mark.e2e
def test_no_payload_runs_in_chromium_on_any_page_as_any_role(
    chromium, live_server, actors
):
    world = world_build(actors)
    browsers = {key: CsrfClient().act_as(user) for key, user in actors.items()}
    pages = world_pages(world, actors, browsers)
    fired: list[str] = []
    for actor in ACTORS[1:]:
        context = chromium.new_context(base_url=live_server.url)
        cookie = browsers[actor].cookies["sessionid"].value
        context.add_cookies(
            [{"name": "sessionid", "value": cookie, "url": live_server.url}]
        )
        fired += _open_in_chromium(context, actor, [u for a, u in pages if a == actor])
        context.close()
    assert fired == [], "\n".join(fired)
