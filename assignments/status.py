"""The review vocabulary: where an answer stands, as the teacher's pages show it.

It is derived from ``Response`` (its stored status, its latest version and whether
that version was late), never stored itself, so it needs no migration. Every page
that filters, counts or labels answers by status imports it from here.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from assignments.models import Response


class ReviewStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    LATE = "late", _("Late")
    RETURNED = "returned", _("Returned")
    REVISION = "revision", _("Returned for revision")


# Submitted (on time or late) and not yet returned: the teacher's to-do.
WAITING = frozenset({ReviewStatus.SUBMITTED, ReviewStatus.LATE})
# Anything the student has submitted at least once.
POSTED = WAITING | {ReviewStatus.RETURNED, ReviewStatus.REVISION}

NEEDS_REVIEW = "needs_review"
STATUS_FILTERS = {
    "": _("Everyone"),
    NEEDS_REVIEW: _("Waiting for review"),
    **dict(ReviewStatus.choices),
}
SORTS = {
    "name": _("Name"),
    "status": _("Least done first"),
    "words": _("Most words first"),
    "score": _("Highest score first"),
}


def review_status(response: Response | None) -> ReviewStatus:
    """Returned wins; otherwise the latest version says submitted or late; an
    answer never submitted is a draft once it has words."""
    if response is None:
        return ReviewStatus.NOT_STARTED
    version = response.latest_version
    return review_status_of(
        status=response.status,
        is_late=None if version is None else version.is_late,
        drafted=bool(response.text.strip()),
    )


def review_status_of(
    *, status: str, is_late: bool | None, drafted: bool
) -> ReviewStatus:
    """``review_status`` from the answer's columns (for pages that read many
    answers as plain rows): ``is_late`` None when it was never submitted,
    ``drafted`` when the working draft has words."""
    if status == Response.Status.RETURNED:
        return ReviewStatus.RETURNED
    if status == Response.Status.REVISION:
        return ReviewStatus.REVISION
    if is_late is not None:
        return ReviewStatus.LATE if is_late else ReviewStatus.SUBMITTED
    return ReviewStatus.DRAFT if drafted else ReviewStatus.NOT_STARTED


def answer_text(response: Response | None) -> str:
    """What the teacher reads: the latest submitted version, else the draft."""
    if response is None:
        return ""
    if response.latest_version is not None:
        return response.latest_version.text
    return response.text
