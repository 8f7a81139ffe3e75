"""The unit that ships with the portal (fixtures/content/alliance_unit.yaml), loaded
by ``manage.py load_alliance_unit`` after ``load_alliance_sources``.

The unit is shared (no owner) and published: every teacher can read and copy it,
only admins change it. Loading again puts it back as shipped, updating rows in place
(lessons, placements and prompts are matched by position), so anything that points
at them keeps pointing at the same rows; copies teachers made are never touched.
"""

from pathlib import Path

import yaml
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from lessons.models import Lesson, LessonExcerpt, LessonSource, Prompt, Unit
from lessons.services import unit_create, unit_publish, unit_update
from sources.models import Excerpt, Source

UNIT_FILE = Path(settings.BASE_DIR) / "fixtures" / "content" / "alliance_unit.yaml"


def load_unit_plan(path: Path = UNIT_FILE) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _excerpt(source_slug: str, excerpt_slug: str) -> Excerpt:
    try:
        return Excerpt.objects.select_related("source").get(
            source__slug=source_slug, slug=excerpt_slug, owner__isnull=True
        )
    except Excerpt.DoesNotExist:
        raise ImproperlyConfigured(
            f"The library has no shipped excerpt {source_slug}/{excerpt_slug}: "
            "run `manage.py load_alliance_sources` first."
        ) from None


def _source(slug: str) -> Source:
    try:
        return Source.objects.get(slug=slug, owner__isnull=True)
    except Source.DoesNotExist:
        raise ImproperlyConfigured(
            f"The library has no shared source {slug!r}: "
            "run `manage.py load_alliance_sources` first."
        ) from None


def _sync(model, parent_filter: dict, wanted: list[dict], key: str = "") -> list:
    """Make the rows under a parent exactly ``wanted`` (field dicts, in order,
    numbered from 1), updating existing rows in place: the row already holding the
    same ``key`` value (an excerpt, a source) when there is one, else by position."""
    existing = list(model.objects.filter(**parent_filter).order_by("order"))
    # Park every existing row out of the way so new numbers never collide.
    top = max([row.order for row in existing], default=0) + len(wanted) + 1
    for offset, row in enumerate(existing):
        model.objects.filter(pk=row.pk).update(order=top + offset)
    by_key = {getattr(row, key): row for row in existing} if key else {}
    claimed: dict[int, object] = {}
    for index, fields in enumerate(wanted):
        value = (
            getattr(fields.get(key.removesuffix("_id")), "pk", None) if key else None
        )
        if value in by_key:
            claimed[index] = by_key.pop(value)
    spare = [row for row in existing if row not in claimed.values()]
    spare = [row for row in spare if not key or getattr(row, key) in by_key]
    rows = []
    for index, fields in enumerate(wanted):
        row = claimed.get(index) or (spare.pop(0) if spare else model(**parent_filter))
        for name, value in {**fields, "order": index + 1}.items():
            setattr(row, name, value)
        row.full_clean()
        row.save()
        rows.append(row)
    for row in existing:
        if row not in rows:
            row.delete()
    return rows


def _shared_unit(data: dict) -> Unit:
    """The shipped unit, created or refreshed from the plan's unit section: shared
    (no owner) and published."""
    fields = {
        "essential_question": data.get("essential_question", "").strip(),
        "overview": data.get("overview", "").strip(),
        "grade_band": data.get("grade_band", ""),
    }
    unit = Unit.objects.filter(slug=data["slug"]).first()
    if unit is None:
        unit = unit_create(owner=None, title=data["title"], **fields)
        unit.slug = data["slug"]
        unit.save(update_fields=["slug"])
    else:
        unit = unit_update(unit=unit, title=data["title"], **fields)
        if unit.owner_id is not None:
            unit.owner = None
            unit.save(update_fields=["owner"])
    unit_publish(unit=unit)
    return unit


def _sync_lesson_contents(lesson: Lesson, item: dict) -> None:
    """A lesson's excerpts, documents and prompts exactly as the plan lists them."""
    placed = _sync(
        LessonExcerpt,
        {"lesson": lesson},
        [
            {
                "excerpt": _excerpt(ref["source"], ref["excerpt"]),
                "teacher_note": (ref.get("note") or "").strip(),
            }
            for ref in item.get("excerpts", [])
        ],
        key="excerpt_id",
    )
    by_slug = {row.excerpt.slug: row for row in placed}
    _sync(
        LessonSource,
        {"lesson": lesson},
        [{"source": _source(slug)} for slug in item.get("documents", [])],
        key="source_id",
    )
    prompts = _sync(
        Prompt,
        {"lesson": lesson},
        [
            {
                "text": " ".join(p["text"].split()),
                "skill": p["skill"],
                "kind": p.get("kind", Prompt.Kind.ANSWER),
                # An evidence grid's sub-questions (its columns), one a line.
                "grid_questions": "\n".join(p.get("grid_questions", [])),
                "min_citations": p.get("min_citations", 1),
                "essay_thesis_required": p.get("essay_thesis_required", True),
                "essay_min_documents": p.get("essay_min_documents", 0),
                "essay_min_sourced": p.get("essay_min_sourced", 0),
            }
            for p in item["prompts"]
        ],
    )
    for prompt, spec in zip(prompts, item["prompts"], strict=True):
        prompt.lesson_excerpts.set(by_slug[slug] for slug in spec.get("refers_to", []))


@transaction.atomic
def load_alliance_unit(path: Path = UNIT_FILE) -> Unit:
    """Create or refresh the shipped unit; returns it."""
    plan = load_unit_plan(path)
    unit = _shared_unit(plan["unit"])
    lessons = _sync(
        Lesson,
        {"unit": unit},
        [
            {
                "title": item["title"],
                "objectives": (item.get("objectives") or "").strip(),
                "instructions": (item.get("instructions") or "").strip(),
                "estimated_minutes": item.get("estimated_minutes"),
                "source_first": bool(item.get("source_first", False)),
            }
            for item in plan["lessons"]
        ],
    )
    for lesson, item in zip(lessons, plan["lessons"], strict=True):
        _sync_lesson_contents(lesson, item)
    return unit
