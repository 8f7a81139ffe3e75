"""A student's answer: the working draft, its evidence (citations), submitting it,
and the teacher handing it back."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from assignments.essay import essay_numbered
from assignments.events import answer_returned_notify, submission_notify
from assignments.models import (
    MAX_ANSWER_CHARS,
    MAX_QUOTATION_CHARS,
    Assignment,
    Citation,
    Response,
    SubmissionVersion,
)
from assignments.permissions import SUBMIT_REFUSALS, can_submit, excerpt_is_locked
from assignments.selectors.due_dates import personal_due_read

# The working draft's saves live in drafts.py; callers keep reaching them here.
from assignments.services.drafts import (  # noqa: F401
    DraftSave,
    FormTextSave,
    response_draft_save,
    response_form_text_save,
)
from assignments.text import clean_text, quotation_in_paragraph, word_count
from lessons.models import Prompt
from sources.models import Excerpt
from sources.selectors import quoted_paragraphs


def response_get_or_create(
    *, assignment: Assignment, prompt: Prompt, student
) -> Response:
    """The student's answer to a prompt, made on first use. Two requests at the same
    moment still make one (the unique constraint decides; the loser reads it).
    Once it exists, one read and no transaction."""
    found = Response.objects.filter(
        assignment=assignment, prompt=prompt, student=student
    ).order_by()[:1]
    response = next(iter(found), None)
    if response is not None:
        response.assignment, response.prompt = assignment, prompt
        return response
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


# --- evidence ---------------------------------------------------------------------


def quotation_verify(
    excerpt: Excerpt, paragraph: int, quotation: str, language: str = ""
) -> None:
    """Refuse a paragraph the excerpt does not have, or words it (or its
    translation into ``language``) does not hold."""
    paragraphs = quoted_paragraphs(excerpt=excerpt, language=language)
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


SOURCE_FIRST_REFUSAL = gettext_lazy(
    "Answer the sourcing questions on “%(title)s” first: its text opens when "
    "your answers are saved."
)


def source_first_check(response: Response, excerpt: Excerpt) -> None:
    """Refuse to cite from an excerpt whose text is still closed to the student
    (a source-first lesson, its sourcing questions not answered yet)."""
    if excerpt_is_locked(response.assignment, response.student, excerpt):
        raise ValidationError(
            SOURCE_FIRST_REFUSAL % {"title": excerpt.title}, code="source_first"
        )


@transaction.atomic
def citation_add(
    *,
    response: Response,
    excerpt: Excerpt,
    paragraph: int,
    quotation: str,
    language: str = "",
) -> Citation:
    """Cite words from a paragraph of one of the lesson's excerpts. The words must
    occur in that paragraph (white space, quote marks and case aside). With
    ``language``, the words are from the excerpt's translation into it: checked
    against its paragraph ``paragraph``, and recorded as standing for the original
    paragraph of that number."""
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
    # Before the words are checked, so a closed text cannot be probed word by word.
    source_first_check(response, excerpt)
    quotation_verify(excerpt, paragraph, quotation, language)
    same = {
        "excerpt": excerpt,
        "paragraph": paragraph,
        "quotation": quotation,
        "language": language,
    }
    existing = response.citations.filter(**same).first()
    if existing:
        return existing
    citation = Citation(response=response, **same)
    citation.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            citation.save()
    except IntegrityError:
        # The same quotation was cited a moment ago (a double click).
        return response.citations.get(**same)
    return citation


@transaction.atomic
def citation_remove(*, citation: Citation) -> None:
    """Take a quotation out of the evidence. Submitted versions keep their copy."""
    citation.delete()


def citation_snapshot(citation: Citation) -> dict:
    """The evidence as submitted: a quotation with its paragraph, or a picture's
    region (left, top, width, height in shares of the picture) with the student's
    words on it."""
    excerpt = citation.excerpt
    snapshot = {
        "source": excerpt.source.title,
        "excerpt": excerpt.title,
        "excerpt_id": excerpt.pk,
        "paragraph": citation.paragraph,
        "quotation": citation.quotation,
    }
    if citation.language:
        snapshot["language"] = citation.language
    if citation.is_region:
        snapshot["region"] = list(citation.region)
    return snapshot


# --- submitting -------------------------------------------------------------------


@dataclass
class Submitted:
    version: SubmissionVersion
    created: bool


def _submittable_text(locked: Response, text: str | None) -> str:
    """The text to submit, refused when it has no words."""
    text = clean_text(locked.text if text is None else text, max_chars=MAX_ANSWER_CHARS)
    if not text.strip():
        raise ValidationError(
            _("Write your answer before submitting it."), code="empty"
        )
    return text


def _evidence_snapshot(locked: Response) -> list[dict]:
    """A copy of the answer's evidence, refused when the prompt needs more."""
    citations = list(
        locked.citations.select_related("excerpt__source").order_by("created_at", "pk")
    )
    # An essay's rules on evidence warn before submitting and never refuse.
    needed = (
        0 if locked.prompt.kind == Prompt.Kind.ESSAY else locked.prompt.min_citations
    )
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
    return [citation_snapshot(c) for c in citations]


