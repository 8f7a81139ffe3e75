"""Changes to units and lessons: one function per action, used by views, admin
actions, the shipped-unit loader and tests alike."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, ProtectedError, QuerySet
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import colleague_find
from lessons.models import (
    Lesson,
    LessonExcerpt,
    LessonSource,
    Prompt,
    Unit,
    grid_questions_split,
)
from sources.models import Excerpt, Source
from sources.services import PrivateCopies

UNIT_FIELDS = ["title", "essential_question", "overview", "grade_band"]
LESSON_FIELDS = [
    "title",
    "objectives",
    "instructions",
    "estimated_minutes",
    "source_first",
]
# The document-based essay's rules (see Prompt.clean).
ESSAY_RULE_FIELDS = [
    "essay_thesis_required",
    "essay_min_documents",
    "essay_min_sourced",
]
PROMPT_FIELDS = [
    "text",
    "kind",
    "skill",
    "min_citations",
    "grid_questions",
    *ESSAY_RULE_FIELDS,
]


# --- ordering helpers ------------------------------------------------------------


def _next_order(siblings: QuerySet) -> int:
    return (siblings.aggregate(top=Max("order"))["top"] or 0) + 1


def _move(item, siblings: QuerySet, direction: str) -> bool:
    """Swap ``item`` with its neighbour above ("up") or below ("down"). Returns
    whether it moved. The swap goes through a free order number so the unique
    (parent, order) constraint holds at every step."""
    if direction not in {"up", "down"}:
        raise ValueError(f"direction must be up or down, not {direction!r}")
    # Lock the parent's items (in a fixed order, so two editors cannot deadlock),
    # then read the current numbers: the caller's copy may be stale.
    rows = list(
        siblings.select_for_update().order_by("order").values_list("pk", "order")
    )
    numbers = [order for pk, order in rows]
    positions = [pk for pk, order in rows]
    if item.pk not in positions:
        return False
    index = positions.index(item.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(rows):
        return False
    model = type(item)
    mine, theirs = numbers[index], numbers[other]
    free = max(numbers) + 1
    model.objects.filter(pk=item.pk).update(order=free)
    model.objects.filter(pk=positions[other]).update(order=mine)
    model.objects.filter(pk=item.pk).update(order=theirs)
    item.order = theirs
    return True


def _close_gap(siblings: QuerySet, removed_order: int) -> None:
    """Renumber the items after a removed one, so orders stay 1..n."""
    for pk in (
        siblings.filter(order__gt=removed_order)
        .order_by("order")
        .values_list("pk", flat=True)
    ):
        siblings.filter(pk=pk).update(order=F("order") - 1)


def _set_fields(obj, allowed: list[str], fields: dict) -> list[str]:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(obj, name, value)
    return list(fields)


# --- units -----------------------------------------------------------------------


@transaction.atomic
def unit_create(*, owner, title: str, **fields) -> Unit:
    """A new draft unit owned by ``owner`` (None: a shared unit, admins only)."""
    unit = Unit(owner=owner, title=title)
    _set_fields(unit, UNIT_FIELDS, fields)
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def unit_update(*, unit: Unit, **fields) -> Unit:
    """Change a unit's title, question, overview or grade band."""
    names = _set_fields(unit, UNIT_FIELDS, fields)
    unit.full_clean()
    unit.save(update_fields=[*names, "updated_at"])
    return unit


@transaction.atomic
def unit_publish(*, unit: Unit) -> Unit:
    """Publish a unit: every teacher can now see and copy it."""
    unit.status = Unit.Status.PUBLISHED
    unit.full_clean()
    unit.save(update_fields=["status", "updated_at"])
    return unit


@transaction.atomic
def unit_unpublish(*, unit: Unit) -> Unit:
    """Back to draft: only its authors see it. Existing copies are untouched."""
    unit.status = Unit.Status.DRAFT
    unit.full_clean()
    unit.save(update_fields=["status", "updated_at"])
    return unit


