"""Reads for unit and lesson pages. Each takes the viewer (or works on an object the
view already fetched through permissions.py) and fetches what the page shows in a
fixed number of queries, however many lessons, excerpts and prompts there are."""

import copy
from dataclasses import dataclass, field
from datetime import date

from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    QuerySet,
    prefetch_related_objects,
)

from lessons.kept import with_students_content
from lessons.models import Lesson, LessonExcerpt, LessonSource, Prompt, Unit
from lessons.permissions import units_visible_to
from portal.search import Stored, search, snippet_of
from sources.citations import chicago_bibliography
from sources.models import Excerpt, ExcerptTranslation, GlossaryTerm, Source
from sources.permissions import excerpts_visible_to, sources_visible_to

PICKER_LIMIT = 20


@dataclass
class UnitLists:
    mine: list[Unit]
    co_authored: list[Unit]
    shared: list[Unit]


def units_for_teacher(*, user) -> UnitLists:
    """The unit list page: the viewer's own units, those they co-author, and the
    published units of others (including the shared, shipped ones)."""
    visible = (
        units_visible_to(user)
        .select_related("owner")
        .annotate(lesson_count=Count("lessons", distinct=True))
        .order_by("-updated_at", "pk")
    )
    co_authored = Unit.co_authors.through.objects.filter(user=user).values("unit_id")
    mine = visible.filter(owner=user)
    co = visible.filter(pk__in=co_authored).exclude(owner=user)
    shared = (
        visible.filter(status=Unit.Status.PUBLISHED)
        .exclude(owner=user)
        .exclude(pk__in=co_authored)
        .order_by("title", "pk")
    )
    return UnitLists(mine=list(mine), co_authored=list(co), shared=list(shared))


def _lessons_prefetch(*, with_glossary: bool = False) -> Prefetch:
    excerpts = LessonExcerpt.objects.select_related(
        "excerpt__source", "excerpt__image"
    ).order_by("order")
    if with_glossary:
        excerpts = excerpts.prefetch_related(
            Prefetch(
                "excerpt__glossary", queryset=GlossaryTerm.objects.order_by("term")
            ),
            "excerpt__translations",
        )
    return Prefetch(
        "lessons",
        queryset=Lesson.objects.order_by("order").prefetch_related(
            Prefetch("lesson_excerpts", queryset=excerpts),
            Prefetch("prompts", queryset=Prompt.objects.order_by("order")),
            Prefetch(
                "lesson_sources",
                queryset=LessonSource.objects.select_related("source").order_by(
                    "order"
                ),
            ),
        ),
    )


def unit_for_page(*, user, unit: Unit) -> Unit:
    """A unit with its lessons, their excerpts (with sources), prompts and related
    documents, and its co-authors: six queries, whatever the unit's size."""
    return (
        units_visible_to(user)
        .filter(pk=unit.pk)
        .select_related("owner", "copied_from")
        .prefetch_related("co_authors", _lessons_prefetch())
        .get()
    )


@dataclass
class Citation:
    source: Source
    text: str
    lessons: list[int] = field(default_factory=list)


def unit_sources(unit: Unit) -> list[Citation]:
    """Every source the unit draws on (its excerpts' sources and its related
    documents), once each, with the lesson numbers that use it. Works on a unit from
    ``unit_for_page`` without further queries."""
    found: dict[int, Citation] = {}
    for lesson in unit.lessons.all():
        sources = [item.excerpt.source for item in lesson.lesson_excerpts.all()]
        sources += [item.source for item in lesson.lesson_sources.all()]
        for source in sources:
            entry = found.get(source.pk)
            if entry is None:
                entry = found[source.pk] = Citation(
                    source=source, text=chicago_bibliography(source)
                )
            if lesson.order not in entry.lessons:
                entry.lessons.append(lesson.order)
    return list(found.values())


def unit_bibliography(unit: Unit) -> list[Citation]:
    """The unit's sources as a bibliography: deduplicated, sorted by citation."""
    return sorted(unit_sources(unit), key=lambda c: (c.text.casefold(), c.source.pk))


def unit_timeline(unit: Unit) -> list[Citation]:
    """The unit's dated sources in date order (undated ones are left out)."""
    dated = [c for c in unit_sources(unit) if c.source.date is not None]
    return sorted(dated, key=lambda c: (c.source.date or date.min, c.source.title))


def _unprefetched(lesson: Lesson) -> Lesson:
    """A copy of the lesson without what was prefetched onto it before, so that
    an earlier call's rows are never taken for fresh."""
    lesson = copy.copy(lesson)
    lesson.__dict__.pop("_prefetched_objects_cache", None)
    return lesson


