"""A unit as a portable package: the unit, its lessons, the excerpts placed in them
(with their sources, glossaries and themes), the related documents and the prompts.
Nothing about people travels: no owner, co-author, class, assignment or answer."""

import hashlib

from django.db import transaction
from django.utils.text import slugify

from lessons.models import Lesson, Unit
from packages.archive import package_write, picture_member
from packages.models import UnitPackageIdentity
from packages.services.fields import (
    EXCERPT_FIELDS,
    LESSON_FIELDS,
    PROMPT_FIELDS,
    UNIT_FIELDS,
)
from sources.models import Excerpt, Source, Theme
from sources.services import SOURCE_FIELDS


def _excerpt_data(excerpt: Excerpt, files: dict[str, bytes]) -> dict:
    data = {
        "slug": excerpt.slug,
        "order": excerpt.order,
        **{name: getattr(excerpt, name) for name in EXCERPT_FIELDS},
        "language": excerpt.language,
        "glossary": [
            {"term": term.term, "definition": term.definition}
            for term in sorted(excerpt.glossary.all(), key=lambda t: t.term)
        ],
        "translations": [
            {"language": t.language, "text": t.text}
            for t in sorted(excerpt.translations.all(), key=lambda t: t.language)
        ],
    }
    if excerpt.is_image:
        data["kind"] = excerpt.kind
        data["picture"] = _picture_data(excerpt, files)
    return data


def _source_data(
    source: Source, excerpts: list[Excerpt], files: dict[str, bytes]
) -> dict:
    data = {name: getattr(source, name) for name in SOURCE_FIELDS}
    data["date"] = source.date.isoformat() if source.date else None
    data["slug"] = source.slug
    data["themes"] = sorted(theme.slug for theme in source.themes.all())
    data["excerpts"] = [
        _excerpt_data(excerpt, files)
        for excerpt in sorted(excerpts, key=lambda e: (e.order, e.slug))
    ]
    return data


def _lesson_data(lesson: Lesson) -> dict:
    """A lesson (from ``unit_package_export``'s prefetch) as package data; excerpts
    and documents name their source by slug, prompts their excerpts by order."""
    placements = sorted(lesson.lesson_excerpts.all(), key=lambda p: p.order)
    documents = sorted(lesson.lesson_sources.all(), key=lambda d: d.order)
    order_of = {placement.pk: placement.order for placement in placements}
    return {
        "order": lesson.order,
        **{name: getattr(lesson, name) for name in LESSON_FIELDS},
        "excerpts": [
            {
                "order": p.order,
                "source": p.excerpt.source.slug,
                "excerpt": p.excerpt.slug,
                "teacher_note": p.teacher_note,
            }
            for p in placements
        ],
        "documents": [{"order": d.order, "source": d.source.slug} for d in documents],
        "prompts": [
            {
                "order": prompt.order,
                **{name: getattr(prompt, name) for name in PROMPT_FIELDS},
                "refers_to": sorted(
                    order_of[p.pk] for p in prompt.lesson_excerpts.all()
                ),
            }
            for prompt in sorted(lesson.prompts.all(), key=lambda p: p.order)
        ],
    }


def _library_used(lessons: list[Lesson]) -> tuple[dict[int, Excerpt], list[Source]]:
    """The excerpts the lessons place, and the sources they come from or list as
    documents (sorted by slug)."""
    excerpts: dict[int, Excerpt] = {}
    sources: dict[int, Source] = {}
    for lesson in lessons:
        for placement in lesson.lesson_excerpts.all():
            excerpts[placement.excerpt_id] = placement.excerpt
            sources[placement.excerpt.source_id] = placement.excerpt.source
        for document in lesson.lesson_sources.all():
            sources[document.source_id] = document.source
    return excerpts, sorted(sources.values(), key=lambda s: s.slug)


def _library_data(
    sources: list[Source], excerpts: dict[int, Excerpt], files: dict[str, bytes]
) -> dict:
    themes: list[Theme] = sorted(
        {t.slug: t for s in sources for t in s.themes.all()}.values(),
        key=lambda t: t.slug,
    )
    return {
        "themes": [{"slug": t.slug, "name": t.name} for t in themes],
        "sources": [
            _source_data(
                source,
                [e for e in excerpts.values() if e.source_id == source.pk],
                files,
            )
            for source in sources
        ],
    }


def _picture_data(excerpt: Excerpt, files: dict[str, bytes]) -> dict:
    """An image excerpt's picture: its words and facts in the data, its bytes (as
    stored) in a member of its own named by their checksum."""
    image = excerpt.image
    with image.original.open("rb") as stored:
        data = stored.read()
    extension = image.original.name.rsplit(".", 1)[-1]
    name = picture_member(hashlib.sha256(data).hexdigest(), extension)
    files[name] = data
    return {
        "file": name,
        "alt_text": image.alt_text,
        "caption": image.caption,
        "page": image.page,
        "uploaded_format": image.uploaded_format,
    }


@transaction.atomic
def unit_package_export(*, unit: Unit) -> bytes:
    """The unit as a package file (zip bytes). Gives the unit its package identity
    the first time, so later exports and imports of it stay one unit."""
    identity, _created = UnitPackageIdentity.objects.get_or_create(unit=unit)
    lessons = list(
        unit.lessons.order_by("order").prefetch_related(
            "lesson_excerpts__excerpt__source",
            "lesson_excerpts__excerpt__image",
            "lesson_excerpts__excerpt__glossary",
            "lesson_excerpts__excerpt__translations",
            "lesson_sources__source",
            "prompts__lesson_excerpts",
        )
    )
    lesson_data = [_lesson_data(lesson) for lesson in lessons]
    excerpts, sources = _library_used(lessons)
    files: dict[str, bytes] = {}
    library = _library_data(sources, excerpts, files)
    unit_data = {
        "unit": {
            "package_id": str(identity.package_id),
            "slug": unit.slug,
            **{name: getattr(unit, name) for name in UNIT_FIELDS},
        },
        "lessons": lesson_data,
    }
    counts = {
        "lessons": len(lesson_data),
        "prompts": sum(len(item["prompts"]) for item in lesson_data),
        "excerpts": len(excerpts),
        "sources": len(sources),
        "glossary_terms": sum(
            len(e["glossary"]) for s in library["sources"] for e in s["excerpts"]
        ),
        "themes": len(library["themes"]),
    }
    return package_write(
        members={"unit.json": unit_data, "library.json": library},
        files=files,
        summary={
            "unit": {"title": unit.title, "package_id": str(identity.package_id)},
            "counts": counts,
        },
    )


def package_filename(unit: Unit) -> str:
    base = unit.slug or slugify(unit.title)[:60] or f"unit-{unit.pk}"
    return f"{base}.unit.zip"