@transaction.atomic
def unit_delete(*, unit: Unit) -> None:
    """Remove a unit with its lessons; copies made from it stay (unlinked). A unit
    whose lessons were assigned to a class stays: students' work depends on it."""
    try:
        unit.delete()
    except ProtectedError:
        raise ValidationError(
            _(
                "Lessons of this unit were assigned to a class, so it cannot be deleted."
            ),
            code="in_use",
        ) from None


@transaction.atomic
def unit_co_author_add(*, unit: Unit, username: str) -> User:
    """Let another teacher edit the unit (an active teacher or admin account, see
    ``accounts.services.colleague_find``); returns them."""
    user = colleague_find(username=username)
    if user.pk == unit.owner_id:
        raise ValidationError(_("The owner already edits this unit."), code="owner")
    unit.co_authors.add(user)
    return user


@transaction.atomic
def unit_co_author_remove(*, unit: Unit, user) -> None:
    unit.co_authors.remove(user)


def _lesson_copy(lesson: Lesson, *, unit: Unit, private: PrivateCopies) -> Lesson:
    """One lesson of ``unit_copy``: its placements, related documents and prompts
    (each prompt pointing at the copy's own placements)."""
    new_lesson = Lesson.objects.create(
        unit=unit,
        order=lesson.order,
        title=lesson.title,
        objectives=lesson.objectives,
        instructions=lesson.instructions,
        estimated_minutes=lesson.estimated_minutes,
        source_first=lesson.source_first,
    )
    placed = {}
    for item in lesson.lesson_excerpts.all():
        placed[item.pk] = LessonExcerpt.objects.create(
            lesson=new_lesson,
            excerpt=private.excerpt(item.excerpt),
            order=item.order,
            teacher_note=item.teacher_note,
        )
    LessonSource.objects.bulk_create(
        LessonSource(
            lesson=new_lesson, source=private.source(item.source), order=item.order
        )
        for item in lesson.lesson_sources.all()
    )
    for prompt in lesson.prompts.all():
        new_prompt = Prompt.objects.create(
            lesson=new_lesson,
            order=prompt.order,
            text=prompt.text,
            skill=prompt.skill,
            kind=prompt.kind,
            min_citations=prompt.min_citations,
            grid_questions=prompt.grid_questions,
        )
        new_prompt.lesson_excerpts.set(
            placed[item.pk] for item in prompt.lesson_excerpts.all()
        )
    return new_lesson


@transaction.atomic
def unit_copy(*, unit: Unit, owner, title: str = "") -> Unit:
    """A deep copy of ``unit`` owned by ``owner``: a draft with its own lessons,
    excerpt placements, prompts and related documents, linked to the original by
    ``copied_from``. The shared library's sources and passages are shared, not
    copied; the author's private ones are copied for ``owner``
    (``sources.services.PrivateCopies``), so the author can still change or delete
    theirs and the copy keeps its text whatever the author does. Changing the copy
    never touches the original."""
    copy = Unit(
        owner=owner,
        title=title or _("%(title)s (copy)") % {"title": unit.title},
        essential_question=unit.essential_question,
        overview=unit.overview,
        grade_band=unit.grade_band,
        status=Unit.Status.DRAFT,
        copied_from=unit,
    )
    copy.title = copy.title[: Unit._meta.get_field("title").max_length]
    copy.full_clean()
    copy.save()
    lessons = unit.lessons.order_by("order").prefetch_related(
        "lesson_excerpts__excerpt__source",
        "lesson_sources__source",
        "prompts__lesson_excerpts",
    )
    private = PrivateCopies(owner)
    for lesson in lessons:
        _lesson_copy(lesson, unit=copy, private=private)
    return copy


# --- lessons ---------------------------------------------------------------------


@transaction.atomic
def lesson_create(*, unit: Unit, title: str, **fields) -> Lesson:
    """Add a lesson at the end of the unit."""
    lesson = Lesson(unit=unit, title=title, order=_next_order(unit.lessons.all()))
    _set_fields(lesson, LESSON_FIELDS, fields)
    lesson.full_clean()
    lesson.save()
    return lesson