def _fetch_students_content(lesson: Lesson) -> None:
    prefetch_related_objects(
        [lesson],
        Prefetch(
            "lesson_excerpts",
            queryset=LessonExcerpt.objects.select_related(
                "excerpt__source", "excerpt__image"
            ).order_by("order"),
        ),
        Prefetch(
            "lesson_excerpts__excerpt__glossary",
            queryset=GlossaryTerm.objects.order_by("term"),
        ),
        Prefetch(
            "lesson_excerpts__excerpt__translations",
            queryset=ExcerptTranslation.objects.order_by("language"),
        ),
        Prefetch(
            "prompts",
            queryset=Prompt.objects.order_by("order").prefetch_related(
                Prefetch(
                    "lesson_excerpts",
                    queryset=LessonExcerpt.objects.select_related("excerpt").order_by(
                        "order"
                    ),
                )
            ),
        ),
        Prefetch(
            "lesson_sources",
            queryset=LessonSource.objects.select_related("source").order_by("order"),
        ),
    )


def lesson_for_students(*, lesson: Lesson) -> Lesson:
    """The lesson with everything a student sees, fetched onto it: its excerpts in
    order (with source, glossary and translations), its prompts (with the
    excerpts they refer to) and its related documents: six queries, none for the
    lesson itself (the caller has it, with its unit when it needs it); on
    PostgreSQL one while the lesson's rows are unchanged (lessons.kept). The lesson
    must already be authorized for the viewer (the preview here, an assignment
    later). The translations and glossary are ordered by their own fields: their
    default ordering would join the source of every excerpt to sort."""
    lesson = _unprefetched(lesson)
    with_students_content(lesson, _fetch_students_content)
    return lesson


def lesson_for_editor(*, lesson: Lesson) -> Lesson:
    """The lesson editor shows the same things as students see, plus notes; read
    each time (the editor is where they change, and follows every change)."""
    lesson = _unprefetched(lesson)
    _fetch_students_content(lesson)
    return lesson


@dataclass(frozen=True)
class PickerResult:
    excerpt: Excerpt
    snippet: str


def excerpts_for_picker(*, user, lesson: Lesson, query: str) -> list[PickerResult]:
    """Library excerpts the viewer may use that match ``query`` (the one search of
    ``portal.search``, over the excerpt's title and text and its source's title and
    creator), leaving out those already in the lesson. Title matches first; at most
    PICKER_LIMIT."""
    if not query.strip():
        return []
    candidates = (
        excerpts_visible_to(user)
        .select_related("source")
        .exclude(
            Exists(LessonExcerpt.objects.filter(lesson=lesson, excerpt=OuterRef("pk")))
        )
    )
    found = search(
        candidates,
        query,
        fields={
            "A": ["title", "source__title"],
            "B": ["source__creator"],
            "D": ["text"],
        },
        snippet_from=F("text"),
        then=("source__date", "source__title", "order"),
        # PostgreSQL: the excerpt's stored vector (title A, text D) and its
        # source's (title A, creator B; headnote and citation C as well).
        stored=Stored(own=("search_vector", "source__search_vector")),
    )[:PICKER_LIMIT]
    return [
        PickerResult(excerpt=e, snippet=snippet_of(e, query, or_opening=True))
        for e in found
    ]


def sources_for_lesson_picker(*, user, lesson: Lesson) -> QuerySet:
    """Library sources the viewer may list as related documents, minus those
    already listed."""
    return (
        sources_visible_to(user)
        .exclude(
            Exists(LessonSource.objects.filter(lesson=lesson, source=OuterRef("pk")))
        )
        .order_by("date", "title")
    )


def skills_of(lesson: Lesson) -> list[tuple[str, str]]:
    """(value, label) of each skill a lesson's prompts exercise, once each, in the
    order of the prompts (from prefetched prompts)."""
    seen: dict[str, str] = {}
    for prompt in lesson.prompts.all():
        seen.setdefault(prompt.skill, prompt.get_skill_display())
    return list(seen.items())


@dataclass(frozen=True)
class LessonRow:
    """A lesson on its unit's page, with the skills its prompts exercise."""

    lesson: Lesson
    skills: list[tuple[str, str]]


def lesson_rows(unit: Unit) -> list[LessonRow]:
    """The lessons of a unit from ``unit_for_page``, in order, without further
    queries."""
    return [
        LessonRow(lesson=lesson, skills=skills_of(lesson))
        for lesson in unit.lessons.all()
    ]


def skills_in_unit(unit: Unit) -> list[tuple[str, str, int]]:
    """(value, label, count) of each skill the unit's prompts exercise, from a unit
    fetched by ``unit_for_page``."""
    counts: dict[str, int] = {}
    for lesson in unit.lessons.all():
        for prompt in lesson.prompts.all():
            counts[prompt.skill] = counts.get(prompt.skill, 0) + 1
    return [
        (value, label, counts[value])
        for value, label in Prompt.Skill.choices
        if value in counts
    ]
