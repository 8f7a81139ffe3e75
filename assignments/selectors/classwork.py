"""Reads for a class's work counted in students: the class's Classwork tab and the
teacher's home (every current class at a glance).

A student has *submitted* an assignment when every one of its prompts has a
submitted answer (the review table's "submitted everything"); a student is *late*
when one of those answers came in after the due date, and *waits for review* when
one of their submitted answers is not returned yet. Only students on the roster
now are counted. A fixed number of queries, however many students and assignments.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from assignments.models import Assignment, Response
from assignments.permissions import assignments_managed_by
from classrooms.models import Classroom
from classrooms.permissions import classrooms_managed_by
from lessons.models import Prompt


@dataclass(frozen=True)
class StudentProgress:
    """Where a class's students stand on one assignment."""

    class_size: int
    submitted: int = 0
    late: int = 0
    started: int = 0  # have written or submitted something, but not everything
    to_review: int = 0
    # Of those who submitted everything: every answer returned (graded), or some
    # still waiting and at least one of them late.
    graded: int = 0
    late_waiting: int = 0

    @property
    def percent(self) -> int:
        if not self.class_size:
            return 0
        return round(100 * self.submitted / self.class_size)

    @property
    def not_started(self) -> int:
        return max(self.class_size - self.submitted - self.started, 0)


@dataclass(frozen=True)
class ClassworkItem:
    assignment: Assignment
    progress: StudentProgress


@dataclass
class ClassSummary:
    """One current class on the teacher's home: its open assignments, once each."""

    classroom: Classroom
    assignments: list[ClassworkItem]
    due_soon: list[Assignment] = field(default_factory=list)

    @property
    def to_review(self) -> int:
        return sum(item.progress.to_review for item in self.assignments)


def _with_prompt_count(assignments):
    return assignments.select_related("lesson").annotate(
        prompt_count=Coalesce(
            Subquery(
                Prompt.objects.filter(lesson=OuterRef("lesson"))
                .values("lesson")
                .annotate(n=Count("pk"))
                .values("n"),
                output_field=IntegerField(),
            ),
            0,
        )
    )


def _progress(
    assignments: list[Assignment], class_sizes: dict[int, int], user
) -> dict[int, StudentProgress]:
    """Each assignment's progress in students: one grouped query (a row per
    student who has started), counted up here."""
    per_student = (
        Response.objects.filter(
            assignment__in=assignments_managed_by(user).filter(
                pk__in=[a.pk for a in assignments]
            ),
            student__enrolments__classroom=F("assignment__classroom"),
            student__enrolments__removed_at__isnull=True,
        )
        .order_by()
        .values("assignment_id", "student_id")
        .annotate(
            posted=Count("pk", filter=Q(latest_version__isnull=False)),
            late=Count("pk", filter=Q(latest_version__is_late=True)),
            waiting=Count(
                "pk",
                filter=Q(latest_version__isnull=False)
                & ~Q(status=Response.Status.RETURNED),
            ),
        )
    )
    prompts = {a.pk: a.prompt_count for a in assignments}
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in per_student:
        tally = counts[row["assignment_id"]]
        done = (
            prompts[row["assignment_id"]]
            and row["posted"] >= (prompts[row["assignment_id"]])
        )
        tally["submitted" if done else "started"] += 1
        tally["late"] += row["late"] > 0
        tally["to_review"] += row["waiting"] > 0
        if done and not row["waiting"]:
            tally["graded"] += 1
        elif done and row["late"]:
            tally["late_waiting"] += 1
    return {
        a.pk: StudentProgress(
            class_size=class_sizes.get(a.classroom_id, 0), **counts[a.pk]
        )
        for a in assignments
    }


def _with_class_size(classes):
    return classes.annotate(
        class_size=Count(
            "enrolments", filter=Q(enrolments__removed_at__isnull=True), distinct=True
        )
    )


def classwork_for_class(*, classroom: Classroom, user) -> list[ClassworkItem]:
    """Every assignment of a class the viewer manages (open ones first, by due
    date; then closed ones, latest first), each with its progress in students.
    Three queries."""
    assignments = list(
        _with_prompt_count(
            assignments_managed_by(user).filter(classroom=classroom)
        ).order_by("due_at", "pk")
    )
    sizes = dict(
        _with_class_size(
            classrooms_managed_by(user).filter(pk=classroom.pk)
        ).values_list("pk", "class_size")
    )
    progress = _progress(assignments, sizes, user)
    open_ = [a for a in assignments if not a.is_closed]
    closed = sorted(
        (a for a in assignments if a.is_closed), key=lambda a: a.due_at, reverse=True
    )
    return [ClassworkItem(a, progress[a.pk]) for a in [*open_, *closed]]


def teacher_dashboard(*, user) -> list[ClassSummary]:
    """For each of the teacher's current classes: its open assignments, once each,
    with their progress in students, and what is due soon. Three queries."""
    classes = list(
        _with_class_size(
            classrooms_managed_by(user).filter(archived_at__isnull=True)
        ).order_by("name", "section", "pk")
    )
    sizes = {c.pk: c.class_size for c in classes}
    assignments = list(
        _with_prompt_count(
            assignments_managed_by(user).filter(
                classroom__in=[c.pk for c in classes], closed_at__isnull=True
            )
        ).order_by("due_at", "pk")
    )
    progress = _progress(assignments, sizes, user)
    by_class = defaultdict(list)
    for assignment in assignments:
        by_class[assignment.classroom_id].append(
            ClassworkItem(assignment, progress[assignment.pk])
        )
    return [
        ClassSummary(
            classroom=classroom,
            assignments=by_class[classroom.pk],
            due_soon=[
                item.assignment
                for item in by_class[classroom.pk]
                if item.assignment.is_due_soon
            ],
        )
        for classroom in classes
    ]
