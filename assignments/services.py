"""Everything that changes assignments, answers, evidence and replies."""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assignments.models import (
    MAX_ANSWER_CHARS,
    MAX_QUOTATION_CHARS,
    MAX_REPLY_CHARS,
    Assignment,
    Citation,
    Reply,
    Response,
    SubmissionVersion,
)
from assignments.permissions import SUBMIT_REFUSALS, can_edit_reply, can_submit
from assignments.text import clean_text, quotation_in_paragraph
from classrooms.models import Classroom
from lessons.models import Lesson, Prompt
from sources.models import Excerpt

ASSIGNMENT_FIELDS = [
    "instructions",
    "available_from",
    "due_at",
    "late_work_allowed",
    "points",
    "discussion_visibility",
]

# --- assignments ------------------------------------------------------------------


@transaction.atomic
def assignment_create(
    *, lesson: Lesson, classrooms: Iterable[Classroom], created_by, **fields
) -> list[Assignment]:
    """Give a lesson to one or more classes: one assignment per class, each with the
    same dates and rules (changed later class by class)."""
    created = []
    for classroom in classrooms:
        assignment = Assignment(
            lesson=lesson, classroom=classroom, created_by=created_by
        )
        for name in ASSIGNMENT_FIELDS:
            if name in fields:
                setattr(assignment, name, fields[name])
        assignment.full_clean()
        assignment.save()
        created.append(assignment)
    return created


@transaction.atomic
def assignment_update(*, assignment: Assignment, **fields) -> Assignment:
    """Change dates and rules. Answers already submitted keep their late flag."""
    changed = [name for name in ASSIGNMENT_FIELDS if name in fields]
    for name in changed:
        setattr(assignment, name, fields[name])
    assignment.full_clean()
    assignment.save(update_fields=[*changed, "updated_at"])
    return assignment


@transaction.atomic
def assignment_close(*, assignment: Assignment, closed: bool = True) -> Assignment:
    """Close an assignment (no more submissions; drafts are still kept) or reopen it."""
    assignment.closed_at = timezone.now() if closed else None
    assignment.full_clean()
    assignment.save(update_fields=["closed_at", "updated_at"])
    return assignment


# --- answers ----------------------------------------------------------------------


def response_get_or_create(
    *, assignment: Assignment, prompt: Prompt, student
) -> Response:
    """The student's answer to a prompt, made on first use. Two requests at the same
    moment still make one (the unique constraint decides; the loser reads it)."""
    try:
        with transaction.atomic():
            response, _created = Response.objects.get_or_create(
                assignment=assignment, prompt=prompt, student=student
            )
    except IntegrityError:
        response = Response.objects.get(
            assignment=assignment, prompt=prompt, student=student
        )
    response.assignment = assignment
    response.prompt = prompt
    return response


@dataclass
class DraftSave:
    saved: bool
    revision: int
    saved_at: datetime | None


def response_draft_save(*, response: Response, text: str, revision: int) -> DraftSave:
    """Keep the student's working text. ``revision`` counts the page's saves: a save
    whose revision is not above the stored one arrived late (or comes from an older
    tab) and changes nothing, so an older text never overwrites a newer one. Drafts
    are kept even after the due date, after closing and after a return."""
    text = clean_text(text, max_chars=MAX_ANSWER_CHARS)
    now = timezone.now()
    # A conditional UPDATE decides atomically, without a lock, which save is newest.
    updated = Response.objects.filter(pk=response.pk, revision__lt=revision).update(
        text=text, revision=revision, draft_saved_at=now, updated_at=now
    )
    if updated:
        response.text, response.revision, response.draft_saved_at = text, revision, now
        return DraftSave(saved=True, revision=revision, saved_at=now)
    current = Response.objects.values("revision", "draft_saved_at").get(pk=response.pk)
    return DraftSave(
        saved=False, revision=current["revision"], saved_at=current["draft_saved_at"]
    )


