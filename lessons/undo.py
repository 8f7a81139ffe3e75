"""Undo in the lesson editor: after "Remove excerpt" or "Delete prompt", the editor
offers to put it back for UNDO_MINUTES. What was removed is kept in the author's
own session (their browser only), serialized with its links, and put back in its
place with the same id. Nothing of students' answers is involved: a prompt with
answers cannot be deleted (lessons.services.prompt_delete refuses)."""

from dataclasses import dataclass
from datetime import timedelta

from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from lessons.models import Lesson, LessonExcerpt, Prompt

UNDO_MINUTES = 10
SESSION_KEY = "lessons:undo"


@dataclass(frozen=True)
class UndoOffer:
    label: str
    until: str  # ISO moment


def undo_remember(session, *, obj: Prompt | LessonExcerpt, label: str) -> None:
    """Keep what is about to be removed (one thing at a time: the latest)."""
    links = []
    if isinstance(obj, LessonExcerpt):
        links = list(obj.prompts.values_list("pk", flat=True))
    session[SESSION_KEY] = {
        "lesson": obj.lesson_id,
        "kind": "excerpt" if isinstance(obj, LessonExcerpt) else "prompt",
        "data": serializers.serialize("json", [obj]),
        "links": links,
        "label": label,
        "at": timezone.now().isoformat(),
    }


def _fresh(entry: dict | None, lesson: Lesson) -> bool:
    if not entry or entry.get("lesson") != lesson.pk:
        return False
    at = parse_datetime(entry.get("at") or "")
    return at is not None and timezone.now() - at <= timedelta(minutes=UNDO_MINUTES)


def undo_offer(session, *, lesson: Lesson) -> UndoOffer | None:
    """What the editor of this lesson may still put back, if anything."""
    entry = session.get(SESSION_KEY)
    if not _fresh(entry, lesson):
        return None
    at = parse_datetime(entry["at"]) + timedelta(minutes=UNDO_MINUTES)
    return UndoOffer(label=entry["label"], until=at.isoformat())


def _make_room(siblings, order: int) -> None:
    """Move the items at ``order`` and after one place down (last first, so the
    unique order of each lesson holds at every step)."""
    for pk in (
        siblings.filter(order__gte=order)
        .order_by("-order")
        .values_list("pk", flat=True)
    ):
        siblings.filter(pk=pk).update(order=F("order") + 1)


@transaction.atomic
def undo_restore(session, *, lesson: Lesson) -> str:
    """Put back the last thing removed from this lesson, in its place, with its
    links to prompts or excerpts that still exist. Returns its label."""
    entry = session.get(SESSION_KEY)
    if not _fresh(entry, lesson):
        raise ValidationError(
            _("There is nothing to undo: it is more than %(n)s minutes ago.")
            % {"n": UNDO_MINUTES},
            code="expired",
        )
    (restored,) = serializers.deserialize("json", entry["data"])
    obj = restored.object
    model = LessonExcerpt if entry["kind"] == "excerpt" else Prompt
    siblings = model.objects.filter(lesson=lesson)
    last = siblings.count() + 1
    obj.order = min(obj.order, last)
    try:
        with transaction.atomic():
            _make_room(siblings, obj.order)
            obj.save(force_insert=True)
            if entry["kind"] == "prompt":
                linked = restored.m2m_data.get("lesson_excerpts", [])
                obj.lesson_excerpts.set(
                    LessonExcerpt.objects.filter(lesson=lesson, pk__in=linked)
                )
            else:
                for prompt in Prompt.objects.filter(
                    lesson=lesson, pk__in=entry["links"]
                ):
                    prompt.lesson_excerpts.add(obj)
    except IntegrityError as error:
        # The excerpt was added to the lesson again meanwhile, or left the library.
        raise ValidationError(
            _("“%(label)s” cannot be put back: the lesson has changed since.")
            % {"label": entry["label"]},
            code="changed",
        ) from error
    session.pop(SESSION_KEY, None)
    return entry["label"]
