"""Template tags for showing excerpts: ``{% load sources_tags %}``."""

from dataclasses import dataclass, field

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from portal.rendering import highlight, mark_terms, render_markdown

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


@register.filter
def highlighted(text):
    """A search snippet with its matches in <mark>, everything else escaped."""
    return highlight(text)