@transaction.atomic
def citation_add(
    *, response: Response, excerpt: Excerpt, paragraph: int, quotation: str
) -> Citation:
    """Cite words from a paragraph of one of the lesson's excerpts. The words must
    occur in that paragraph (white space, quote marks and case aside)."""
    quotation = " ".join(
        clean_text(quotation, max_chars=MAX_QUOTATION_CHARS).split()
    ).strip()
    if not quotation:
        raise ValidationError(
            _("Select or paste the words you want to quote."), code="empty"
        )
    lesson_excerpts = response.assignment.lesson.lesson_excerpts.filter(excerpt=excerpt)
    if not lesson_excerpts.exists():
        raise ValidationError(
            _("That excerpt is not part of this lesson."), code="foreign_excerpt"
        )
    paragraphs = excerpt.paragraphs
    if not 1 <= paragraph <= len(paragraphs):
        raise ValidationError(
            _("“%(title)s” has paragraphs 1 to %(count)s; there is no ¶%(n)s.")
            % {"title": excerpt.title, "count": len(paragraphs), "n": paragraph},
            code="no_paragraph",
        )
    if not quotation_in_paragraph(quotation, paragraphs[paragraph - 1]):
        raise ValidationError(
            _(
                "These words are not in ¶%(n)s of “%(title)s”. Check the paragraph "
                "number and copy the words exactly as they are in the text."
            )
            % {"n": paragraph, "title": excerpt.title},
            code="not_found",
        )
    existing = response.citations.filter(
        excerpt=excerpt, paragraph=paragraph, quotation=quotation
    ).first()
    if existing:
        return existing
    citation = Citation(
        response=response, excerpt=excerpt, paragraph=paragraph, quotation=quotation
    )
    citation.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            citation.save()
    except IntegrityError:
        # The same quotation was cited a moment ago (a double click).
        return response.citations.get(
            excerpt=excerpt, paragraph=paragraph, quotation=quotation
        )
    return citation


@transaction.atomic
def citation_remove(*, citation: Citation) -> None:
    """Take a quotation out of the evidence. Submitted versions keep their copy."""
    citation.delete()


def citation_snapshot(citation: Citation) -> dict:
    excerpt = citation.excerpt
    return {
        "source": excerpt.source.title,
        "excerpt": excerpt.title,
        "excerpt_id": excerpt.pk,
        "paragraph": citation.paragraph,
        "quotation": citation.quotation,
    }


@dataclass
class Submitted:
    version: SubmissionVersion
    created: bool


