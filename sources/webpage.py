"""A web page source laid out as its readers saw it.

A source of the kind "web page" whose excerpts, in order, hold the whole page (the
shipped unit's republished essay: the article, the questions and answers the page
added, its article information and author box) can be shown as a page again, so
students source what a reader had in front of them: the title in the page's header,
the byline, the article with its signature, the questions as headings, the page's
facts ("Author: …") as a list, its boxes. The words are the excerpts' paragraphs,
each one whole and unchanged; only the layout is the portal's, read from the shape
of each paragraph. Every block keeps its excerpt's paragraph number, so the
numbered view used for citing is one link away.
"""

import re
from dataclasses import dataclass, field

from django.utils.safestring import SafeString

from portal.rendering import render_markdown
from sources.models import Excerpt

# "Author: Roderick King", "Last Updated:" — a label, a colon, perhaps a value.
_FACT = re.compile(r"^(?P<label>[A-Z][A-Za-z ]{0,24}):(?: (?P<value>.*))?$")
# Short lines without a full stop: a heading, a byline or a signature line.
_SHORT = 40
# A line without closing punctuation up to this long heads what follows.
_HEADING = 100


@dataclass(frozen=True)
class Block:
    """One paragraph of the page, as the layout shows it."""

    kind: str  # title, byline, para, signature, note, heading, question, fact, lines
    number: int  # the paragraph's number in its excerpt
    anchor: str  # the paragraph's id in the numbered view
    text: str
    html: SafeString | None = None
    lines: tuple[str, ...] = ()
    label: str = ""
    value: str = ""


@dataclass
class Section:
    """One excerpt of the page: the article, the added questions, the author box."""

    excerpt: Excerpt
    role: str  # article, questions or box
    blocks: list[Block] = field(default_factory=list)


def _is_short(text: str) -> bool:
    return len(text) <= _SHORT and "\n" not in text and not text.endswith(".")


def _block(kind: str, excerpt: Excerpt, number: int, text: str, **extra) -> Block:
    return Block(
        kind=kind,
        number=number,
        anchor=excerpt.paragraph_anchor(number),
        text=text,
        **extra,
    )


def _article_block(excerpt: Excerpt, number: int, text: str, seen_body: bool):
    if number == 1:
        return _block("title", excerpt, number, text)
    if number == 2 and "\n" in text:
        return _block("byline", excerpt, number, text, lines=tuple(text.splitlines()))
    if seen_body and _is_short(text):
        return _block("signature", excerpt, number, text)
    if seen_body and text.startswith("Published by"):
        return _block("note", excerpt, number, text, html=render_markdown(text))
    return _block("para", excerpt, number, text, html=render_markdown(text))


def _other_block(excerpt: Excerpt, number: int, text: str) -> Block:
    if text.endswith("›"):
        return _block("question", excerpt, number, text)
    fact = _FACT.match(text)
    if fact and "\n" not in text:
        return _block(
            "fact",
            excerpt,
            number,
            text,
            label=fact["label"],
            value=fact["value"] or "",
        )
    if "\n" in text:
        return _block("lines", excerpt, number, text, lines=tuple(text.splitlines()))
    if len(text) <= _HEADING and not text.endswith((".", "?", "!", "…")):
        return _block("heading", excerpt, number, text)
    return _block("para", excerpt, number, text, html=render_markdown(text))


def web_page_sections(excerpts: list[Excerpt]) -> list[Section]:
    """The page laid out from its excerpts (in the source's order): the first is
    the article, the last the box of page facts, those between the added parts."""
    sections = []
    for index, excerpt in enumerate(excerpts):
        last = index == len(excerpts) - 1 and index > 0
        role = "article" if index == 0 else "box" if last else "questions"
        section = Section(excerpt=excerpt, role=role)
        seen_body = False
        for number, text in enumerate(excerpt.paragraphs, start=1):
            if role == "article":
                block = _article_block(excerpt, number, text, seen_body)
                seen_body = seen_body or block.kind == "para"
            else:
                block = _other_block(excerpt, number, text)
            section.blocks.append(block)
        sections.append(section)
    return sections
