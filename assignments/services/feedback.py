"""The teacher's feedback on answers: score, comment and rubric levels, returning
answers to their students, and the teacher's bank of saved comments.

Points: an assignment's points split across its prompts in whole points
(``Assignment.prompt_points``); each feedback keeps the share it was scored
against (``max_points``), so the database itself refuses a score above it.
"""

import dataclasses
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.audit import Kind, audit_record
from assignments.models import (
    Criterion,
    CriterionScore,
    Feedback,
    Response,
    SavedComment,
)
from assignments.services.answers import response_return, response_return_for_revision
from assignments.text import clean_text
from portal.http import first_message

MAX_COMMENT_CHARS = 10_000


class StaleFeedback(ValidationError):
    """Raised when the feedback changed since the form was opened."""


@dataclass
class FeedbackInput:
    response: Response
    score: Decimal | None
    comment: str
    version: int
    criterion_scores: dict[int, int] = field(default_factory=dict)


def _comment_text(comment: str) -> str:
    return clean_text(comment, max_chars=MAX_COMMENT_CHARS).strip()


def _unchanged(feedback: Feedback | None, item: FeedbackInput) -> bool:
    if feedback is None:
        return item.score is None and not item.comment and not item.criterion_scores
    current_scores = {s.criterion_id: s.points for s in feedback.criterion_scores.all()}
    return (
        feedback.score == item.score
        and feedback.comment == item.comment
        and current_scores == item.criterion_scores
    )


def _stale() -> StaleFeedback:
    return StaleFeedback(
        _(
            "This feedback was changed in another tab or by another teacher "
            "after you opened the page. Nothing was saved: the page now shows "
            "the saved feedback, and what you wrote is below it to copy."
        ),
        code="stale",
    )


def _feedback_store(
    feedback: Feedback, item: FeedbackInput, *, max_points: int, graded_by
) -> Feedback:
    """Write score and comment (a new row, or the next version of the stored one)."""
    if item.score is not None and not 0 <= item.score <= max_points:
        raise ValidationError(
            _("The score must be between 0 and %(points)s.") % {"points": max_points},
            code="score_range",
        )
    feedback.score = item.score
    feedback.max_points = max_points
    feedback.comment = item.comment
    feedback.graded_by = graded_by
    feedback.version += 1
    feedback.full_clean(exclude=["response"], validate_constraints=False)
    if feedback.pk:
        feedback.save(
            update_fields=[
                "score",
                "max_points",
                "comment",
                "graded_by",
                "version",
                "updated_at",
            ]
        )
        return feedback
    try:
        with transaction.atomic():
            feedback.save()
    except IntegrityError:
        # The other tab created it a moment ago.
        raise StaleFeedback(
            _("This feedback was just saved from another page. Nothing was saved."),
            code="stale",
        ) from None
    return feedback


def _criterion_scores_set(
    feedback: Feedback, scores: dict[int, int], criteria: list[Criterion]
) -> None:
    """The rubric levels chosen, each within its criterion's points; levels
    cleared on the form are removed."""
    by_pk = {c.pk: c for c in criteria}
    feedback.criterion_scores.exclude(criterion_id__in=scores).delete()
    for criterion_pk, points in scores.items():
        criterion = by_pk[criterion_pk]
        if not 0 <= points <= criterion.points:
            raise ValidationError(
                _("“%(title)s” is scored from 0 to %(points)s.")
                % {"title": criterion.title, "points": criterion.points},
                code="criterion_range",
            )
        CriterionScore.objects.update_or_create(
            feedback=feedback,
            criterion=criterion,
            defaults={"points": points, "max_points": criterion.points},
        )


