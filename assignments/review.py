"""Teacher review: the review table, the grading view, feedback and returns, the
citation map, the skill report, the gradebook and the teacher's dashboard.

Reads take the viewer and fetch what a page shows in a fixed number of queries,
however large the class; writes are services named ``<thing>_<verb>``.

Points: an assignment's points split across its prompts in whole points, evenly,
the first prompts taking the remainder (``Assignment.prompt_points``: 10 points
over 3 prompts is 4, 3, 3). A student's score on the assignment is the sum of the
scores of their answers. Each feedback keeps the share it was scored against.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from assignments.models import (
    Assignment,
    Citation,
    Criterion,
    CriterionScore,
    Feedback,
    Response,
    Rubric,
    SavedComment,
)
from assignments.permissions import assignments_managed_by
from assignments.services import response_return
from assignments.text import clean_text, highlight_quotations
from classrooms.models import Classroom, Enrolment
from classrooms.permissions import classrooms_managed_by
from lessons.models import Prompt

MAX_COMMENT_CHARS = 10_000
DUE_SOON = timedelta(days=3)
CHART_ROW = 36  # px per assignment in the teacher home's progress chart

# --- statuses ---------------------------------------------------------------------

NOT_STARTED, DRAFT, SUBMITTED, LATE, RETURNED = (
    "not_started",
    "draft",
    "submitted",
    "late",
    "returned",
)
STATUS_LABELS = {
    NOT_STARTED: gettext_lazy("Not started"),
    DRAFT: gettext_lazy("Draft"),
    SUBMITTED: gettext_lazy("Submitted"),
    LATE: gettext_lazy("Late"),
    RETURNED: gettext_lazy("Returned"),
}
NEEDS_REVIEW = "needs_review"
STATUS_FILTERS = {
    "": gettext_lazy("Everyone"),
    NEEDS_REVIEW: gettext_lazy("Waiting for review"),
    **STATUS_LABELS,
}
SORTS = {
    "name": gettext_lazy("Name"),
    "status": gettext_lazy("Least done first"),
    "words": gettext_lazy("Most words first"),
    "score": gettext_lazy("Highest score first"),
}


def response_status(response: Response | None) -> str:
    if response is None:
        return NOT_STARTED
    if response.status == Response.Status.RETURNED:
        return RETURNED
    version = response.latest_version
    if version is not None:
        return LATE if version.is_late else SUBMITTED
    return DRAFT if response.text.strip() else NOT_STARTED


def _answer_text(response: Response | None) -> str:
    if response is None:
        return ""
    if response.latest_version is not None:
        return response.latest_version.text
    return response.text


def word_count(text: str) -> int:
    return len(text.split())


def prompt_points(assignment: Assignment, prompts: list[Prompt]) -> dict[int, int]:
    """Each prompt's share of the assignment's points, by prompt pk."""
    shares = assignment.prompt_points(len(prompts))
    return {prompt.pk: share for prompt, share in zip(prompts, shares, strict=True)}


def _prompts(assignment: Assignment) -> list[Prompt]:
    return list(Prompt.objects.filter(lesson_id=assignment.lesson_id).order_by("order"))


def _roster(classroom_id: int, user) -> list[User]:
    return [
        e.student
        for e in Enrolment.objects.filter(
            classroom_id=classroom_id,
            classroom__in=classrooms_managed_by(user),
            removed_at__isnull=True,
        )
        .select_related("student")
        .order_by("student__last_name", "student__first_name", "student__pk")
    ]


# --- the review table -------------------------------------------------------------


@dataclass
class Cell:
    prompt: Prompt
    response: Response | None
    status: str
    words: int
    citations: int
    score: Decimal | None
    max_points: int

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


@dataclass
class Row:
    student: User
    cells: list[Cell]

    @property
    def words(self) -> int:
        return sum(c.words for c in self.cells)

    @property
    def posted(self) -> int:
        return sum(c.status in (SUBMITTED, LATE, RETURNED) for c in self.cells)

    @property
    def has_submitted_all(self) -> bool:
        return bool(self.cells) and self.posted == len(self.cells)

    @property
    def score(self) -> Decimal | None:
        scores = [c.score for c in self.cells if c.score is not None]
        return sum(scores, Decimal(0)) if scores else None

    def has_status(self, status: str) -> bool:
        if status == NEEDS_REVIEW:
            return any(c.status in (SUBMITTED, LATE) for c in self.cells)
        return any(c.status == status for c in self.cells)


@dataclass
class ReviewTable:
    assignment: Assignment
    prompts: list[Prompt]
    points: dict[int, int]
    rows: list[Row]
    class_size: int
    submitted_all: int
    waiting: int
    status: str = ""
    sort: str = "name"

    @property
    def percent(self) -> int:
        return (
            round(100 * self.submitted_all / self.class_size) if self.class_size else 0
        )


def review_table(
    *, assignment: Assignment, user, status: str = "", sort: str = "name"
) -> ReviewTable:
    """Every current student of the class × every prompt: status, words, cited
    passages and score; filtered by status and sorted. Three queries, whatever
    the class size."""
    prompts = _prompts(assignment)
    points = prompt_points(assignment, prompts)
    students = _roster(assignment.classroom_id, user)
    responses = {
        (r.student_id, r.prompt_id): r
        for r in Response.objects.filter(
            assignment=assignment, assignment__in=assignments_managed_by(user)
        )
        .select_related("latest_version", "feedback")
        .annotate(citation_count=Count("citations"))
    }
    rows = []
    for student in students:
        cells = []
        for prompt in prompts:
            response = responses.get((student.pk, prompt.pk))
            feedback = getattr(response, "feedback", None) if response else None
            cells.append(
                Cell(
                    prompt=prompt,
                    response=response,
                    status=response_status(response),
                    words=word_count(_answer_text(response)),
                    citations=response.citation_count if response else 0,
                    score=feedback.score if feedback else None,
                    max_points=points[prompt.pk],
                )
            )
        rows.append(Row(student=student, cells=cells))
    table = ReviewTable(
        assignment=assignment,
        prompts=prompts,
        points=points,
        rows=rows,
        class_size=len(rows),
        submitted_all=sum(row.has_submitted_all for row in rows),
        waiting=sum(c.status in (SUBMITTED, LATE) for row in rows for c in row.cells),
        status=status if status in STATUS_FILTERS else "",
        sort=sort if sort in SORTS else "name",
    )
    if table.status:
        table.rows = [row for row in rows if row.has_status(table.status)]
    if table.sort == "status":
        table.rows.sort(key=lambda row: row.posted)
    elif table.sort == "words":
        table.rows.sort(key=lambda row: -row.words)
    elif table.sort == "score":
        table.rows.sort(key=lambda row: (row.score is None, -(row.score or 0)))
    return table


# --- the grading view -------------------------------------------------------------


@dataclass
class CitedParagraph:
    excerpt_title: str
    source_title: str
    number: int
    quotations: list[str]
    html: str


@dataclass
class GradedAnswer:
    prompt: Prompt
    response: Response | None
    status: str
    text: str
    max_points: int
    feedback: Feedback | None
    cited: list[CitedParagraph]
    criterion_scores: dict[int, int] = field(default_factory=dict)

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def version(self) -> int:
        return self.feedback.version if self.feedback else 0


@dataclass
class GradingPage:
    assignment: Assignment
    student: User
    answers: list[GradedAnswer]
    previous: User | None
    next: User | None
    position: int
    class_size: int
    criteria: list[Criterion]
    saved_comments: list[SavedComment]


def _cited_paragraphs(citations: list[dict], excerpts: dict) -> list[CitedParagraph]:
    """Group an answer's quotations by the paragraph they come from, each paragraph
    shown whole with the quoted words marked."""
    grouped: dict[tuple[int, int], list[str]] = {}
    for item in citations:
        key = (item.get("excerpt_id"), item.get("paragraph"))
        grouped.setdefault(key, []).append(item.get("quotation", ""))
    cited = []
    for (excerpt_id, number), quotations in grouped.items():
        excerpt = excerpts.get(excerpt_id)
        paragraphs = excerpt.paragraphs if excerpt else []
        if excerpt is None or not 1 <= (number or 0) <= len(paragraphs):
            continue
        cited.append(
            CitedParagraph(
                excerpt_title=excerpt.title,
                source_title=excerpt.source.title,
                number=number,
                quotations=quotations,
                html=highlight_quotations(paragraphs[number - 1], quotations),
            )
        )
    return cited


def grading_page(*, assignment: Assignment, user, student_pk: int) -> GradingPage:
    """One student's answers to the assignment with their evidence in context, their
    feedback so far, the rubric and the teacher's comment bank, and who comes before
    and after them in the roster. A student not in the class answers 404."""
    students = _roster(assignment.classroom_id, user)
    index = next((i for i, s in enumerate(students) if s.pk == student_pk), None)
    if index is None:
        raise Http404
    student = students[index]
    prompts = _prompts(assignment)
    points = prompt_points(assignment, prompts)
    responses = {
        r.prompt_id: r
        for r in Response.objects.filter(assignment=assignment, student=student)
        .select_related("latest_version", "feedback")
        .prefetch_related(
            Prefetch(
                "citations",
                queryset=Citation.objects.order_by("created_at", "pk"),
            ),
            "feedback__criterion_scores",
        )
    }
    excerpts = {
        item.excerpt.pk: item.excerpt
        for item in assignment.lesson.lesson_excerpts.select_related("excerpt__source")
    }
    answers = []
    for prompt in prompts:
        response = responses.get(prompt.pk)
        feedback = getattr(response, "feedback", None) if response else None
        if response is None:
            citations = []
        elif response.latest_version is not None:
            citations = response.latest_version.citations
        else:
            citations = [
                {
                    "excerpt_id": c.excerpt_id,
                    "paragraph": c.paragraph,
                    "quotation": c.quotation,
                }
                for c in response.citations.all()
            ]
        answers.append(
            GradedAnswer(
                prompt=prompt,
                response=response,
                status=response_status(response),
                text=_answer_text(response),
                max_points=feedback.max_points if feedback else points[prompt.pk],
                feedback=feedback,
                cited=_cited_paragraphs(citations, excerpts),
                criterion_scores={
                    s.criterion_id: s.points for s in feedback.criterion_scores.all()
                }
                if feedback
                else {},
            )
        )
    criteria = (
        list(Criterion.objects.filter(rubric_id=assignment.rubric_id).order_by("order"))
        if assignment.rubric_id
        else []
    )
    return GradingPage(
        assignment=assignment,
        student=student,
        answers=answers,
        previous=students[index - 1] if index > 0 else None,
        next=students[index + 1] if index + 1 < len(students) else None,
        position=index + 1,
        class_size=len(students),
        criteria=criteria,
        saved_comments=list(saved_comments_for(user=user)),
    )


# --- feedback and returns ---------------------------------------------------------


class StaleFeedback(ValidationError):
    """Raised when the feedback changed since the form was opened."""


@dataclass
class FeedbackInput:
    response: Response
    score: Decimal | None
    comment: str
    version: int
    criterion_scores: dict[int, int] = field(default_factory=dict)


def _unchanged(feedback: Feedback | None, item: FeedbackInput) -> bool:
    current_scores = (
        {s.criterion_id: s.points for s in feedback.criterion_scores.all()}
        if feedback
        else {}
    )
    if feedback is None:
        return item.score is None and not item.comment and not item.criterion_scores
    return (
        feedback.score == item.score
        and feedback.comment == item.comment
        and current_scores == item.criterion_scores
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
    comment = clean_text(item.comment, max_chars=MAX_COMMENT_CHARS).strip()
    item.comment = comment
    feedback = (
        Feedback.objects.select_for_update()
        .filter(response=item.response)
        .prefetch_related("criterion_scores")
        .first()
    )
    if _unchanged(feedback, item):
        return feedback
    if (feedback.version if feedback else 0) != item.version:
        raise StaleFeedback(
            _(
                "This feedback was changed in another tab or by another teacher "
                "after you opened the page. Nothing was saved: the page now shows "
                "the saved feedback, and what you wrote is below it to copy."
            ),
            code="stale",
        )
    if feedback is None:
        feedback = Feedback(response=item.response, version=0)
    max_points = feedback.max_points if feedback.pk else max_points
    if item.score is not None and not 0 <= item.score <= max_points:
        raise ValidationError(
            _("The score must be between 0 and %(points)s.") % {"points": max_points},
            code="score_range",
        )
    feedback.score = item.score
    feedback.max_points = max_points
    feedback.comment = comment
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
    else:
        try:
            with transaction.atomic():
                feedback.save()
        except IntegrityError:
            # The other tab created it a moment ago.
            raise StaleFeedback(
                _("This feedback was just saved from another page. Nothing was saved."),
                code="stale",
            ) from None
    by_pk = {c.pk: c for c in criteria}
    feedback.criterion_scores.exclude(criterion_id__in=item.criterion_scores).delete()
    for criterion_pk, points in item.criterion_scores.items():
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
    return feedback


@transaction.atomic
def feedback_save_all(
    *, items: list[FeedbackInput], points: dict[int, int], graded_by, criteria
) -> list[Feedback]:
    """Save the feedback on several answers of one student at once: all or none."""
    return [
        feedback_save(
            item=item,
            max_points=points[item.response.prompt_id],
            graded_by=graded_by,
            criteria=criteria,
        )
        for item in items
    ]


@transaction.atomic
def feedback_return(*, responses: list[Response]) -> int:
    """Hand answers back to their students, who then see score and comment and can
    no longer resubmit them. Answers not submitted, or already returned, are left
    as they are. Returns how many were returned."""
    returned = 0
    for response in responses:
        if response.latest_version_id and response.status != Response.Status.RETURNED:
            response_return(response=response)
            returned += 1
    return returned


def responses_to_return(*, assignment: Assignment, user, student=None):
    """The submitted, not yet returned answers of an assignment (of one student)."""
    qs = Response.objects.filter(
        assignment=assignment,
        assignment__in=assignments_managed_by(user),
        latest_version__isnull=False,
        status=Response.Status.SUBMITTED,
    )
    if student is not None:
        qs = qs.filter(student=student)
    return list(qs)


# --- the comment bank -------------------------------------------------------------


def saved_comments_for(*, user):
    return SavedComment.objects.filter(owner=user).order_by("text", "pk")


@transaction.atomic
def saved_comment_create(*, owner, text: str) -> SavedComment:
    """Keep a comment in the teacher's bank (saving the same words twice keeps one)."""
    text = clean_text(text, max_chars=MAX_COMMENT_CHARS).strip()
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


