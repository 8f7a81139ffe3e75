"""The review table: every current student of the class × every prompt of the
assignment, 50 students a page, read as plain columns so a class of 1,000 costs
what a class of 30 does in queries (and little more in time)."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, F, OuterRef, Subquery, When
from django.db.models.functions import Coalesce
from django.utils.translation import ngettext

from accounts.models import User
from assignments.models import Assignment, Citation, GridCell, Response
from assignments.permissions import assignments_managed_by
from assignments.selectors.due_dates import own_due_dates
from assignments.selectors.evidence import (
    NO_EVIDENCE,
    StudentEvidence,
    evidence_use,
)
from assignments.selectors.review import lesson_prompts, prompt_points
from assignments.status import (
    NEEDS_REVIEW,
    POSTED,
    SORTS,
    STATUS_FILTERS,
    WAITING,
    ReviewStatus,
    review_status_of,
)
from classrooms.models import Group
from classrooms.selectors import NO_GROUP, groups_of_classroom, roster_for_classroom
from lessons.models import Prompt


@dataclass
class Cell:
    prompt: Prompt
    answered: bool
    status: ReviewStatus
    words: int
    citations: int
    score: Decimal | None
    max_points: int

    @property
    def status_label(self) -> str:
        return str(self.status.label)

    @property
    def counts(self) -> str:
        """The words written and the passages cited ("7 words · 2 cited"): made
        here rather than by two template tags in each of the page's cells."""
        words = ngettext("%(counter)s word", "%(counter)s words", self.words)
        cited = ngettext("%(counter)s cited", "%(counter)s cited", self.citations)
        return (
            f"{words % {'counter': self.words}} · {cited % {'counter': self.citations}}"
        )


@dataclass
class Row:
    # Filled for the rows of the page shown only (``student_id`` for every row):
    # a class of 1,000 needs 50 people's names, not 1,000 accounts.
    student: User | None
    cells: list[Cell]
    student_id: int = 0
    # Which documents the evidence draws on, their perspectives, how many sourced.
    evidence: StudentEvidence = NO_EVIDENCE
    # The student's own due date (extended time), when it is not the class's.
    own_due_at: datetime | None = None
    # The student's small group in the class (None: in no group).
    group_id: int | None = None

    @property
    def words(self) -> int:
        return sum(c.words for c in self.cells)

    @property
    def posted(self) -> int:
        return sum(c.status in POSTED for c in self.cells)

    @property
    def waiting(self) -> int:
        return sum(c.status in WAITING for c in self.cells)

    @property
    def has_submitted_all(self) -> bool:
        return bool(self.cells) and self.posted == len(self.cells)

    @property
    def score(self) -> Decimal | None:
        scores = [c.score for c in self.cells if c.score is not None]
        return sum(scores, Decimal(0)) if scores else None

    def has_status(self, status: str) -> bool:
        if status == NEEDS_REVIEW:
            return any(c.status in WAITING for c in self.cells)
        return any(c.status == status for c in self.cells)


# Students a page of the review table shows: the page stays small (and fast to
# render) in a class of 1,000, while counts and filters cover the whole class.
REVIEW_PAGE_SIZE = 50


@dataclass
class ReviewTable:
    assignment: Assignment
    prompts: list[Prompt]
    points: dict[int, int]
    page: Page
    class_size: int
    submitted_all: int
    waiting: int
    status: str = ""
    sort: str = "name"
    # The lesson's documents (the "m" of "n of m cited"); the evidence filter.
    documents_total: int = 0
    evidence: str = ""
    # The class's groups (the group filter) and the one shown ("" for all).
    groups: list[Group] | None = None
    group: str = ""

    @property
    def rows(self) -> list[Row]:
        """The students on this page."""
        return list(self.page.object_list)

    @property
    def shown(self) -> int:
        """How many students the filter shows, on every page."""
        return self.page.paginator.count

    @property
    def percent(self) -> int:
        return (
            round(100 * self.submitted_all / self.class_size) if self.class_size else 0
        )


# One answer as the table reads it: plain columns, no model instances (a class of
# 1,000 has 4,000 answers or more).
ANSWER_COLUMNS = (
    "student_id",
    "prompt_id",
    "status",
    "is_late",
    "shown_words",
    "feedback__score",
    "citation_count",
)


