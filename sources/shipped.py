"""The library content that ships with the portal (fixtures/content/), loaded by
``manage.py load_alliance_sources``. Loading twice leaves one copy of everything:
records are matched by slug and updated in place."""

from dataclasses import dataclass
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction

from sources.models import Excerpt, Source, Theme, split_paragraphs
from sources.services import (
    excerpt_create,
    excerpt_update,
    parse_year_date,
    source_create,
    source_update,
    theme_ensure,
)

CONTENT_DIR = Path(settings.BASE_DIR) / "fixtures" / "content"
PLAN_FILE = "alliance_excerpts.yaml"
CATALOG_FILE = "catalog.yaml"
# Whose view each shipped source gives, by slug (kept apart from the catalogue,
# which is a byte-for-byte copy of the shared one).
PERSPECTIVES_FILE = "perspectives.yaml"


@dataclass
class Document:
    """A text file: its front matter (may be empty) and its paragraph blocks."""

    meta: dict
    paragraphs: list[str]


def read_document(path: Path) -> Document:
    """Front matter between the first two ``---`` lines, if any; then the text,
    one paragraph per block."""
    text = path.read_text(encoding="utf-8")
    meta: dict = {}
    if text.startswith("---\n"):
        _, front, text = text.split("---\n", 2)
        meta = yaml.safe_load(front) or {}
    return Document(meta=meta, paragraphs=split_paragraphs(text))


def load_plan(content_dir: Path = CONTENT_DIR) -> dict:
    return yaml.safe_load((content_dir / PLAN_FILE).read_text(encoding="utf-8"))


def _upsert_source(*, slug: str, themes: list[Theme], fields: dict) -> Source:
    source = Source.objects.filter(slug=slug).first()
    if source is None:
        return source_create(owner=None, slug=slug, themes=themes, **fields)
    return source_update(source=source, themes=themes, **fields)


def _upsert_excerpts(source: Source, document: Document, plans: list[dict]) -> None:
    wanted = {plan["slug"] for plan in plans}
    # Shipped passages that left the plan go; teachers' own passages stay.
    source.excerpts.filter(owner__isnull=True).exclude(slug__in=wanted).delete()
    for order, plan in enumerate(plans, start=1):
        first, last = int(plan["from"]), int(plan["to"])
        if not 1 <= first <= last <= len(document.paragraphs):
            raise ValueError(
                f"{source.slug}/{plan['slug']}: paragraphs {first}-{last} "
                f"outside 1-{len(document.paragraphs)}"
            )
        text = "\n\n".join(document.paragraphs[first - 1 : last])
        glossary = list((plan.get("glossary") or {}).items())
        existing = source.excerpts.filter(slug=plan["slug"]).first()
        # Keep the shipped order: move a teacher's passage out of the way if needed.
        blocking = source.excerpts.filter(order=order)
        if existing is not None:
            blocking = blocking.exclude(pk=existing.pk)
        for other in blocking:
            top = max(source.excerpts.values_list("order", flat=True))
            other.order = top + 1
            other.save(update_fields=["order"])
        if existing is None:
            excerpt_create(
                source=source,
                owner=None,
                slug=plan["slug"],
                order=order,
                title=plan["title"],
                text=text,
                adapted_text=plan.get("adapted", "") or "",
                glossary=glossary,
            )
        else:
            if existing.order != order:
                existing.order = order
                existing.save(update_fields=["order"])
            excerpt_update(
                excerpt=existing,
                title=plan["title"],
                text=text,
                adapted_text=plan.get("adapted", "") or "",
                glossary=glossary,
            )


def _record(data: dict, *, kind: str, is_primary: bool, **more) -> dict:
    """A source's record from shipped data (front matter, plan or catalogue): what
    every kind has, plus ``more``."""
    date, precision = parse_year_date(data.get("date"))
    return {
        "title": data["title"],
        "creator": data.get("creator", ""),
        "date": date,
        "date_precision": precision,
        "kind": data.get("kind", kind),
        "is_primary": is_primary,
        "citation": data.get("citation", ""),
        **more,
    }


def _reading_fields(meta: dict, reading: dict) -> dict:
    """A shipped essay's record: its front matter, the plan's headnote, address and
    note on the date."""
    return _record(
        meta,
        kind=Source.Kind.ESSAY,
        is_primary=False,
        rights=meta.get("rights", ""),
        url=reading.get("url", ""),
        headnote=reading["headnote"],
        # An undated essay says so, and why, where students read it.
        date_note=meta.get("date_note") or reading.get("date_note", ""),
    )


def _page_fields(page: dict) -> dict:
    """A shipped web page's record, all from the plan."""
    return _record(
        page,
        kind=Source.Kind.WEB_PAGE,
        is_primary=bool(page.get("is_primary", False)),
        date_note=page.get("date_note", ""),
        rights=page.get("rights", ""),
        url=page.get("url", ""),
        headnote=page["headnote"],
    )


def _catalog_fields(record: dict, extra: dict) -> dict:
    """A catalogued primary source's record, with the plan's notes on it."""
    return _record(
        record,
        kind=Source.Kind.OTHER,
        is_primary=True,
        date_note=record.get("date_note", ""),
        archive=record.get("archive", ""),
        url=record.get("url", ""),
        rights=extra.get("rights", ""),
        headnote=extra.get("headnote", ""),
    )


@transaction.atomic
def load_alliance_library(content_dir: Path = CONTENT_DIR) -> dict[str, int]:
    """Load (or refresh) the shipped library; returns how many of each were loaded."""
    plan = load_plan(content_dir)
    themes = {
        item["slug"]: theme_ensure(slug=item["slug"], name=item["name"])
        for item in plan["themes"]
    }
    counts = {"themes": len(themes), "sources": 0, "excerpts": 0}
    perspectives = yaml.safe_load((content_dir / PERSPECTIVES_FILE).read_text("utf-8"))

    # Essays (front matter in the file) and web pages (all in the plan), with passages.
    texts = [
        (reading, read_document(content_dir / reading["file"]))
        for reading in plan["readings"]
    ]
    documents = [
        (item, document, _reading_fields(document.meta, item))
        for item, document in texts
    ]
    documents += [
        (page, read_document(content_dir / page["file"]), _page_fields(page))
        for page in plan["pages"]
    ]
    for item, document, fields in documents:
        source = _upsert_source(
            slug=item["slug"],
            themes=[themes[t] for t in item.get("themes", [])],
            fields={**fields, "perspective": perspectives.get(item["slug"], "")},
        )
        _upsert_excerpts(source, document, item["excerpts"])
        counts["sources"] += 1
        counts["excerpts"] += len(item["excerpts"])

    # The catalogue of primary sources: records only.
    catalog = yaml.safe_load((content_dir / CATALOG_FILE).read_text("utf-8"))
    notes = plan.get("catalog", {})
    for record in catalog:
        extra = notes.get(record["slug"], {})
        _upsert_source(
            slug=record["slug"],
            themes=[themes[t] for t in extra.get("themes", [])],
            fields={
                **_catalog_fields(record, extra),
                "perspective": perspectives.get(record["slug"], ""),
            },
        )
        counts["sources"] += 1
    return counts


def shipped_excerpt(source_slug: str, excerpt_slug: str) -> Excerpt:
    """A shipped passage by its (source slug, excerpt slug), for other apps' content."""
    return Excerpt.objects.get(
        source__slug=source_slug, slug=excerpt_slug, owner__isnull=True
    )
