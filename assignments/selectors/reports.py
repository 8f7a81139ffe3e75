"""Reads for the teacher's reports: an assignment's progress (its overview) and
citation map, a class's gradebook and skill report. (The teacher's home and a class's
Classwork tab, counted in students, are in ``classwork``.)

Each takes the viewer and costs a fixed number of queries, however large the class.
A student's score on an assignment is the sum of the scores of their answers."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum

from accounts.models import User
from assignments.models import Assignment, CriterionScore, Feedback, Response
from assignments.permissions import assignments_managed_by
from assignments.selectors.due_dates import own_due_dates
from assignments.selectors.regions import CitedPicture, class_heat, region_of
from classrooms.models import Classroom, Enrolment
from classrooms.selectors import roster_for_classroom
from lessons.models import Prompt
from portal.rendering import render_markdown

# --- the assignment's overview ----------------------------------------------------


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
    # For a picture: every region the class cited on it (a heat map).
    heat: CitedPicture | None = None

    @property
    def students(self) -> int:
        words = max((p.students for p in self.paragraphs), default=0)
        return max(words, self.heat.students if self.heat else 0)


@dataclass
class CitationMap:
    excerpts: list[MappedExcerpt]
    uncited: list[object]
    posted_students: int


def _cited_by(assignment: Assignment, user) -> tuple[dict, set, dict]:
    """Who cited each (excerpt, paragraph) in their submitted answers, who
    submitted at all, and the regions cited on each picture (student, region,
    description)."""
    cited: dict[tuple[int, int], set[int]] = defaultdict(set)
    regions: dict[int, list] = defaultdict(list)
    posted = set()
    for student_id, snapshot in Response.objects.filter(
        assignment=assignment,
        assignment__in=assignments_managed_by(user),
        latest_version__isnull=False,
    ).values_list("student_id", "latest_version__citations"):
        posted.add(student_id)
        for item in snapshot or []:
            region = region_of(item)
            if region is not None:
                regions[item.get("excerpt_id")].append(
                    (student_id, region, item.get("quotation", ""))
                )
            else:
                cited[(item.get("excerpt_id"), item.get("paragraph"))].add(student_id)
    return cited, posted, regions


def _mapped_excerpt(excerpt, cited: dict, most: int) -> MappedExcerpt:
    paragraphs = []
    for number, text in enumerate(excerpt.paragraphs, start=1):
        count = len(cited.get((excerpt.pk, number), ()))
        bucket = 0 if not count else max(1, -(-count * (BUCKETS - 1) // most))
        paragraphs.append(
            MappedParagraph(
                number=number, html=render_markdown(text), students=count, bucket=bucket
            )
        )
    return MappedExcerpt(excerpt=excerpt, paragraphs=paragraphs)


def citation_map(*, assignment: Assignment, user) -> CitationMap:
    """For each excerpt of the lesson, how many students cited each paragraph in
    their submitted answers (as submitted), and the excerpts nobody cited. Two
    queries."""
    excerpts = [
        item.excerpt
        for item in assignment.lesson.lesson_excerpts.select_related(
            "excerpt__source", "excerpt__image"
        ).order_by("order")
    ]
    cited, posted, regions = _cited_by(assignment, user)
    most = max((len(s) for s in cited.values()), default=0)
    mapped = [_mapped_excerpt(excerpt, cited, most) for excerpt in excerpts]
    for entry in mapped:
        if entry.excerpt.is_image:
            entry.heat = class_heat(entry.excerpt, regions.get(entry.excerpt.pk, []))
    return CitationMap(
        excerpts=mapped,
        uncited=[entry.excerpt for entry in mapped if entry.students == 0],
        posted_students=len(posted),
    )


# --- the gradebook ----------------------------------------------------------------


@dataclass
class GradebookRow:
    student: User
    scores: list[Decimal | None]
    # Extended time (an accommodation): the student's own due date per assignment,
    # in the order of the columns; empty for a student on the class's dates.
    own_due_dates: list[datetime] = field(default_factory=list)

    @property
    def cells(self) -> list[tuple[Decimal | None, datetime | None]]:
        """Each column's score with the student's own due date (or None)."""
        dues = self.own_due_dates or [None] * len(self.scores)
        return list(zip(self.scores, dues, strict=True))


@dataclass
class Gradebook:
    classroom: Classroom
    assignments: list[Assignment]
    rows: list[GradebookRow]


def _class_assignments(classroom: Classroom, user) -> list[Assignment]:
    return list(
        assignments_managed_by(user)
        .filter(classroom=classroom)
        .select_related("lesson")
        .order_by("due_at", "pk")
    )


def gradebook(*, classroom: Classroom, user) -> Gradebook:
    """Students × assignments of a class: each cell the sum of the scores given on
    the student's answers (empty when nothing is scored yet). Three queries."""
    assignments = _class_assignments(classroom, user)
    enrolments = list(roster_for_classroom(classroom=classroom.pk, user=user))
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
    own = own_due_dates(assignments, enrolments, whole_class=True)
    rows = [
        GradebookRow(
            student=e.student,
            scores=[totals.get((e.student_id, a.pk)) for a in assignments],
            own_due_dates=[own.get((e.student_id, a.pk)) for a in assignments]
            if any((e.student_id, a.pk) in own for a in assignments)
            else [],
        )
        for e in enrolments
    ]
    return Gradebook(classroom=classroom, assignments=assignments, rows=rows)


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


def _scores_by_skill(classroom: Classroom, user) -> dict[str, dict[int, dict]]:
    """Scored answers' totals by prompt skill, then by assignment."""
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
    return by_skill


def _rubric_by_skill(classroom: Classroom, user) -> dict[str, dict]:
    """Rubric levels chosen, by the skill of their criterion."""
    return {
        row["criterion__skill"]: row
        for row in CriterionScore.objects.filter(
            feedback__response__assignment__in=assignments_managed_by(user),
            feedback__response__assignment__classroom=classroom,
        )
        .values("criterion__skill")
        .annotate(total=Sum("points"), out_of=Sum("max_points"), n=Count("pk"))
    }


def _skill_row(skill, label, cells: dict, rubric: dict | None, assignments):
    total = sum((c["total"] for c in cells.values()), Decimal(0))
    out_of = sum(c["out_of"] for c in cells.values())
    return SkillRow(
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
        rubric_average=_percent(rubric["total"], rubric["out_of"]) if rubric else None,
        rubric_count=rubric["n"] if rubric else 0,
    )


def skill_report(*, classroom: Classroom, user) -> SkillReport:
    """For a class: by historical-thinking skill, the average score (as a share of
    the points) of the scored answers to prompts of that skill, per assignment and
    overall, and the average level on rubric criteria tagged with that skill.
    Three queries."""
    assignments = _class_assignments(classroom, user)
    by_skill = _scores_by_skill(classroom, user)
    rubric = _rubric_by_skill(classroom, user)
    rows = [
        _skill_row(
            skill, label, by_skill.get(skill, {}), rubric.get(skill), assignments
        )
        for skill, label in Prompt.Skill.choices
    ]
    return SkillReport(classroom=classroom, assignments=assignments, rows=rows)