@transaction.atomic
def feedback_save(
    *, item: FeedbackInput, max_points: int, graded_by, criteria: list[Criterion]
) -> Feedback | None:
    """Score and comment one answer. The score is from 0 to the prompt's points.
    ``item.version`` is the version the teacher's form was opened with (0 when
    there was no feedback yet): if the feedback has changed since (another tab, a
    co-teacher), nothing is saved and ``StaleFeedback`` says so. Saving what is
    already stored changes nothing."""
    item = dataclasses.replace(item, comment=_comment_text(item.comment))
    feedback = (
        Feedback.objects.select_for_update()
        .filter(response=item.response)
        .prefetch_related("criterion_scores")
        .first()
    )
    if _unchanged(feedback, item):
        return feedback
    if (feedback.version if feedback else 0) != item.version:
        raise _stale()
    if feedback is None:
        feedback = Feedback(response=item.response, version=0)
    else:
        max_points = feedback.max_points
    feedback = _feedback_store(
        feedback, item, max_points=max_points, graded_by=graded_by
    )
    _criterion_scores_set(feedback, item.criterion_scores, criteria)
    audit_record(
        Kind.SCORE_CHANGE,
        actor=graded_by,
        target=f"answer {item.response.pk} (feedback {feedback.pk})",
    )
    return feedback


@dataclass(frozen=True)
class FeedbackSaved:
    """What became of a grading form (``feedback_save_all``)."""

    feedback: list[Feedback | None] = field(default_factory=list)
    # When another tab or teacher changed the feedback first: why nothing was
    # saved, and by prompt pk each comment written here that differs from the one
    # now stored, to show beside it.
    conflict: bool = False
    message: str = ""
    unsaved_comments: dict[int, str] = field(default_factory=dict)


def _unsaved_comments(items: list[FeedbackInput]) -> dict[int, str]:
    stored = dict(
        Feedback.objects.filter(response__in=[i.response for i in items]).values_list(
            "response__prompt_id", "comment"
        )
    )
    unsaved = {}
    for item in items:
        try:
            comment = _comment_text(item.comment)
        except ValidationError:
            comment = item.comment
        prompt_pk = item.response.prompt_id
        if comment and stored.get(prompt_pk) != comment:
            unsaved[prompt_pk] = comment
    return unsaved


def feedback_save_all(
    *, items: list[FeedbackInput], points: dict[int, int], graded_by, criteria
) -> FeedbackSaved:
    """Save the feedback on several answers of one student at once: all or none.
    A refused score raises ``ValidationError``. When any of the feedback changed
    since the form was opened, nothing is saved and the result says which of the
    comments written would have been lost (the conflict rule, decided here)."""
    try:
        with transaction.atomic():
            saved = [
                feedback_save(
                    item=item,
                    max_points=points[item.response.prompt_id],
                    graded_by=graded_by,
                    criteria=criteria,
                )
                for item in items
            ]
    except StaleFeedback as error:
        return FeedbackSaved(
            conflict=True,
            message=first_message(error),
            unsaved_comments=_unsaved_comments(items),
        )
    return FeedbackSaved(feedback=saved)


@transaction.atomic
def feedback_return(*, responses: list[Response], for_revision: bool = False) -> int:
    """Hand answers back to their students, who then see score and comment and can
    no longer resubmit them; or, ``for_revision``, ask for another version (only
    answers waiting for review). Answers not submitted, or already returned, are
    left as they are. Returns how many were handed back."""
    returned = 0
    for response in responses:
        if not response.latest_version_id:
            continue
        if for_revision and response.status == Response.Status.SUBMITTED:
            response_return_for_revision(response=response)
        elif not for_revision and response.status != Response.Status.RETURNED:
            response_return(response=response)
        else:
            continue
        returned += 1
    return returned


# --- the comment bank -------------------------------------------------------------


@transaction.atomic
def saved_comment_create(*, owner, text: str) -> SavedComment:
    """Keep a comment in the teacher's bank (saving the same words twice keeps one)."""
    text = _comment_text(text)
    if not text:
        raise ValidationError(
            _("Write the comment first, then save it to your bank."), code="empty"
        )
    existing = SavedComment.objects.filter(owner=owner, text=text).first()
    if existing:
        return existing
    comment = SavedComment(owner=owner, text=text)
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def saved_comment_delete(*, comment: SavedComment) -> None:
    """Take a comment out of the bank; feedback that used it keeps its words."""
    comment.delete()
