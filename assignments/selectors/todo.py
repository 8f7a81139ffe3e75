"""The student's to-do list: every available assignment of their current classes,
sorted by what is left to do.

Two plain queries, counted here: the assignments (with the student's
accommodations), then the questions of their lessons beside the student's own
answers to them. Both read by the student's own rows, so they cost the same in a
class of 30 or 1,000; and both are cheap to build, which a single query of
correlated subqueries (one per count) was not: building and compiling it cost more
than the database took to answer it."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import FilteredRelation, Q
from django.utils import timezone

from assignments.models import Assignment, Response
from assignments.permissions import assignments_visible_to_student, with_accommodations
from assignments.schedule import personal_due_apply_annotated
from lessons.models import Prompt

# What the list reads of an assignment, its lesson and class (the lesson's and the
# assignment's long texts stay in the database).
SHOWN = (
    "lesson_id",
    "classroom_id",
    "available_from",
    "due_at",
    "closed_at",
    "points",
    "lesson__title",
    "classroom__name",
    "classroom__section",
)


@dataclass
class TodoLists:
    """Each list holds the student's assignments (their own due dates applied,
    see ``personal_due_apply``), each with what the list shows of their answers:
    ``prompt_count`` (questions in the lesson), ``posted_count`` (answers
    submitted), ``started_count`` (answers with any text), ``returned_count``,
    ``revision_count`` (answers handed back for another version),
    ``revision_prompt`` (the first of those: where the link opens; None without)
    and ``returned_score`` (the scores of the returned answers added up; None when
    none is scored)."""

    overdue: list[Assignment] = field(default_factory=list)
    # Answers handed back for another version: first, as the teacher waits on them.
    revision: list[Assignment] = field(default_factory=list)
    due: list[Assignment] = field(default_factory=list)
    submitted: list[Assignment] = field(default_factory=list)
    returned: list[Assignment] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (
            self.overdue or self.revision or self.due or self.submitted or self.returned
        )


@dataclass
class _Progress:
    """The student's answers to one assignment, counted."""

    posted: int = 0
    started: int = 0
    returned: int = 0
    revision: int = 0
    revision_prompt: int | None = None
    score: Decimal | None = None

    def add(self, prompt_id, status, version_id, started, score) -> None:
        self.posted += version_id is not None
        self.started += bool(started)
        if status == Response.Status.RETURNED:
            self.returned += 1
            if score is not None:
                self.score = score if self.score is None else self.score + score
        elif status == Response.Status.REVISION:
            self.revision += 1
            if self.revision_prompt is None or prompt_id < self.revision_prompt:
                self.revision_prompt = prompt_id


def _answer_rows(user, assignments: list[Assignment]):
    """Every question of the assignments' lessons, each with the student's answer
    to it in each of these assignments (a lesson assigned to two of their classes
    has two), or None when there is none: (lesson, question, assignment, status,
    submitted version, has text, score). Joined on the student's own answers by
    the (assignment, question, student) index, so the class's size never shows."""
    mine = FilteredRelation(
        "responses",
        condition=Q(
            responses__student=user,
            responses__assignment_id__in=[a.pk for a in assignments],
        ),
    )
    return (
        Prompt.objects.filter(lesson_id__in={a.lesson_id for a in assignments})
        .annotate(mine=mine, has_text=~Q(mine__text=""))
        .order_by()
        .values_list(
            "lesson_id",
            "pk",
            "mine__assignment_id",
            "mine__status",
            "mine__latest_version_id",
            "has_text",
            "mine__feedback__score",
        )
    )


def _counted(user, assignments: list[Assignment]) -> None:
    """Give each assignment the counts ``TodoLists`` describes."""
    questions = defaultdict(set)
    progress = defaultdict(_Progress)
    for lesson_id, prompt_id, assignment_id, *answer in _answer_rows(user, assignments):
        questions[lesson_id].add(prompt_id)
        if assignment_id is not None:
            progress[assignment_id].add(prompt_id, *answer)
    for assignment in assignments:
        counts = progress[assignment.pk]
        assignment.prompt_count = len(questions[assignment.lesson_id])
        assignment.posted_count = counts.posted
        assignment.started_count = counts.started
        assignment.returned_count = counts.returned
        assignment.revision_count = counts.revision
        assignment.revision_prompt = counts.revision_prompt
        assignment.returned_score = counts.score


def todo_for_student(*, user) -> TodoLists:
    """Every available assignment of the student's current classes, sorted into
    overdue, returned for revision, to do (soonest first), submitted and returned
    with feedback. An assignment counts as returned only once every answer is in
    (one answer handed back while others are unanswered is still work to do).
    Two queries (one without any assignment)."""
    assignments = list(
        with_accommodations(assignments_visible_to_student(user), user)
        .select_related("lesson", "classroom")
        .only(*SHOWN)
        .order_by("due_at", "pk")
    )
    lists = TodoLists()
    if not assignments:
        return lists
    _counted(user, assignments)
    now = timezone.now()
    for assignment in assignments:
        # The student's own due date (extended time) decides where it goes.
        personal_due_apply_annotated(assignment)
        complete = 0 < assignment.prompt_count <= assignment.posted_count
        if assignment.revision_count:
            lists.revision.append(assignment)
        elif assignment.returned_count and complete:
            lists.returned.append(assignment)
        elif complete:
            lists.submitted.append(assignment)
        elif assignment.due_at < now or assignment.is_closed:
            lists.overdue.append(assignment)
        else:
            lists.due.append(assignment)
    # Extended time in one class moves its dates past another class's.
    lists.overdue.sort(key=lambda a: (a.due_at, a.pk))
    lists.due.sort(key=lambda a: (a.due_at, a.pk))
    lists.submitted.reverse()
    lists.returned.reverse()
    return lists
