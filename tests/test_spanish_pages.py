"""Every page of the access-policy walk read in Spanish (issue 18): rendered as
each person allowed in, in Spanish (their account's language, the language cookie
and the browser's), and no English sentence of our catalogue left in what the
page shows. A string not marked for translation in a template, or marked but not
translated, fails here with the page and the words.

What counts as shown: the text of the page outside <script>, <style> and
<template>, and outside anything marked lang="en" (the English words of a source,
the language menu's "English"). An English catalogue string is found when a piece
of text is exactly that string, or, for a string of three words or more, contains
it. Strings the translation leaves the same ("Total") and strings with
placeholders are not looked for (their fixed parts are too short to tell apart)."""

import gettext
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from portal.access import audience_for
from tests.test_access_policy import ALLOWED, ROLES, WALKED
from tests.url_samples import URL_KWARGS

MO = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.mo"
PLACEHOLDER = re.compile(r"%(\([^)]*\))?[sd]|\{[^}]*\}")
SKIPPED_TAGS = {"script", "style", "template", "noscript"}
VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
    "source", "track", "wbr",
}  # fmt: skip


def _english_strings() -> tuple[set[str], list[str]]:
    """Our catalogue's English strings that Spanish says differently: (all of
    them, for whole-text matches; the longer ones, for matches inside a text)."""
    with MO.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)._catalog
    english = set()
    for key, spanish in catalogue.items():
        msgid = key[0] if isinstance(key, tuple) else key
        if not msgid or PLACEHOLDER.search(msgid) or "\x04" in msgid:
            continue
        msgid = " ".join(msgid.split())
        if msgid != " ".join(str(spanish).split()) and re.search("[A-Za-z]", msgid):
            english.add(msgid)
    return english, [s for s in english if len(s.split()) >= 3]


ENGLISH, LONG_ENGLISH = _english_strings() if MO.exists() else (set(), [])


class _ShownText(HTMLParser):
    """The pieces of text a page shows, outside scripts and lang="en" parts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.pieces: list[str] = []

    def _hidden(self) -> bool:
        return any(hidden for _tag, hidden in self.stack)

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        lang = dict(attrs).get("lang") or ""
        hidden = tag in SKIPPED_TAGS or (lang.startswith("en") and tag != "html")
        self.stack.append((tag, hidden))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        text = " ".join(data.split())
        if text and not self._hidden():
            self.pieces.append(text)


def english_left(html: str) -> list[str]:
    parser = _ShownText()
    parser.feed(html)
    found = set()
    for piece in parser.pieces:
        if piece in ENGLISH:
            found.add(piece)
    shown = " \n ".join(parser.pieces)
    found.update(s for s in LONG_ENGLISH if s in shown)
    return sorted(found)


@pytest.fixture
def spanish_people(db):
    from tests.builders import StaffFactory, StudentFactory, TeacherFactory

    return {
        "student": StudentFactory(language="es"),
        "teacher": TeacherFactory(language="es"),
        "staff": StaffFactory(language="es"),
    }


@pytest.mark.skipif(not MO.exists(), reason="no Spanish catalogue")
@pytest.mark.parametrize("name", WALKED)
def test_the_page_shows_no_english_of_ours_in_spanish(name, spanish_people, client):
    allowed = ALLOWED[audience_for(name)]
    client.defaults.update(HTTP_HOST="testserver", HTTP_ACCEPT_LANGUAGE="es")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    problems = {}
    for role in ROLES:
        if role not in allowed:
            continue
        client.logout()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
        owner = spanish_people.get(role) or spanish_people["teacher"]
        if role != "anonymous":
            client.force_login(owner)
        builder = URL_KWARGS.get(name)
        url = reverse(name, kwargs=builder(owner) if builder else None)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get(
            "Content-Type", ""
        ):
            continue
        html = response.content.decode()
        # A whole page says it is Spanish (a fragment for htmx has no <html>).
        assert "<html" not in html or '<html lang="es"' in html, (
            f"{url} as {role} is not in Spanish"
        )
        left = english_left(html)
        if left:
            problems[f"{role} {url}"] = left
    assert problems == {}, f"English left on {name}: {problems}"