def _refuse_unrevised(
    locked: Response, latest: SubmissionVersion | None, text: str, snapshot: list
) -> None:
    """An answer returned for revision comes back changed: the same words and
    evidence as the returned version are refused (a repeat of that very request
    was answered above by its key)."""
    if (
        locked.status == Response.Status.REVISION
        and latest is not None
        and latest.text == text
        and latest.citations == snapshot
    ):
        raise ValidationError(
            _(
                "This is the version your teacher returned for revision. Change "
                "your answer or its evidence, then submit it again."
            ),
            code="unrevised",
        )


def _essay_copy(locked: Response) -> dict:
    """An essay's parts as submitted, each paragraph's evidence as numbers into the
    version's copy of the evidence (1 for its first passage): the citations
    themselves may be removed after."""
    if locked.prompt.kind != Prompt.Kind.ESSAY:
        return {}
    order = list(
        locked.citations.order_by("created_at", "pk").values_list("pk", flat=True)
    )
    return essay_numbered(locked.essay, order)


def _version_add(
    locked: Response,
    *,
    latest: SubmissionVersion | None,
    text: str,
    snapshot: list[dict],
    idempotency_key: uuid.UUID,
) -> SubmissionVersion:
    now = timezone.now()
    version = SubmissionVersion(
        response=locked,
        number=(latest.number if latest else 0) + 1,
        text=text,
        words=word_count(text),
        citations=snapshot,
        essay=_essay_copy(locked),
        idempotency_key=idempotency_key,
        # A revision the teacher asked for is not late work.
        is_late=(
            now > locked.assignment.due_at and locked.status != Response.Status.REVISION
        ),
        submitted_at=now,
    )
    # Rows known to exist (the locked answer, its version): no lookup query each.
    version.full_clean(exclude=["response"], validate_constraints=False)
    version.save()
    locked.text, locked.words = text, version.words
    locked.revision += 1
    locked.draft_saved_at = now
    locked.status = Response.Status.SUBMITTED
    locked.latest_version = version
    locked.first_submitted_at = locked.first_submitted_at or now
    locked.full_clean(
        exclude=["assignment", "prompt", "student", "latest_version"],
        validate_constraints=False,
    )
    locked.save(
        update_fields=[
            "text",
            "words",
            "revision",
            "draft_saved_at",
            "status",
            "latest_version",
            "first_submitted_at",
            "updated_at",
        ]
    )
    return version


# What a submission holds: the text, and the evidence as it stands (a list of
# plain dicts), both from the locked answer; refusing raises ValidationError.
Compose = Callable[[Response], tuple[str, list[dict]]]