@transaction.atomic
def lesson_update(*, lesson: Lesson, **fields) -> Lesson:
    names = _set_fields(lesson, LESSON_FIELDS, fields)
    lesson.full_clean()
    lesson.save(update_fields=[*names, "updated_at"])
    return lesson


@transaction.atomic
def lesson_move(*, lesson: Lesson, direction: str) -> bool:
    """Move a lesson one place earlier ("up") or later ("down") in its unit."""
    return _move(lesson, Lesson.objects.filter(unit_id=lesson.unit_id), direction)


@transaction.atomic
def lesson_delete(*, lesson: Lesson) -> None:
    """Remove a lesson with its excerpt placements and prompts (not once it has
    been assigned: students' work depends on it)."""
    siblings, order = Lesson.objects.filter(unit_id=lesson.unit_id), lesson.order
    try:
        lesson.delete()
    except ProtectedError:
        raise ValidationError(
            _("This lesson was assigned to a class, so it cannot be deleted."),
            code="in_use",
        ) from None
    _close_gap(siblings, order)


# --- excerpts in a lesson --------------------------------------------------------


@transaction.atomic
def lesson_excerpt_add(
    *, lesson: Lesson, excerpt: Excerpt, teacher_note: str = ""
) -> LessonExcerpt:
    """Place a library excerpt at the end of the lesson (once per lesson)."""
    if lesson.lesson_excerpts.filter(excerpt=excerpt).exists():
        raise ValidationError(
            _("This excerpt is already in the lesson."), code="duplicate"
        )
    item = LessonExcerpt(
        lesson=lesson,
        excerpt=excerpt,
        teacher_note=teacher_note,
        order=_next_order(lesson.lesson_excerpts.all()),
    )
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def lesson_excerpt_update(*, item: LessonExcerpt, teacher_note: str) -> LessonExcerpt:
    item.teacher_note = teacher_note
    item.full_clean()
    item.save(update_fields=["teacher_note"])
    return item


@transaction.atomic
def lesson_excerpt_move(*, item: LessonExcerpt, direction: str) -> bool:
    return _move(
        item, LessonExcerpt.objects.filter(lesson_id=item.lesson_id), direction
    )


@transaction.atomic
def lesson_excerpt_remove(*, item: LessonExcerpt) -> None:
    """Take an excerpt out of the lesson (the library keeps it); prompts that
    referred to it simply stop referring to it."""
    siblings = LessonExcerpt.objects.filter(lesson_id=item.lesson_id)
    order = item.order
    item.delete()
    _close_gap(siblings, order)


# --- related documents -----------------------------------------------------------


@transaction.atomic
def lesson_source_add(*, lesson: Lesson, source: Source) -> LessonSource:
    """List a catalogued document the lesson concerns (once per lesson)."""
    if lesson.lesson_sources.filter(source=source).exists():
        raise ValidationError(
            _("This document is already listed in the lesson."), code="duplicate"
        )
    item = LessonSource(
        lesson=lesson, source=source, order=_next_order(lesson.lesson_sources.all())
    )
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def lesson_source_remove(*, item: LessonSource) -> None:
    siblings = LessonSource.objects.filter(lesson_id=item.lesson_id)
    order = item.order
    item.delete()
    _close_gap(siblings, order)


# --- prompts ---------------------------------------------------------------------


def _check_prompt_excerpts(lesson: Lesson, items: list[LessonExcerpt]) -> None:
    if any(item.lesson_id != lesson.pk for item in items):
        raise ValidationError(
            _("A prompt can only refer to excerpts of its own lesson."),
            code="foreign_excerpt",
        )


GRID_MIN_EXCERPTS = 2