def _answers(assignment: Assignment, user) -> dict[tuple[int, int], tuple]:
    citations = (
        Citation.objects.filter(response=OuterRef("pk"))
        .order_by()
        .values("response")
        .annotate(n=Count("pk"))
        .values("n")
    )
    grid_cells = (
        GridCell.objects.filter(response=OuterRef("pk"), quotation_found=True)
        .order_by()
        .values("response")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = (
        Response.objects.filter(
            assignment=assignment, assignment__in=assignments_managed_by(user)
        )
        .order_by()
        .annotate(
            is_late=F("latest_version__is_late"),
            # The words of what the teacher reads: the latest version, else the
            # draft (counted when written, so no answer's text is read here).
            shown_words=Case(
                When(latest_version__isnull=False, then=F("latest_version__words")),
                default=F("words"),
            ),
            # A grid's evidence is its cells whose words were found.
            citation_count=Coalesce(Subquery(citations[:1]), 0)
            + Coalesce(Subquery(grid_cells[:1]), 0),
        )
        .values_list(*ANSWER_COLUMNS)
    )
    return {(row[0], row[1]): row for row in rows}


def _cell(prompt: Prompt, answer: tuple | None, max_points: int) -> Cell:
    if answer is None:
        return Cell(prompt, False, ReviewStatus.NOT_STARTED, 0, 0, None, max_points)
    _student, _prompt, status, is_late, words, score, citations = answer
    return Cell(
        prompt=prompt,
        answered=True,
        # Never submitted (is_late None): the words are the draft's.
        status=review_status_of(status=status, is_late=is_late, drafted=words > 0),
        words=words,
        citations=citations,
        score=score,
        max_points=max_points,
    )


ROW_ORDER = {
    "status": lambda row: row.posted,
    "words": lambda row: -row.words,
    "score": lambda row: (row.score is None, -(row.score or 0)),
}


def _rows(assignment: Assignment, user, prompts, points) -> tuple[list[Row], int]:
    """A row for each current student in roster order, their account not yet
    fetched (see ``_with_students``)."""
    enrolments = list(
        roster_for_classroom(classroom=assignment.classroom_id, user=user)
        .select_related(None)
        .values_list(
            "student_id", "group_id", "extra_days", "extra_percent", named=True
        )
    )
    answers = _answers(assignment, user)
    own = own_due_dates([assignment], enrolments, whole_class=True)
    use = evidence_use(assignment=assignment, user=user)
    columns = [(prompt, prompt.pk, points[prompt.pk]) for prompt in prompts]
    return [
        Row(
            student=None,
            student_id=e.student_id,
            group_id=e.group_id,
            cells=[
                _cell(prompt, answers.get((e.student_id, pk)), max_points)
                for prompt, pk, max_points in columns
            ],
            own_due_at=own.get((e.student_id, assignment.pk)),
            evidence=use.of(e.student_id),
        )
        for e in enrolments
    ], use.documents_total


def _with_students(page: Page) -> Page:
    """The accounts of the page's students, in one query."""
    people = User.objects.in_bulk([row.student_id for row in page.object_list])
    for row in page.object_list:
        row.student = people[row.student_id]
    return page


# The evidence filter: students whose evidence draws on a single document.
EVIDENCE_FILTERS = {"one": "one"}


def _in_group(rows: list[Row], group: str) -> list[Row]:
    if group == NO_GROUP:
        return [row for row in rows if row.group_id is None]
    if group.isdigit():
        return [row for row in rows if row.group_id == int(group)]
    return rows


def _shown(rows: list[Row], status: str, sort: str, evidence: str = "") -> list[Row]:
    """The rows with that status (all for none) and evidence filter, in that
    order (roster order for "name")."""
    if status:
        rows = [row for row in rows if row.has_status(status)]
    if evidence == "one":
        rows = [row for row in rows if row.evidence.relied_on_one]
    if sort in ROW_ORDER:
        rows = sorted(rows, key=ROW_ORDER[sort])
    return rows


def review_table(
    *,
    assignment: Assignment,
    user,
    status: str = "",
    sort: str = "name",
    page=1,
    group: str = "",
    evidence: str = "",
) -> ReviewTable:
    """Every current student of the class × every prompt: status, words, cited
    passages and score, with the student's evidence use (documents cited of the
    lesson's, perspectives, documents sourced); filtered by status, small group
    and "relied on one document", sorted, and cut into pages of REVIEW_PAGE_SIZE
    students (the counts cover the whole class). Eight queries, whatever the
    class size."""
    prompts = lesson_prompts(assignment)
    points = prompt_points(assignment, prompts)
    rows, documents_total = _rows(assignment, user, prompts, points)
    status = status if status in STATUS_FILTERS else ""
    sort = sort if sort in SORTS else "name"
    evidence = evidence if evidence in EVIDENCE_FILTERS else ""
    groups = groups_of_classroom(classroom=assignment.classroom)
    group = group if group == NO_GROUP or group.isdigit() else ""
    shown = Paginator(
        _shown(_in_group(rows, group), status, sort, evidence), REVIEW_PAGE_SIZE
    )
    return ReviewTable(
        assignment=assignment,
        prompts=prompts,
        points=points,
        page=_with_students(shown.get_page(page)),
        class_size=len(rows),
        submitted_all=sum(row.has_submitted_all for row in rows),
        waiting=sum(row.waiting for row in rows),
        status=status,
        sort=sort,
        documents_total=documents_total,
        evidence=evidence,
        groups=groups,
        group=group,
    )
