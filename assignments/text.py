"""Cleaning what students type, and finding a quotation in a paragraph."""

import html
import re

from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from portal.rendering import render_markdown

# Control characters other than tab and line feed (NUL included), and the Unicode
# ones that only confuse: they are dropped, never stored.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\u2028\u2029\ufeff]")
_SPACE = re.compile(r"\s+")
_TAG = re.compile(r"<[^>]*>")
_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ad": None,  # soft hyphen
    }
)


def clean_text(text: str | None, *, max_chars: int, field_label: str = "") -> str:
    """Normalise line breaks and strip control characters; refuse text over
    ``max_chars`` with a message saying by how much."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    if len(text) > max_chars:
        raise ValidationError(
            _(
                "This is %(length)s characters long; the limit is %(limit)s. "
                "Shorten it by %(over)s characters. Your text is still here."
            )
            % {"length": len(text), "limit": max_chars, "over": len(text) - max_chars},
            code="too_long",
        )
    return text


QUESTION_LABEL_WORDS = 12


def question_label(prompt_markdown: str) -> str:
    """A question's first words as plain text, to name it where its number alone
    would not say which it is (the page's question list, the Cite controls)."""
    plain = " ".join(paragraph_plain_text(prompt_markdown).split())
    return Truncator(plain).words(QUESTION_LABEL_WORDS)


def normalise_for_match(text: str) -> str:
    """Text reduced for comparison: straight quotes, one space for any run of
    white space, case folded."""
    return _SPACE.sub(" ", (text or "").translate(_QUOTES)).strip().casefold()


def paragraph_plain_text(paragraph_markdown: str) -> str:
    """A paragraph as the reader sees it (Markdown rendered, tags removed)."""
    return html.unescape(_TAG.sub(" ", str(render_markdown(paragraph_markdown))))


def quotation_in_paragraph(quotation: str, paragraph_markdown: str) -> bool:
    """Whether the quotation occurs in the paragraph, ignoring differences of white
    space, straight or curly quotes and case. The paragraph is compared both as
    displayed (Markdown rendered) and as written."""
    needle = normalise_for_match(quotation)
    if not needle:
        return False
    displayed = normalise_for_match(paragraph_plain_text(paragraph_markdown))
    # Rendering puts a space where tags were ("<em>word</em>,"): compare without
    # the spaces too, so punctuation next to emphasis still matches.
    return (
        needle in displayed
        or needle in normalise_for_match(paragraph_markdown)
        or needle.replace(" ", "") in displayed.replace(" ", "")
    )


def _normalised_with_positions(text: str) -> tuple[str, list[int]]:
    """``normalise_for_match`` character by character, remembering for each
    character of the result where it came from in ``text``."""
    out: list[str] = []
    where: list[int] = []
    in_space = False
    for index, char in enumerate(text):
        if char.isspace():
            if out and not in_space:
                out.append(" ")
                where.append(index)
            in_space = True
            continue
        in_space = False
        for folded in char.translate(_QUOTES).casefold():
            out.append(folded)
            where.append(index)
    return "".join(out), where


def highlight_quotations(paragraph_markdown: str, quotations: list[str]) -> str:
    """A paragraph as plain text with each quotation marked: the text is escaped
    first, then ``<mark>`` tags are put around the quoted words (found as
    ``quotation_in_paragraph`` finds them). Returns safe HTML."""
    plain = " ".join(paragraph_plain_text(paragraph_markdown).split())
    haystack, where = _normalised_with_positions(plain)
    spans: list[tuple[int, int]] = []
    for quotation in quotations:
        needle = normalise_for_match(quotation)
        if not needle:
            continue
        at = haystack.find(needle)
        while at >= 0:
            spans.append((where[at], where[at + len(needle) - 1] + 1))
            at = haystack.find(needle, at + len(needle))
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    parts, cursor = [], 0
    for start, end in merged:
        parts.append(escape(plain[cursor:start]))
        parts.append(f"<mark>{escape(plain[start:end])}</mark>")
        cursor = end
    parts.append(escape(plain[cursor:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece escaped above


def word_count(text: str) -> int:
    return len(text.split())


def highlight_numbered(
    paragraph_markdown: str, passages: list[tuple[int, str]], *, anchor: str
) -> str:
    """A paragraph as plain text with each cited passage marked and numbered:
    ``passages`` are (number, quotation); each mark gets the id ``anchor-number``
    (a link to it moves the focus there) and shows its number. Passages that
    overlap share one mark listing both numbers. Returns safe HTML."""
    plain = " ".join(paragraph_plain_text(paragraph_markdown).split())
    haystack, where = _normalised_with_positions(plain)
    spans: list[list] = []
    for number, quotation in passages:
        needle = normalise_for_match(quotation)
        at = haystack.find(needle) if needle else -1
        if at >= 0:
            spans.append([where[at], where[at + len(needle) - 1] + 1, [number]])
    merged: list[list] = []
    for start, end, numbers in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            merged[-1][2] += numbers
        else:
            merged.append([start, end, numbers])
    parts, cursor = [], 0
    for start, end, numbers in merged:
        label = ", ".join(str(n) for n in numbers)
        ids = f"{anchor}-{numbers[0]}"
        parts.append(escape(plain[cursor:start]))
        parts.append(
            f'<mark class="cited-passage" id="{escape(ids)}" tabindex="-1">'
            f'<span class="passage-number">{escape(label)}</span> '
            f"{escape(plain[start:end])}</mark>"
        )
        # The other numbers of a shared mark are anchors too.
        parts.extend(f'<span id="{escape(anchor)}-{n}"></span>' for n in numbers[1:])
        cursor = end
    parts.append(escape(plain[cursor:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece escaped above
