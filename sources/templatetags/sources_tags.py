"""Template tags for showing excerpts: ``{% load sources_tags %}``."""

from dataclasses import dataclass

from django import template
from django.utils.safestring import SafeString

from portal.rendering import highlight, mark_terms, render_markdown

register = template.Library()


@dataclass
class ReadingParagraph:
    number: int
    anchor: str
    html: SafeString
    adapted_html: SafeString


@register.simple_tag
def reading_paragraphs(excerpt) -> list[ReadingParagraph]:
    """The excerpt's paragraphs, numbered from 1, as cleaned HTML with glossary
    terms marked (first appearance only) in the original wording.

    Usage: ``{% reading_paragraphs excerpt as paragraphs %}``. Prefetch
    ``glossary`` to keep this query-free."""
    terms = {
        term.term: f"ex-{excerpt.pk}-g{term.pk}" for term in excerpt.glossary.all()
    }
    marked: set[str] = set()
    return [
        ReadingParagraph(
            number=number,
            anchor=excerpt.paragraph_anchor(number),
            html=mark_terms(render_markdown(text), terms, marked),
            adapted_html=render_markdown(adapted),
        )
        for number, text, adapted in excerpt.numbered_paragraphs()
    ]


@register.filter
def highlighted(text):
    """A search snippet with its matches in <mark>, everything else escaped."""
    return highlight(text)