# --- rubrics ----------------------------------------------------------------------


def rubrics_for(*, user):
    return (
        Rubric.objects.filter(owner=user)
        .prefetch_related(
            Prefetch("criteria", queryset=Criterion.objects.order_by("order"))
        )
        .order_by("title", "pk")
    )


@transaction.atomic
def rubric_create(*, owner, title: str, criteria: list[dict]) -> Rubric:
    """A rubric with its criteria (each: title, description, skill, points)."""
    if not criteria:
        raise ValidationError(
            _("Give the rubric at least one criterion."), code="empty"
        )
    rubric = Rubric(owner=owner, title=title)
    rubric.full_clean()
    rubric.save()
    for order, values in enumerate(criteria, start=1):
        criterion = Criterion(rubric=rubric, order=order, **values)
        criterion.full_clean()
        criterion.save()
    return rubric


def get_rubric_for_owner_or_404(user, pk: int) -> Rubric:
    """A rubric is its owner's alone: anyone else gets 404, as for a missing one."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(Rubric.objects.filter(owner=user), pk=pk)


@transaction.atomic
def rubric_update(*, rubric: Rubric, title: str, criteria: list[dict]) -> Rubric:
    """Change a rubric's title and criteria (each: optional ``id`` of one of its
    criteria, title, description, skill, points), in the order given. A criterion
    left out is removed, unless answers were already scored on it: those levels
    feed the skill report, so it is refused with a message. Levels already chosen
    keep the points they were chosen out of."""
    if not criteria:
        raise ValidationError(
            _("Give the rubric at least one criterion."), code="empty"
        )
    existing = {c.pk: c for c in rubric.criteria.select_for_update()}
    kept = {values["id"] for values in criteria if values.get("id")}
    if kept - existing.keys():
        raise ValidationError(
            _("The page is out of date; reload it."), code="foreign_criterion"
        )
    dropped = [c for pk, c in existing.items() if pk not in kept]
    scored = [c.title for c in dropped if c.scores.exists()]
    if scored:
        raise ValidationError(
            _(
                "“%(titles)s” has already been used to score answers, so it cannot "
                "be removed (the skill report counts it). Keep it, or make a new "
                "rubric."
            )
            % {"titles": "”, “".join(scored)},
            code="criterion_scored",
        )
    rubric.title = title
    rubric.full_clean()
    rubric.save(update_fields=["title"])
    for criterion in dropped:
        criterion.delete()
    # Orders are unique per rubric: move the kept ones out of the way first.
    rubric.criteria.update(order=F("order") + 1000)
    for order, values in enumerate(criteria, start=1):
        values = dict(values)
        pk = values.pop("id", None)
        criterion = existing[pk] if pk else Criterion(rubric=rubric)
        for name, value in values.items():
            setattr(criterion, name, value)
        criterion.order = order
        criterion.full_clean(validate_constraints=False)
        criterion.save()
    return rubric


@transaction.atomic
def rubric_delete(*, rubric: Rubric) -> None:
    """Delete a rubric. Refused while an assignment uses it (choose another rubric
    there first) and once answers were scored on it (the skill report counts those
    levels), with a message saying which."""
    used = list(rubric.assignments.select_related("lesson", "classroom"))
    if used:
        raise ValidationError(
            _(
                "This rubric is used by %(assignments)s. Choose another rubric (or "
                "none) on their review pages first."
            )
            % {"assignments": "; ".join(str(a) for a in used)},
            code="in_use",
        )
    if CriterionScore.objects.filter(criterion__rubric=rubric).exists():
        raise ValidationError(
            _(
                "Answers were already scored with this rubric, and the skill report "
                "counts those levels, so it is kept."
            ),
            code="scored",
        )
    rubric.delete()


@transaction.atomic
def assignment_rubric_set(
    *, assignment: Assignment, rubric: Rubric | None
) -> Assignment:
    """Attach a rubric (or none) to an assignment. Levels already chosen with
    another rubric stay in the skill report."""
    assignment.rubric = rubric
    assignment.save(update_fields=["rubric", "updated_at"])
    return assignment


# --- the citation map -------------------------------------------------------------

BUCKETS = 5  # cite-0 (nobody) to cite-4 (the most cited)


@dataclass
class MappedParagraph:
    number: int
    html: str
    students: int
    bucket: int


@dataclass
class MappedExcerpt:
    excerpt: object
    paragraphs: list[MappedParagraph]

    @property
    def students(self) -> int:
        return max((p.students for p in self.paragraphs), default=0)


@dataclass
class CitationMap:
    excerpts: list[MappedExcerpt]
    uncited: list[object]
    posted_students: int


def citation_map(*, assignment: Assignment, user) -> CitationMap:
    """For each excerpt of the lesson, how many students cited each paragraph in
    their submitted answers (as submitted), and the excerpts nobody cited. Two
    queries."""
    from portal.rendering import render_markdown

    excerpts = [
        item.excerpt
        for item in assignment.lesson.lesson_excerpts.select_related(
            "excerpt__source"
        ).order_by("order")
    ]
    cited: dict[tuple[int, int], set[int]] = defaultdict(set)
    posted = set()
    for student_id, snapshot in Response.objects.filter(
        assignment=assignment,
        assignment__in=assignments_managed_by(user),
        latest_version__isnull=False,
    ).values_list("student_id", "latest_version__citations"):
        posted.add(student_id)
        for item in snapshot or []:
            cited[(item.get("excerpt_id"), item.get("paragraph"))].add(student_id)
    most = max((len(s) for s in cited.values()), default=0)
    mapped, uncited = [], []
    for excerpt in excerpts:
        paragraphs = []
        for number, text in enumerate(excerpt.paragraphs, start=1):
            count = len(cited.get((excerpt.pk, number), ()))
            bucket = 0 if not count else max(1, -(-count * (BUCKETS - 1) // most))
            paragraphs.append(
                MappedParagraph(
                    number=number,
                    html=render_markdown(text),
                    students=count,
                    bucket=bucket,
                )
            )
        entry = MappedExcerpt(excerpt=excerpt, paragraphs=paragraphs)
        mapped.append(entry)
        if entry.students == 0:
            uncited.append(excerpt)
    return CitationMap(excerpts=mapped, uncited=uncited, posted_students=len(posted))


# --- the gradebook ----------------------------------------------------------------


@dataclass
class GradebookRow:
    student: User
    scores: list[Decimal | None]


@dataclass
class Gradebook:
    classroom: Classroom
    assignments: list[Assignment]
    rows: list[GradebookRow]


def gradebook(*, classroom: Classroom, user) -> Gradebook:
    """Students × assignments of a class: each cell the sum of the scores given on
    the student's answers (empty when nothing is scored yet). Three queries."""
    assignments = list(
        assignments_managed_by(user)
        .filter(classroom=classroom)
        .select_related("lesson")
        .order_by("due_at", "pk")
    )
    students = _roster(classroom.pk, user)
    totals = {
        (row["response__student_id"], row["response__assignment_id"]): row["total"]
        for row in Feedback.objects.filter(
            response__assignment__in=assignments_managed_by(user),
            response__assignment__classroom=classroom,
            score__isnull=False,
        )
        .values("response__student_id", "response__assignment_id")
        .annotate(total=Sum("score"))
    }
    rows = [
        GradebookRow(
            student=student,
            scores=[totals.get((student.pk, a.pk)) for a in assignments],
        )
        for student in students
    ]
    return Gradebook(classroom=classroom, assignments=assignments, rows=rows)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """A value for a spreadsheet: numbers stay numbers; text that a spreadsheet
    would run as a formula is prefixed with a single quote, so it opens as text."""
    if value is None:
        return ""
    if isinstance(value, (int, Decimal)):
        return value.normalize() if isinstance(value, Decimal) else value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def gradebook_csv_rows(book: Gradebook) -> list[list]:
    """The gradebook in the layout Canvas imports: Student, ID, SIS Login ID,
    Section, then one "Title (id)" column per assignment, a "Points Possible" row
    first."""
    header = ["Student", "ID", "SIS Login ID", "Section"] + [
        f"{a.lesson.title} ({a.pk})" for a in book.assignments
    ]
    rows = [
        [csv_cell(v) for v in header],
        ["Points Possible", "", "", ""] + [a.points for a in book.assignments],
    ]
    for row in book.rows:
        student = row.student
        name = (
            f"{student.last_name}, {student.first_name}"
            if student.last_name
            else student.first_name or student.username
        )
        rows.append(
            [
                csv_cell(name),
                student.pk,
                csv_cell(student.username),
                csv_cell(book.classroom.section),
                *[csv_cell(score) for score in row.scores],
            ]
        )
    return rows


