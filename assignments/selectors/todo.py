"""The student's to-do list: every available assignment of their current classes,
sorted by what is left to do.

Two plain queries, counted here: the student's classes beside their assignments
(with the student's accommodations), then the questions of their lessons beside the student's own
answers to them. Both read by the student's own rows, so they cost the same in a
class of 30 or 1,000; and both are cheap to build, which a single query of
correlated subqueries (one per count) was not: building and compiling it cost more
than the database took to answer it."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import FilteredRelation, Q
from django.utils import timezone

from accounts.models import User
from assignments.accommodated import classes_of_student_at
from assignments.models import Assignment, Response
from assignments.schedule import personal_due_apply
from classrooms.models import Classroom
from lessons.models import Lesson, Prompt
from portal.queries import CompiledOnce, loaded

# What one row of the list's first query holds: a class of the student's (with
# its teacher and the student's accommodations there) beside one of its
# assignments (None for a class without any), its lesson's title and the
# student's own date on it (assignments.permissions.classes_of_student_at).
CLASS_READ = ("id", "name", "section", "school_year", "owner_id")
TEACHER_READ = ("owner__first_name", "owner__last_name", "owner__username")
ASSIGNMENT_READ = ("lesson_id", "available_from", "due_at", "closed_at", "points")
ROW = (
    *CLASS_READ,
    *TEACHER_READ,
    "enrolments__extra_days",
    "enrolments__extra_percent",
    "available__id",
    *(f"available__{name}" for name in ASSIGNMENT_READ),
    "available__lesson__title",
    "own_due_at",
)


def _classes_query(student: int, now):
    return (
        classes_of_student_at(student, now)
        .order_by("name", "section", "pk", "available__due_at", "available__id")
        .values_list(*ROW)
    )


# Its SQL compiled once (portal.queries): the student's id and the moment change.
_CLASSES = CompiledOnce(_classes_query)


def _classroom(row) -> Classroom:
    classroom = loaded(Classroom, dict(zip(CLASS_READ, row, strict=False)))
    first_name, last_name, username = row[len(CLASS_READ) : len(CLASS_READ) + 3]
    classroom.owner = loaded(
        User,
        {
            "id": classroom.owner_id,
            "first_name": first_name,
            "last_name": last_name,
            "username": username,
        },
    )
    return classroom


def _assignment(row, classroom: Classroom) -> Assignment:
    """The row's assignment with its lesson and class, the student's own due date
    applied."""
    extra_days, extra_percent, pk, *read = row[len(CLASS_READ) + 3 :]
    *read, title, own_due_at = read
    values = dict(zip(ASSIGNMENT_READ, read, strict=True))
    assignment = loaded(Assignment, {"id": pk, "classroom_id": classroom.pk, **values})
    assignment.lesson = loaded(Lesson, {"id": assignment.lesson_id, "title": title})
    assignment.classroom = classroom
    return personal_due_apply(
        assignment,
        extra_days=extra_days,
        extra_percent=extra_percent,
        own_due_at=own_due_at,
    )


def _read(user, now) -> tuple[list[Classroom], list[Assignment]]:
    """The student's classes (by name) and their available assignments (by the
    class's due date): one query."""
    classrooms, assignments = {}, []
    for row in _CLASSES.rows(student=user.pk, now=now):
        classroom = classrooms.get(row[0])
        if classroom is None:
            classroom = classrooms[row[0]] = _classroom(row)
        if row[ROW.index("available__id")] is not None:
            assignments.append(_assignment(row, classroom))
    assignments.sort(key=lambda a: (a.class_due_at, a.pk))
    return list(classrooms.values()), assignments


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
    # The student's classes now, by name, each with its teacher (the page lists
    # them beside the assignments).
    classrooms: list[Classroom] = field(default_factory=list)

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


def _answers_query(student: int, assignments: list[int], lessons: list[int]):
    mine = FilteredRelation(
        "responses",
        condition=Q(
            responses__student_id=student, responses__assignment_id__in=assignments
        ),
    )
    return (
        Prompt.objects.filter(lesson_id__in=lessons)
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


# Its SQL compiled once for each number of assignments and lessons (portal.queries).
_ANSWERS = CompiledOnce(_answers_query)


def _answer_rows(user, assignments: list[Assignment]):
    """Every question of the assignments' lessons, each with the student's answer
    to it in each of these assignments (a lesson assigned to two of their classes
    has two), or None when there is none: (lesson, question, assignment, status,
    submitted version, has text, score). Joined on the student's own answers by
    the (assignment, question, student) index, so the class's size never shows."""
    return _ANSWERS.rows(
        student=user.pk,
        assignments=[a.pk for a in assignments],
        lessons=sorted({a.lesson_id for a in assignments}),
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


def _sort_into(lists: TodoLists, assignment: Assignment, now) -> None:
    # The student's own due date (extended time) decides where it goes.
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


def todo_for_student(*, user) -> TodoLists:
    """Every available assignment of the student's current classes, sorted into
    overdue, returned for revision, to do (soonest first), submitted and returned
    with feedback. An assignment counts as returned only once every answer is in
    (one answer handed back while others are unanswered is still work to do).
    With them, the student's classes (``classrooms``). Two queries (one without
    any assignment), both compiled once (portal.queries)."""
    lists = TodoLists()
    if not (user.is_authenticated and user.is_student):
        return lists
    now = timezone.now()
    lists.classrooms, assignments = _read(user, now)
    if not assignments:
        return lists
    _counted(user, assignments)
    for assignment in assignments:
        _sort_into(lists, assignment, now)
    # Extended time in one class moves its dates past another class's.
    lists.overdue.sort(key=lambda a: (a.due_at, a.pk))
    lists.due.sort(key=lambda a: (a.due_at, a.pk))
    lists.submitted.reverse()
    lists.returned.reverse()
    return lists
