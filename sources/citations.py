"""Citations in the Chicago Manual of Style's notes–bibliography form, built from a
source's record. Plain text (templates escape it)."""

import re

from django.utils.formats import date_format

from sources.models import Source

_END = (".", "?", "!", ".\u201d", "?\u201d", "!\u201d", '."', '?"', '!"')
# A quoted title at the start of a stored reference: "Title." or “Title.”
_QUOTED_TITLE = re.compile(r'^\s*["\u201c][^"\u201d]*["\u201d]\.?\s*')


def _sentence(part: str) -> str:
    part = part.strip()
    if not part:
        return ""
    return part if part.endswith(_END) else f"{part}."


def _quoted_title(title: str, closing: str) -> str:
    # Chicago puts the punctuation that follows a quoted title inside the quotes.
    title = title.strip().rstrip(".,")
    return f"\u201c{title}{closing}\u201d"


def _date(source: Source) -> str:
    """Chicago spells the month out: February 11, 1945."""
    if source.date and source.date_precision == Source.DatePrecision.DAY:
        return date_format(source.date, "F j, Y")
    return str(source.date_label)


def _container(source: Source) -> str | None:
    """When the stored citation is already a full reference (it starts with the
    creator), the part after creator and title: where it was published."""
    creator = source.creator.strip().rstrip(".")
    citation = source.citation.strip()
    if not creator or not citation.startswith(creator):
        return None
    rest = citation[len(creator) :].lstrip(".,; ")
    return _QUOTED_TITLE.sub("", rest, count=1).strip()


def _holding(source: Source) -> str:
    holding = ", ".join(p for p in [source.archive, source.archive_identifier] if p)
    return "" if not holding or holding in source.citation else holding


def chicago_bibliography(source: Source) -> str:
    """Creator. "Title." Date. Where published. Archive, identifier. URL."""
    if _container(source) is not None:
        parts = [source.citation]
    else:
        parts = [
            source.creator,
            _quoted_title(source.title, "."),
            _date(source),
            source.citation,
        ]
    parts += [_holding(source), source.url]
    return " ".join(_sentence(str(p)) for p in parts if p and str(p).strip())


def chicago_note(source: Source) -> str:
    """The first, full note: Creator, "Title," date, where published, URL."""
    container = _container(source)
    where = source.citation if container is None else container
    where = where.strip().rstrip(".")
    date = _date(source)
    parts = [
        source.creator.strip().rstrip("."),
        _quoted_title(source.title, ","),
        date if date and date not in where else "",
        where,
        _holding(source),
        source.url,
    ]
    text = ""
    for part in (p for p in parts if p):
        if not text:
            text = part
        elif text.endswith(",\u201d"):
            text = f"{text} {part}"
        else:
            text = f"{text}, {part}"
    return _sentence(text)