# --- the skill report -------------------------------------------------------------


@dataclass
class SkillRow:
    skill: str
    label: str
    per_assignment: list[int | None]
    answers: int
    average: int | None
    rubric_average: int | None
    rubric_count: int


@dataclass
class SkillReport:
    classroom: Classroom
    assignments: list[Assignment]
    rows: list[SkillRow]


def _percent(score, out_of) -> int | None:
    """A share as a whole percentage, halves rounded up as people expect."""
    if not out_of:
        return None
    share = 100 * Decimal(score) / Decimal(out_of)
    return int(share.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def skill_report(*, classroom: Classroom, user) -> SkillReport:
    """For a class: by historical-thinking skill, the average score (as a share of
    the points) of the scored answers to prompts of that skill, per assignment and
    overall, and the average level on rubric criteria tagged with that skill.
    Three queries."""
    assignments = list(
        assignments_managed_by(user)
        .filter(classroom=classroom)
        .select_related("lesson")
        .order_by("due_at", "pk")
    )
    scored = Feedback.objects.filter(
        response__assignment__in=assignments_managed_by(user),
        response__assignment__classroom=classroom,
        score__isnull=False,
        max_points__gt=0,
    )
    by_skill = defaultdict(dict)
    for row in scored.values(
        "response__prompt__skill", "response__assignment_id"
    ).annotate(total=Sum("score"), out_of=Sum("max_points"), n=Count("pk")):
        by_skill[row["response__prompt__skill"]][row["response__assignment_id"]] = row
    rubric = {
        row["criterion__skill"]: row
        for row in CriterionScore.objects.filter(
            feedback__response__assignment__in=assignments_managed_by(user),
            feedback__response__assignment__classroom=classroom,
        )
        .values("criterion__skill")
        .annotate(total=Sum("points"), out_of=Sum("max_points"), n=Count("pk"))
    }
    rows = []
    for skill, label in Prompt.Skill.choices:
        cells = by_skill.get(skill, {})
        total = sum((c["total"] for c in cells.values()), Decimal(0))
        out_of = sum(c["out_of"] for c in cells.values())
        r = rubric.get(skill)
        rows.append(
            SkillRow(
                skill=skill,
                label=str(label),
                per_assignment=[
                    _percent(cells[a.pk]["total"], cells[a.pk]["out_of"])
                    if a.pk in cells
                    else None
                    for a in assignments
                ],
                answers=sum(c["n"] for c in cells.values()),
                average=_percent(total, out_of),
                rubric_average=_percent(r["total"], r["out_of"]) if r else None,
                rubric_count=r["n"] if r else 0,
            )
        )
    return SkillReport(classroom=classroom, assignments=assignments, rows=rows)


def get_classroom_for_teacher_or_404(user, pk: int) -> Classroom:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(classrooms_managed_by(user), pk=pk)


# --- the teacher's dashboard ------------------------------------------------------


@dataclass
class ClassSummary:
    classroom: Classroom
    assignments: list[Assignment]
    waiting: int
    due_soon: list[Assignment]

    @property
    def chart_height(self) -> int:
        return max(1, len(self.assignments)) * CHART_ROW


def teacher_dashboard(*, user) -> list[ClassSummary]:
    """For each of the teacher's current classes: its open assignments with how
    many answers came in out of how many are expected, how many answers wait for
    review, and what is due in the next three days. Two queries."""
    classes = list(
        classrooms_managed_by(user)
        .filter(archived_at__isnull=True)
        .annotate(
            student_count=Count(
                "enrolments",
                filter=Q(enrolments__removed_at__isnull=True),
                distinct=True,
            )
        )
        .order_by("name", "section", "pk")
    )

    def count_responses(**filters):
        return Coalesce(
            Subquery(
                Response.objects.filter(assignment=OuterRef("pk"), **filters)
                .values("assignment")
                .annotate(n=Count("pk"))
                .values("n"),
                output_field=IntegerField(),
            ),
            0,
        )

    assignments = (
        assignments_managed_by(user)
        .filter(classroom__in=[c.pk for c in classes], closed_at__isnull=True)
        .select_related("lesson")
        .annotate(
            posted=count_responses(latest_version__isnull=False),
            waiting=count_responses(
                latest_version__isnull=False, status=Response.Status.SUBMITTED
            ),
            prompt_count=Coalesce(
                Subquery(
                    Prompt.objects.filter(lesson=OuterRef("lesson"))
                    .values("lesson")
                    .annotate(n=Count("pk"))
                    .values("n"),
                    output_field=IntegerField(),
                ),
                0,
            ),
        )
        .order_by("due_at", "pk")
    )
    by_class = defaultdict(list)
    for assignment in assignments:
        by_class[assignment.classroom_id].append(assignment)
    now = timezone.now()
    summaries = []
    for classroom in classes:
        items = by_class.get(classroom.pk, [])
        for row, a in enumerate(items):
            a.chart_y = row * CHART_ROW
            a.expected = a.prompt_count * classroom.student_count
            a.percent = round(100 * a.posted / a.expected) if a.expected else 0
            a.bar_width = a.percent * 2  # px in the 200-wide chart
        summaries.append(
            ClassSummary(
                classroom=classroom,
                assignments=items,
                waiting=sum(a.waiting for a in items),
                due_soon=[a for a in items if now <= a.due_at <= now + DUE_SOON],
            )
        )
    return summaries
