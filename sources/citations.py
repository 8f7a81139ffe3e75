"""Citations in the Chicago Manual of Style's notes–bibliography form, built from a
source's record. Plain text (the template escapes it)."""

from sources.models import Source


def _sentence(part: str) -> str:
    part = part.strip()
    if not part:
        return ""
    return part if part[-1] in ".?!" else f"{part}."


def _quoted_title(title: str, closing: str) -> str:
    # Chicago puts the punctuation that follows a quoted title inside the quotes.
    title = title.strip().rstrip(".,")
    return f"\u201c{title}{closing}\u201d"


def _already_names(source: Source) -> bool:
    """A stored citation that already starts with the creator is a full reference."""
    creator = source.creator.strip().rstrip(".")
    return bool(creator) and source.citation.strip().startswith(creator)


def chicago_bibliography(source: Source) -> str:
    """The bibliography entry: Creator. "Title." Date. Where published. Archive,
    identifier. URL."""
    if _already_names(source):
        parts = [source.citation]
    else:
        parts = [
            source.creator,
            _quoted_title(source.title, "."),
            source.date_label,
            source.citation,
        ]
    holding = ", ".join(p for p in [source.archive, source.archive_identifier] if p)
    if holding and holding not in source.citation:
        parts.append(holding)
    parts.append(source.url)
    return " ".join(_sentence(str(p)) for p in parts if p and str(p).strip())


def chicago_note(source: Source) -> str:
    """The first full note: Creator, "Title," date, where published, URL."""
    if _already_names(source):
        body = [source.citation.strip().rstrip(".")]
    else:
        body = [
            source.creator.strip().rstrip("."),
            _quoted_title(source.title, ","),
            str(source.date_label),
            source.citation.strip().rstrip("."),
        ]
    body.append(source.url)
    text = ""
    for part in (p for p in body if p):
        if not text:
            text = part
        elif text.endswith(",\u201d"):
            text = f"{text} {part}"
        else:
            text = f"{text}, {part}"
    return _sentence(text)
