"""The one way user-written text becomes HTML.

Markdown (CommonMark, raw HTML off, line breaks kept) is rendered by markdown-it-py,
then cleaned by nh3 against an explicit allow-list. Whatever a teacher or student
types, the page gets only the tags and attributes below. Nothing else in the portal
may call ``mark_safe`` on user text or pass it through ``|safe``.
"""

import difflib
import functools
import html
import re

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p", "br", "em", "strong", "code", "pre", "blockquote", "hr",
    "ul", "ol", "li", "a", "h3", "h4", "h5", "h6",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

# "breaks": a line break inside a paragraph is kept, as in letters and addresses.
_markdown = MarkdownIt("commonmark", {"html": False, "breaks": True}).disable(
    "html_block"
)


def render_markdown(text: str | None) -> SafeString:
    """Markdown to safe HTML: rendered, then cleaned with the allow-list."""
    text = text or ""
    if len(text) <= REMEMBERED_LENGTH:
        return mark_safe(_cleaned_remembered(text))  # noqa: S308 - cleaned by nh3
    return mark_safe(_cleaned(text))  # noqa: S308 - cleaned by nh3 in _cleaned


# The same words give the same HTML: short texts (questions, instructions, replies,
# comments), which pages render again and again, are kept per process, at most
# REMEMBERED of them (about 4 MB at the most).
REMEMBERED = 1024
REMEMBERED_LENGTH = 2000


def _cleaned(text: str) -> str:
    rendered = _markdown.render(text)
    cleaned = nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return cleaned.strip()


_cleaned_remembered = functools.lru_cache(maxsize=REMEMBERED)(_cleaned)


_TAG = re.compile(r"(<[^>]*>)")


def mark_terms(
    cleaned_html: SafeString, terms: dict[str, str], already: set[str]
) -> SafeString:
    """Wrap the first occurrence of each glossary term in already-cleaned HTML in
    ``<span class="gloss-term" data-gloss="ID">``, where ID (made by the portal,
    never by a user) names the element holding the definition.

    Only text between tags is searched, never inside links; matching ignores case
    and whole words only. ``already`` holds the terms marked in earlier paragraphs,
    so a term is marked once per excerpt; it is updated in place.
    """
    if not isinstance(cleaned_html, SafeString):
        raise TypeError("mark_terms takes HTML returned by render_markdown")
    pending = {
        term: target
        for term, target in terms.items()
        if term.strip() and term.lower() not in already
    }
    if not pending:
        return cleaned_html
    # Longer terms first, so "Lend-Lease Act" wins over "Lend-Lease".
    by_text = {html.escape(term, quote=False).lower(): term for term in pending}
    alternatives = "|".join(
        re.escape(text) for text in sorted(by_text, key=len, reverse=True)
    )
    pattern = re.compile(rf"(?<![\w-])({alternatives})(?![\w-])", re.IGNORECASE)

    def wrap(found: re.Match) -> str:
        term = by_text[found.group(1).lower()]
        if term.lower() in already:
            return found.group(0)
        already.add(term.lower())
        target = html.escape(pending[term])
        return f'<span class="gloss-term" data-gloss="{target}">{found.group(1)}</span>'

    parts = _TAG.split(str(cleaned_html))
    in_link = False
    for i, part in enumerate(parts):
        if part.startswith("<"):
            if part.startswith("<a ") or part == "<a>":
                in_link = True
            elif part == "</a>":
                in_link = False
            continue
        if part and not in_link:
            parts[i] = pattern.sub(wrap, part)
    return mark_safe("".join(parts))  # noqa: S308 - only portal-made spans added


# Search snippets arrive with these private-use characters around each match (the
# database's SearchHeadline or the SQLite fallback puts them there); the text between
# is escaped, and only the markers become <mark>.
HIGHLIGHT_START = "\ue000"
HIGHLIGHT_STOP = "\ue001"


def highlight(text: str | None) -> SafeString:
    """Plain text with highlight markers as safe HTML: everything escaped, each
    marked stretch wrapped in <mark>."""
    escaped = html.escape(text or "", quote=True)
    escaped = escaped.replace(HIGHLIGHT_START, "<mark>").replace(
        HIGHLIGHT_STOP, "</mark>"
    )
    # An unbalanced marker (a snippet cut mid-match) must not leave <mark> open.
    if escaped.count("<mark>") != escaped.count("</mark>"):
        escaped = escaped.replace("<mark>", "").replace("</mark>", "")
    return mark_safe(escaped)  # noqa: S308 - escaped just above


_WORDS_AND_SPACES = re.compile(r"\S+|\s+")


def mark_changes(before: str | None, after: str | None) -> SafeString:
    """Plain text ``after`` as safe HTML with what changed since ``before`` marked,
    word by word: words taken out in <del>, words put in in <ins>, everything else
    escaped as it is (a revised answer beside the version it replaces)."""
    old = _WORDS_AND_SPACES.findall(before or "")
    new = _WORDS_AND_SPACES.findall(after or "")
    parts = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(html.escape("".join(new[j1:j2]), quote=True))
            continue
        if i2 > i1:
            parts.append(f"<del>{html.escape(''.join(old[i1:i2]), quote=True)}</del>")
        if j2 > j1:
            parts.append(f"<ins>{html.escape(''.join(new[j1:j2]), quote=True)}</ins>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece escaped above
