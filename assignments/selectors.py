"""Reads for assignment pages. Each takes the viewer and fetches what the page shows
in a fixed number of queries, however large the class or the discussion."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import (
    Count,
    DecimalField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.utils import timezone

from assignments.models import Assignment, Citation, Feedback, Reply, Response
from assignments.permissions import (
    SUBMIT_REFUSALS,
    assignments_managed_by,
    assignments_visible_to_student,
    can_see_discussion,
    can_submit,
)
from classrooms.models import Enrolment
from lessons.models import Lesson, Prompt
from lessons.selectors import lesson_for_students

DUE_SOON = timedelta(days=3)

# --- the student's to-do list -----------------------------------------------------


@dataclass
class TodoLists:
    overdue: list[Assignment] = field(default_factory=list)
    due: list[Assignment] = field(default_factory=list)
    submitted: list[Assignment] = field(default_factory=list)
    returned: list[Assignment] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.overdue or self.due or self.submitted or self.returned)


def todo_for_student(*, user) -> TodoLists:
    """Every available assignment of the student's current classes, sorted into
    overdue, to do (soonest first), submitted and returned with feedback. One query."""
    mine = Q(responses__student=user)
    returned_score = Subquery(
        Feedback.objects.filter(
            response__assignment=OuterRef("pk"),
            response__student=user,
            response__status=Response.Status.RETURNED,
            score__isnull=False,
        )
        .values("response__assignment")
        .annotate(total=Sum("score"))
        .values("total"),
        output_field=DecimalField(max_digits=7, decimal_places=1),
    )
    rows = (
        assignments_visible_to_student(user)
        .select_related("lesson__unit", "classroom")
        .annotate(
            prompt_count=Count("lesson__prompts", distinct=True),
            posted_count=Count(
                "responses",
                filter=mine & Q(responses__latest_version__isnull=False),
                distinct=True,
            ),
            started_count=Count(
                "responses", filter=mine & ~Q(responses__text=""), distinct=True
            ),
            returned_count=Count(
                "responses",
                filter=mine & Q(responses__status=Response.Status.RETURNED),
                distinct=True,
            ),
            returned_score=returned_score,
        )
        .order_by("due_at", "pk")
    )
    now = timezone.now()
    lists = TodoLists()
    for assignment in rows:
        assignment.is_due_soon = now <= assignment.due_at <= now + DUE_SOON
        assignment.is_complete = (
            assignment.prompt_count > 0
            and assignment.posted_count >= assignment.prompt_count
        )
        if assignment.returned_count:
            lists.returned.append(assignment)
        elif assignment.is_complete:
            lists.submitted.append(assignment)
        elif assignment.due_at < now or assignment.is_closed:
            lists.overdue.append(assignment)
        else:
            lists.due.append(assignment)
    lists.submitted.reverse()
    lists.returned.reverse()
    return lists


# --- the assignment page ----------------------------------------------------------


@dataclass
class Answer:
    prompt: Prompt
    response: Response | None
    citations: list[Citation]
    can_submit: bool
    refusal: str
    discussion_open: bool
    classmates_posted: int
    text: str = ""
    revision: int = 0
    error: str = ""
    # After a refused form (no JavaScript): what the student sent back in place.
    conflict_text: str = ""
    cite: bool = False
    cite_excerpt: str = ""
    cite_paragraph: str = ""
    cite_quotation: str = ""
    cite_error: str = ""
    cite_error_field: str = ""

    @property
    def has_unsubmitted_changes(self) -> bool:
        response = self.response
        return bool(
            response
            and response.latest_version is not None
            and response.text != response.latest_version.text
        )


@dataclass
class AssignmentPage:
    assignment: Assignment
    lesson: Lesson
    answers: list[Answer]


def assignment_page(*, assignment: Assignment, user) -> AssignmentPage:
    """The lesson as students read it, with this student's answer, evidence and
    discussion state under each prompt. Eight queries, whatever the class size, the
    number of replies or of versions."""
    lesson = lesson_for_students(lesson=assignment.lesson)
    responses = {
        r.prompt_id: r
        for r in Response.objects.filter(assignment=assignment, student=user)
        .select_related("latest_version", "feedback")
        .prefetch_related(
            "feedback__criterion_scores__criterion",
            Prefetch(
                "citations",
                queryset=Citation.objects.select_related("excerpt__source").order_by(
                    "created_at", "pk"
                ),
            ),
        )
    }
    posted = dict(
        Response.objects.filter(assignment=assignment, latest_version__isnull=False)
        .exclude(student=user)
        .values("prompt_id")
        .annotate(n=Count("pk"))
        .values_list("prompt_id", "n")
    )
    answers = []
    for prompt in lesson.prompts.all():
        response = responses.get(prompt.pk)
        if response is not None:
            response.assignment = assignment
            allowed, reason = can_submit(response)
        else:
            probe = Response(assignment=assignment, prompt=prompt, student=user)
            allowed, reason = can_submit(probe)
        answer = Answer(
            prompt=prompt,
            response=response,
            citations=list(response.citations.all()) if response else [],
            can_submit=allowed,
            refusal=str(SUBMIT_REFUSALS[reason]) if reason else "",
            discussion_open=can_see_discussion(user, assignment, response),
            classmates_posted=posted.get(prompt.pk, 0),
            text=response.text if response else "",
            revision=response.revision if response else 0,
        )
        prompt.answer = answer
        answers.append(answer)
    return AssignmentPage(assignment=assignment, lesson=lesson, answers=answers)


# --- discussion -------------------------------------------------------------------


def discussion_for_prompt(*, assignment: Assignment, prompt: Prompt, user) -> list:
    """The posted answers to a prompt (each with its latest submitted version and
    its replies, oldest first). Students do not see hidden replies; teachers see them
    marked. Three queries, however many answers and replies."""
    replies = Reply.objects.select_related("author").order_by("created_at", "pk")
    if user.is_student:
        replies = replies.filter(hidden_at__isnull=True)
    return list(
        Response.objects.filter(
            assignment=assignment, prompt=prompt, latest_version__isnull=False
        )
        .select_related("student", "latest_version")
        .prefetch_related(Prefetch("replies", queryset=replies))
        .order_by("latest_version__submitted_at", "pk")
    )


# --- teachers ---------------------------------------------------------------------


def assignments_for_teacher(*, user, include_closed: bool = False) -> QuerySet:
    """Assignments of the teacher's classes with how many answers have come in."""
    qs = assignments_managed_by(user).filter(classroom__archived_at__isnull=True)
    if not include_closed:
        qs = qs.filter(closed_at__isnull=True)
    return (
        qs.select_related("lesson__unit", "classroom")
        .annotate(
            posted_count=Count(
                "responses",
                filter=Q(responses__latest_version__isnull=False),
                distinct=True,
            ),
            prompt_count=Count("lesson__prompts", distinct=True),
        )
        .order_by("due_at", "pk")
    )


@dataclass
class PromptProgress:
    prompt: Prompt
    posted: int
    drafts: int
    late: int


def assignment_progress(*, assignment: Assignment, user) -> tuple[int, list]:
    """For a teacher's overview: the class size, and per prompt how many answers are
    submitted, how many are drafts and how many were late. Three queries."""
    class_size = Enrolment.objects.filter(
        classroom=assignment.classroom, removed_at__isnull=True
    ).count()
    counts = {
        row["prompt_id"]: row
        for row in Response.objects.filter(
            assignment__in=assignments_managed_by(user), assignment=assignment
        )
        .values("prompt_id")
        .annotate(
            posted=Count("pk", filter=Q(latest_version__isnull=False)),
            drafts=Count("pk", filter=Q(latest_version__isnull=True) & ~Q(text="")),
            late=Count("pk", filter=Q(latest_version__is_late=True)),
        )
    }
    progress = [
        PromptProgress(
            prompt=prompt,
            posted=counts.get(prompt.pk, {}).get("posted", 0),
            drafts=counts.get(prompt.pk, {}).get("drafts", 0),
            late=counts.get(prompt.pk, {}).get("late", 0),
        )
        for prompt in assignment.lesson.prompts.order_by("order")
    ]
    return class_size, progress