@transaction.atomic
def response_submit(
    *,
    response: Response,
    idempotency_key: uuid.UUID,
    text: str | None = None,
) -> Submitted:
    """Submit the answer: a new, unchangeable version with the text and a copy of
    the evidence. Idempotent: a repeat with the same key (a double click, a retry)
    or with nothing changed since the last version (a second tab) adds nothing. The
    answer row is locked, so concurrent submits queue and see each other's work."""
    locked = (
        Response.objects.select_for_update(of=("self",))
        .select_related("assignment", "prompt")
        .get(pk=response.pk)
    )
    # Read after taking the lock, in its own query: a row joined to the locked one
    # would come from the snapshot taken before the wait (PostgreSQL), missing the
    # version the request we waited for has just added.
    latest = locked.versions.order_by("-number").first()
    repeat = locked.versions.filter(idempotency_key=idempotency_key).first()
    if repeat is not None:
        return Submitted(version=repeat, created=False)
    allowed, reason = can_submit(locked)
    if not allowed:
        raise ValidationError(str(SUBMIT_REFUSALS[reason]), code=reason)
    if text is None:
        text = locked.text
    text = clean_text(text, max_chars=MAX_ANSWER_CHARS)
    if not text.strip():
        raise ValidationError(
            _("Write your answer before submitting it."), code="empty"
        )
    citations = list(
        locked.citations.select_related("excerpt__source").order_by("created_at", "pk")
    )
    needed = locked.prompt.min_citations
    if len(citations) < needed:
        raise ValidationError(
            ngettext(
                "This question needs at least %(needed)s cited passage and your "
                "answer has %(have)s. Select words in an excerpt and press Cite, "
                "or add a quotation by hand.",
                "This question needs at least %(needed)s cited passages and your "
                "answer has %(have)s. Select words in an excerpt and press Cite, "
                "or add a quotation by hand.",
                needed,
            )
            % {"needed": needed, "have": len(citations)},
            code="citations_missing",
        )
    snapshot = [citation_snapshot(c) for c in citations]
    if (
        latest is not None
        and locked.status == Response.Status.SUBMITTED
        and latest.text == text
        and latest.citations == snapshot
    ):
        return Submitted(version=latest, created=False)
    now = timezone.now()
    version = SubmissionVersion(
        response=locked,
        number=(latest.number if latest else 0) + 1,
        text=text,
        citations=snapshot,
        idempotency_key=idempotency_key,
        is_late=now > locked.assignment.due_at,
        submitted_at=now,
    )
    version.full_clean(validate_constraints=False)
    version.save()
    locked.text = text
    locked.revision += 1
    locked.draft_saved_at = now
    locked.status = Response.Status.SUBMITTED
    locked.latest_version = version
    locked.first_submitted_at = locked.first_submitted_at or now
    locked.full_clean(validate_constraints=False)
    locked.save(
        update_fields=[
            "text",
            "revision",
            "draft_saved_at",
            "status",
            "latest_version",
            "first_submitted_at",
            "updated_at",
        ]
    )
    response.__dict__.update(
        {k: getattr(locked, k) for k in ("text", "revision", "status")}
    )
    response.latest_version = version
    return Submitted(version=version, created=True)


@transaction.atomic
def response_return(*, response: Response) -> Response:
    """The teacher hands the answer back (with feedback, in the review pages): the
    student can no longer resubmit it."""
    if response.latest_version_id is None:
        raise ValidationError(
            _("Only a submitted answer can be returned."), code="not_submitted"
        )
    response.status = Response.Status.RETURNED
    response.returned_at = timezone.now()
    response.full_clean(validate_constraints=False)
    response.save(update_fields=["status", "returned_at", "updated_at"])
    return response


# --- replies ----------------------------------------------------------------------


def _reply_text(text: str) -> str:
    text = clean_text(text, max_chars=MAX_REPLY_CHARS).strip()
    if not text:
        raise ValidationError(_("Write your reply first."), code="empty")
    return text


@transaction.atomic
def reply_create(*, response: Response, author, text: str) -> Reply:
    """A reply to a classmate's posted answer."""
    reply = Reply(response=response, author=author, text=_reply_text(text))
    reply.full_clean()
    reply.save()
    return reply


@transaction.atomic
def reply_update(*, reply: Reply, user, text: str) -> Reply:
    """Its author may change a reply for EDIT_WINDOW_MINUTES after posting it."""
    if not can_edit_reply(user, reply):
        raise ValidationError(
            _(
                "A reply can be changed for %(minutes)s minutes after posting; "
                "this one can no longer be changed."
            )
            % {"minutes": Reply.EDIT_WINDOW_MINUTES},
            code="edit_window",
        )
    reply.text = _reply_text(text)
    reply.edited_at = timezone.now()
    reply.full_clean()
    reply.save(update_fields=["text", "edited_at"])
    return reply


@transaction.atomic
def reply_hide(*, reply: Reply, by, hidden: bool = True) -> Reply:
    """A teacher of the class hides a reply from students (or shows it again)."""
    reply.hidden_at = timezone.now() if hidden else None
    reply.hidden_by = by if hidden else None
    reply.full_clean()
    reply.save(update_fields=["hidden_at", "hidden_by"])
    return reply
