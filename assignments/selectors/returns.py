"""Reads for handing work back: which answers are waiting to be returned, how many
of them have a score, and how many scores an assignment has (what a change of
points would touch). Each one query."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from accounts.models import User
from assignments.models import Assignment, Feedback, Response
from assignments.permissions import assignments_managed_by


def scores_given(*, assignment: Assignment) -> int:
    """How many answers of the assignment have a score (one query)."""
    return Feedback.objects.filter(
        response__assignment=assignment, score__isnull=False
    ).count()


def _waiting(assignment: Assignment, user) -> QuerySet[Response]:
    return Response.objects.filter(
        assignment=assignment,
        assignment__in=assignments_managed_by(user),
        latest_version__isnull=False,
        status=Response.Status.SUBMITTED,
    )


def responses_to_return(
    *,
    assignment: Assignment,
    user,
    student: User | None = None,
    scored_only: bool = False,
) -> list[Response]:
    """The submitted, not yet returned answers of an assignment (of one student;
    only those with a score when ``scored_only``)."""
    qs = _waiting(assignment, user)
    if student is not None:
        qs = qs.filter(student=student)
    if scored_only:
        qs = qs.filter(feedback__score__isnull=False)
    return list(qs)


@dataclass(frozen=True)
class ReturnCounts:
    scored: int
    unscored: int


def return_counts(*, assignment: Assignment, user) -> ReturnCounts:
    """Of the answers waiting for review, how many have a score (and would be
    returned by "Return all") and how many do not (one query)."""
    counts = _waiting(assignment, user).aggregate(
        scored=Count("pk", filter=Q(feedback__score__isnull=False)),
        unscored=Count("pk", filter=Q(feedback__score__isnull=True)),
    )
    return ReturnCounts(scored=counts["scored"], unscored=counts["unscored"])
