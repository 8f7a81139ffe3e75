"""The discussion of a prompt: classmates' posted answers with their evidence and
replies, a page at a time, narrowed to the student's group when the assignment is
discussed in groups. A fixed number of queries however large the class."""

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery

from assignments.models import Assignment, Reply, Response
from assignments.permissions import (
    can_edit_reply,
    can_see_discussion,
    discussion_scope_q,
    locked_excerpt_ids,
)
from classrooms.models import Enrolment
from lessons.models import Prompt

# --- discussion -------------------------------------------------------------------


@dataclass
class DiscussionReply:
    reply: Reply
    can_edit: bool


@dataclass
class DiscussionAnswer:
    response: Response
    replies: list[DiscussionReply]
    # The author's small group in the class, shown to teachers of a discussion in
    # groups ("" otherwise).
    group_name: str = ""


# Answers a page of the discussion shows, oldest first: the page stays small in a
# class of 1,000 (each answer carries its evidence, replies and a reply form).
DISCUSSION_PAGE_SIZE = 25


@dataclass
class Discussion:
    assignment: Assignment
    prompt: Prompt
    own: Response | None
    allowed: bool
    answers: list[DiscussionAnswer]
    is_teacher: bool
    page: Page | None = None
    # A source-first lesson: classmates' quotations from these excerpts are not
    # shown to a student who has not opened them yet.
    closed_excerpts: set[int] = field(default_factory=set)


def own_response(*, assignment: Assignment, prompt: Prompt, user) -> Response | None:
    """The student's own answer to the prompt (with its latest version), if any."""
    if not user.is_student:
        return None
    return (
        assignment.responses.filter(prompt=prompt, student=user)
        .select_related("latest_version")
        .first()
    )


def _posted(assignment: Assignment, prompt: Prompt, user) -> QuerySet[Response]:
    """Posted answers the viewer may read (a student: within their group when the
    assignment is discussed in groups)."""
    return Response.objects.filter(
        discussion_scope_q(user),
        assignment=assignment,
        prompt=prompt,
        latest_version__isnull=False,
    ).order_by("latest_version__submitted_at", "pk")


def _page_of(posted: QuerySet[Response], answer_pk) -> int:
    """The page number holding the answer ``answer_pk`` (1 when it is not there)."""
    found = posted.filter(pk=answer_pk).values("latest_version__submitted_at").first()
    if found is None:
        return 1
    moment = found["latest_version__submitted_at"]
    before = posted.filter(
        Q(latest_version__submitted_at__lt=moment)
        | Q(latest_version__submitted_at=moment, pk__lt=answer_pk)
    ).count()
    return before // DISCUSSION_PAGE_SIZE + 1


def _posted_page(assignment, prompt, user, *, page, around) -> Page:
    replies = Reply.objects.select_related("author").order_by("created_at", "pk")
    if user.is_student:
        replies = replies.filter(hidden_at__isnull=True)
    posted = _posted(assignment, prompt, user)
    if str(around or "").isdigit():
        page = _page_of(posted, int(around))
    answers = posted.select_related("student", "latest_version").prefetch_related(
        Prefetch("replies", queryset=replies)
    )
    if assignment.discussion_in_groups and not user.is_student:
        answers = answers.annotate(
            group_name=Subquery(
                Enrolment.objects.filter(
                    classroom_id=assignment.classroom_id,
                    student_id=OuterRef("student_id"),
                ).values("group__name")[:1]
            )
        )
    return Paginator(answers, DISCUSSION_PAGE_SIZE).get_page(page)


def discussion(
    *, assignment: Assignment, prompt: Prompt, user, page=1, around=None
) -> Discussion:
    """The posted answers to a prompt (each with its latest submitted version and
    its replies, oldest first), DISCUSSION_PAGE_SIZE a page, once the viewer may
    see them; ``around`` (an answer's pk) picks the page that holds that answer.
    Students do not see hidden replies; teachers see them marked. A fixed
    number of queries (two more with ``around``), however many answers and
    replies."""
    own = own_response(assignment=assignment, prompt=prompt, user=user)
    allowed = can_see_discussion(user, assignment, own)
    shown = (
        _posted_page(assignment, prompt, user, page=page, around=around)
        if allowed
        else None
    )
    return Discussion(
        assignment=assignment,
        prompt=prompt,
        own=own,
        allowed=allowed,
        answers=[
            DiscussionAnswer(
                response=response,
                replies=[
                    DiscussionReply(reply=r, can_edit=can_edit_reply(user, r))
                    for r in response.replies.all()
                ],
                group_name=getattr(response, "group_name", None) or "",
            )
            for response in (shown.object_list if shown else [])
        ],
        is_teacher=not user.is_student,
        page=shown,
        closed_excerpts=locked_excerpt_ids(assignment, user) if allowed else set(),
    )