def prompt_grid_problems(
    *, lesson: Lesson, kind: str, grid_questions: str
) -> dict[str, str]:
    """Why a prompt of this kind cannot be an evidence grid in this lesson, by
    field (empty when it can): a grid compares documents, so the lesson needs at
    least two excerpts (its rows), and it needs one to MAX_GRID_QUESTIONS
    sub-questions (its columns)."""
    if kind != Prompt.Kind.GRID:
        return {}
    problems = {}
    excerpts = lesson.lesson_excerpts.count() if lesson.pk else 0
    if excerpts < GRID_MIN_EXCERPTS:
        problems["kind"] = _(
            "An evidence grid compares documents: its rows are the lesson's "
            "excerpts, and this lesson has %(n)s. Add at least %(min)s excerpts "
            "to the lesson first, or choose another kind."
        ) % {"n": excerpts, "min": GRID_MIN_EXCERPTS}
    questions = grid_questions_split(grid_questions)
    if not questions:
        problems["grid_questions"] = _(
            "Write the grid's sub-questions, one a line: they are its columns."
        )
    elif len(questions) > Prompt.MAX_GRID_QUESTIONS:
        problems["grid_questions"] = _(
            "A grid has at most %(max)s sub-questions; this has %(n)s."
        ) % {"max": Prompt.MAX_GRID_QUESTIONS, "n": len(questions)}
    return problems


def _check_grid(prompt: Prompt) -> None:
    problems = prompt_grid_problems(
        lesson=prompt.lesson, kind=prompt.kind, grid_questions=prompt.grid_questions
    )
    if problems:
        raise ValidationError(problems)
    if prompt.is_grid:
        # Stored as typed by the form's rule: one sub-question a line.
        prompt.grid_questions = "\n".join(prompt.grid_question_list)


@transaction.atomic
def prompt_create(
    *,
    lesson: Lesson,
    text: str,
    skill: str,
    min_citations: int = 1,
    lesson_excerpts: Iterable[LessonExcerpt] = (),
    kind: str = Prompt.Kind.ANSWER,
    grid_questions: str = "",
    **essay_rules,
) -> Prompt:
    """Add a prompt at the end of the lesson. An evidence grid needs two or more
    excerpts in the lesson and its sub-questions (``prompt_grid_problems``);
    ``essay_rules``: any of ``ESSAY_RULE_FIELDS``, checked by ``Prompt.clean``."""
    items = list(lesson_excerpts)
    _check_prompt_excerpts(lesson, items)
    prompt = Prompt(
        lesson=lesson,
        text=text,
        skill=skill,
        kind=kind,
        min_citations=min_citations,
        grid_questions=grid_questions,
        order=_next_order(lesson.prompts.all()),
    )
    _set_fields(prompt, ESSAY_RULE_FIELDS, essay_rules)
    _check_grid(prompt)
    prompt.full_clean()
    prompt.save()
    prompt.lesson_excerpts.set(items)
    return prompt


@transaction.atomic
def prompt_update(
    *,
    prompt: Prompt,
    lesson_excerpts: Iterable[LessonExcerpt] | None = None,
    **fields,
) -> Prompt:
    names = _set_fields(prompt, PROMPT_FIELDS, fields)
    _check_grid(prompt)
    prompt.full_clean()
    prompt.save(update_fields=names)
    if lesson_excerpts is not None:
        items = list(lesson_excerpts)
        _check_prompt_excerpts(prompt.lesson, items)
        prompt.lesson_excerpts.set(items)
    return prompt


@transaction.atomic
def prompt_move(*, prompt: Prompt, direction: str) -> bool:
    return _move(prompt, Prompt.objects.filter(lesson_id=prompt.lesson_id), direction)


@transaction.atomic
def prompt_delete(*, prompt: Prompt) -> None:
    siblings = Prompt.objects.filter(lesson_id=prompt.lesson_id)
    order = prompt.order
    try:
        prompt.delete()
    except ProtectedError:
        raise ValidationError(
            _("Students have answered this prompt, so it cannot be deleted."),
            code="in_use",
        ) from None
    _close_gap(siblings, order)
