"""Template tags for showing excerpts: ``{% load sources_tags %}``."""

import hashlib
from dataclasses import dataclass, field

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from portal.cache import shared_get, shared_set
from portal.rendering import highlight, mark_terms, render_markdown
from sources.library_cards import library_cards as cards_html
from sources.library_cards import library_pages as pages_html

register = template.Library()


@dataclass
class TranslatedParagraph:
    language: str
    html: SafeString
    shown: bool


@dataclass
class ReadingParagraph:
    number: int
    anchor: str
    html: SafeString
    adapted_html: SafeString
    translations: list[TranslatedParagraph] = field(default_factory=list)


@dataclass
class ReadingVersion:
    """A version of the excerpt the reader can show beside the original: its
    simpler wording ("adapted") or a translation (key = its language code)."""

    key: str
    language: str
    name: str
    shown: bool


def _translations(excerpt) -> list:
    # Prefetched by the reading selectors; sorted here so the order never costs a
    # query.
    return sorted(excerpt.translations.all(), key=lambda t: t.language)


@register.simple_tag
def reading_versions(excerpt, first: str = "") -> list[ReadingVersion]:
    """The versions beside the original, each with whether it shows from the start
    (``first``: "adapted" or a translation's language, a student's accommodation).

    Usage: ``{% reading_versions excerpt first as versions %}``."""
    versions = []
    if excerpt.adapted_text:
        versions.append(
            ReadingVersion(
                key="adapted",
                language=excerpt.language,
                name=str(_("Simpler wording")),
                shown=first == "adapted",
            )
        )
    versions += [
        ReadingVersion(
            key=t.language,
            language=t.language,
            name=t.language_name,
            shown=first == t.language,
        )
        for t in _translations(excerpt)
    ]
    return versions


@register.simple_tag
def reading_paragraphs(excerpt, first: str = "") -> list[ReadingParagraph]:
    """The excerpt's paragraphs, numbered from 1, as cleaned HTML with glossary
    terms marked (first appearance only) in the original wording.

    Usage: ``{% reading_paragraphs excerpt as paragraphs %}``. Prefetch
    ``glossary`` to keep this query-free."""
    terms = {
        term.term: f"ex-{excerpt.pk}-g{term.pk}" for term in excerpt.glossary.all()
    }
    marked: set[str] = set()
    translated = [(t.language, t.paragraphs) for t in _translations(excerpt)]
    return [
        ReadingParagraph(
            number=number,
            anchor=excerpt.paragraph_anchor(number),
            html=mark_terms(render_markdown(text), terms, marked),
            adapted_html=render_markdown(adapted),
            translations=[
                TranslatedParagraph(
                    language=language,
                    html=render_markdown(paragraphs[number - 1]),
                    shown=first == language,
                )
                for language, paragraphs in translated
                if number <= len(paragraphs)
            ],
        )
        for number, text, adapted in excerpt.numbered_paragraphs()
    ]


@register.simple_tag
def library_cards(results) -> SafeString:
    """The library list's cards (``sources.library_cards``, where their markup is).

    Usage: ``{% library_cards results %}``."""
    return cards_html(results)


@register.simple_tag
def library_pages(page, numbers, query_string) -> SafeString:
    """The links to the library list's other pages (``sources.library_cards``).

    Usage: ``{% library_pages page page_numbers query_string %}``."""
    return pages_html(page, numbers, query_string)


@register.filter
def highlighted(text):
    """A search snippet with its matches in <mark>, everything else escaped."""
    return highlight(text)


# --- the reading view of an excerpt, rendered once per version ---------------------

READING_TEMPLATE = "sources/_excerpt_reading.html"
READING_CACHE_SECONDS = 60 * 60 * 24


def _fields(obj) -> list:
    return [getattr(obj, f.attname) for f in obj._meta.concrete_fields]


def _reading_fingerprint(excerpt, template_source: str) -> str:
    """A digest of everything the reading view shows: the excerpt's, its source's
    and its picture's stored values, its glossary and translations, and the
    template itself. Any edit gives a new digest, so a cached copy never outlives
    what it was made from (nothing to invalidate)."""
    parts = [
        template_source,
        _fields(excerpt),
        _fields(excerpt.source),
        _fields(excerpt.image) if excerpt.is_image else None,
        # Prefetched by the reading selectors (the template reads them anyway).
        [_fields(t) for t in excerpt.glossary.all()],
        [_fields(t) for t in excerpt.translations.all()],
    ]
    return hashlib.blake2b(repr(parts).encode(), digest_size=20).hexdigest()


@register.simple_tag(takes_context=True)
def excerpt_reading(context, excerpt, heading_level=2):
    """The reading view of one excerpt (``sources/_excerpt_reading.html``), kept in
    the cache and shared by every reader: the same excerpt, version shown first,
    read-aloud setting, heading level and language give the same HTML (its
    glossary marks and cleaned Markdown are the costly part of a lesson's page).
    Nothing in it belongs to one reader, and the key is a digest of what it is
    made from (``_reading_fingerprint``).

    Usage: ``{% excerpt_reading excerpt heading_level=3 %}``, with
    ``first_version`` and ``read_aloud_open`` in the context."""
    template = context.template.engine.get_template(READING_TEMPLATE)
    values = {
        "excerpt": excerpt,
        "heading_level": heading_level,
        "first_version": context.get("first_version") or "",
        "read_aloud_open": bool(context.get("read_aloud_open")),
    }
    key = "reading:v1:" + ":".join(
        [
            _reading_fingerprint(excerpt, template.source),
            get_language() or "",
            values["first_version"],
            str(int(values["read_aloud_open"])),
            str(heading_level),
        ]
    )
    html = shared_get(key)
    if html is None:  # not rendered yet (or the cache is down: render again)
        html = template.render(context.new(values))
        shared_set(key, str(html), READING_CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 - the template's own output, autoescaped