def _latest_and_repeat(
    locked: Response, idempotency_key: uuid.UUID
) -> tuple[SubmissionVersion | None, SubmissionVersion | None]:
    """The locked answer's latest version and the one a request with this key
    made (None each when there is none), in one query. Read after taking the lock,
    in a query of their own: a row joined to the locked one would come from the
    snapshot taken before the wait (PostgreSQL), missing the version the request
    we waited for has just added; the locked row itself is read as that request
    left it, so its ``latest_version_id`` names the newest (only ``_version_add``
    adds a version, and it points the answer at it)."""
    latest_pk = locked.latest_version_id
    key_field = SubmissionVersion._meta.get_field("idempotency_key")
    idempotency_key = key_field.to_python(idempotency_key)  # as read back
    found = list(
        locked.versions.filter(
            Q(pk=latest_pk) | Q(idempotency_key=idempotency_key)
        ).order_by()
    )
    latest = next((v for v in found if v.pk == latest_pk), None)
    repeat = next((v for v in found if v.idempotency_key == idempotency_key), None)
    return latest, repeat


def submission_make(
    *, response: Response, idempotency_key: uuid.UUID, compose: Compose
) -> Submitted:
    """Submit an answer of any kind: a new, unchangeable version with what
    ``compose`` makes of the locked answer (its text and a copy of its evidence).
    Idempotent: a repeat with the same key (a double click, a retry) or with
    nothing changed since the last version (a second tab) adds nothing. The answer
    row is locked, so concurrent submits queue and see each other's work."""
    locked = (
        Response.objects.select_for_update(of=("self",))
        .select_related("assignment__classroom__owner", "assignment__lesson", "prompt")
        .get(pk=response.pk)  # with what the teachers' notification names
    )
    latest, repeat = _latest_and_repeat(locked, idempotency_key)
    if repeat is not None:
        return Submitted(version=repeat, created=False)
    # The student's own due date (extended time) decides late and refused.
    personal_due_read(locked.assignment, locked.student_id)
    allowed, reason = can_submit(locked)
    if not allowed:
        raise ValidationError(str(SUBMIT_REFUSALS[reason]), code=reason)
    text, snapshot = compose(locked)
    _refuse_unrevised(locked, latest, text, snapshot)
    if (
        latest is not None
        and locked.status == Response.Status.SUBMITTED
        and latest.text == text
        and latest.citations == snapshot
    ):
        return Submitted(version=latest, created=False)
    version = _version_add(
        locked,
        latest=latest,
        text=text,
        snapshot=snapshot,
        idempotency_key=idempotency_key,
    )
    response.__dict__.update(
        {k: getattr(locked, k) for k in ("text", "words", "revision", "status")}
    )
    response.latest_version = version
    submission_notify(response=locked, version=version)
    return Submitted(version=version, created=True)


@transaction.atomic
def response_submit(
    *,
    response: Response,
    idempotency_key: uuid.UUID,
    text: str | None = None,
) -> Submitted:
    """Submit a written answer: its text and a copy of its cited passages (at
    least the prompt's minimum), through ``submission_make``."""

    def compose(locked: Response) -> tuple[str, list[dict]]:
        if locked.prompt.kind == Prompt.Kind.GRID:
            raise ValidationError(
                _("This question is an evidence grid: fill its cells and submit it."),
                code="wrong_kind",
            )
        return _submittable_text(locked, text), _evidence_snapshot(locked)

    return submission_make(
        response=response, idempotency_key=idempotency_key, compose=compose
    )


def _hand_back(response: Response, status: str) -> Response:
    if response.latest_version_id is None:
        raise ValidationError(
            _("Only a submitted answer can be returned."), code="not_submitted"
        )
    response.status = status
    response.returned_at = timezone.now()
    response.full_clean(validate_constraints=False)
    response.save(update_fields=["status", "returned_at", "updated_at"])
    answer_returned_notify(response=response)
    return response


@transaction.atomic
def response_return_for_revision(*, response: Response) -> Response:
    """The teacher hands the answer back asking for another version (the comment
    in its feedback says what to change): the student sees the comment beside the
    answer, revises it and submits again, past the due time too (unless the
    assignment is closed). Every submitted version is kept."""
    return _hand_back(response, Response.Status.REVISION)


@transaction.atomic
def response_return(*, response: Response) -> Response:
    """The teacher hands the answer back (with feedback, in the review pages): the
    student can no longer resubmit it."""
    return _hand_back(response, Response.Status.RETURNED)
