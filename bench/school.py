"""A school for the benchmark: classes of students who all did the shipped unit's
first lesson (answers with cited evidence, submitted, replies, feedback on half of
them) and a library large enough for search to cost something.

The first student's answers go through the services (so citations are checked and
the evidence snapshot is the real one); everyone else's are copies made with
``bulk_create``, so a school of 1,840 students is built in seconds, not minutes.
Django must be set up before this module is imported.
"""

import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.services import user_create
from assignments.models import (
    Citation,
    Feedback,
    Reply,
    Response,
    SubmissionVersion,
)
from assignments.services import answers as work
from assignments.services.assignments import assignment_create
from classrooms.models import Classroom, Enrolment
from classrooms.services import classroom_create
from lessons.models import Unit
from sources.models import Excerpt, Source

# Every bench account signs in with it; the database is a throw-away one.
PASSWORD = "bench-password-1"  # noqa: S105

# The school the issue describes; the smoke run uses a few students per class.
FULL = {"classes_of_30": 20, "size_30": 30, "size_200": 200, "size_1000": 1000}
SMOKE = {"classes_of_30": 2, "size_30": 3, "size_200": 5, "size_1000": 8}


@dataclass
class School:
    """What the harness needs to find its pages and sign people in."""

    lesson_id: int
    prompt_ids: list[int]
    # class size -> (teacher id, classroom id, assignment id, first student's id)
    classes: dict[int, tuple[int, int, int, int]] = field(default_factory=dict)
    students: int = 0
    sources: int = 0


def _people(prefix: str, count: int, hashed: str) -> list[User]:
    return User.objects.bulk_create(
        User(
            username=f"{prefix}.s{i}",
            first_name=f"Student{i}",
            last_name=prefix.title(),
            role=User.Role.STUDENT,
            password=hashed,
        )
        for i in range(count)
    )


def _quotes(lesson) -> list[tuple[Excerpt, int, str]]:
    """Six words from the start of each paragraph of the lesson's excerpts."""
    return [
        (item.excerpt, number, " ".join(text.split()[:6]))
        for item in lesson.lesson_excerpts.select_related("excerpt__source")
        for number, text in enumerate(item.excerpt.paragraphs, start=1)
    ]


def _first_answers(assignment, student, prompts, quotes) -> dict[int, Response]:
    """One student's answers through the services: the pattern the copies follow."""
    made = {}
    for prompt in prompts:
        response = work.response_get_or_create(
            assignment=assignment, prompt=prompt, student=student
        )
        work.response_draft_save(
            response=response,
            text=f"My answer to question {prompt.order}, with evidence.",
            revision=1,
        )
        for excerpt, number, words in quotes[: max(prompt.min_citations, 1)]:
            work.citation_add(
                response=response, excerpt=excerpt, paragraph=number, quotation=words
            )
        work.response_submit(response=response, idempotency_key=uuid.uuid4())
        response.refresh_from_db()
        made[prompt.pk] = response
    return made


def _copy_answers(assignment, students, pattern: dict[int, Response]) -> None:
    """Everyone else's answers: the pattern's text, evidence and submitted version."""
    now = timezone.now()
    responses = Response.objects.bulk_create(
        Response(
            assignment=assignment,
            prompt_id=prompt_id,
            student=student,
            text=model.text,
            words=model.words,
            revision=model.revision,
            status=Response.Status.SUBMITTED,
            draft_saved_at=now,
            first_submitted_at=now,
        )
        for student in students
        for prompt_id, model in pattern.items()
    )
    citations = {p: list(m.citations.all()) for p, m in pattern.items()}
    versions = {p: m.latest_version for p, m in pattern.items()}
    Citation.objects.bulk_create(
        Citation(
            response=r,
            excerpt_id=c.excerpt_id,
            paragraph=c.paragraph,
            quotation=c.quotation,
        )
        for r in responses
        for c in citations[r.prompt_id]
    )
    made = SubmissionVersion.objects.bulk_create(
        SubmissionVersion(
            response=r,
            number=1,
            text=r.text,
            words=r.words,
            citations=versions[r.prompt_id].citations,
            idempotency_key=uuid.uuid4(),
            submitted_at=now,
        )
        for r in responses
    )
    for response, version in zip(responses, made, strict=True):
        response.latest_version = version
    Response.objects.bulk_update(responses, ["latest_version"], batch_size=1000)


def _discussion_and_feedback(assignment, teacher, prompts) -> None:
    """Each student replies to the previous student's first answer; the teacher
    scored half of the answers with a comment."""
    first = list(
        Response.objects.filter(assignment=assignment, prompt=prompts[0]).order_by(
            "student_id"
        )
    )
    Reply.objects.bulk_create(
        Reply(
            response=previous,
            author_id=answer.student_id,
            text="I agree, and ¶2 says more.",
        )
        for previous, answer in zip(first, first[1:], strict=False)
    )
    shares = assignment.prompt_points(len(prompts))
    points = {p.pk: share for p, share in zip(prompts, shares, strict=True)}
    scored = Response.objects.filter(assignment=assignment).order_by("pk")[::2]
    Feedback.objects.bulk_create(
        Feedback(
            response=r,
            score=Decimal(1),
            max_points=points[r.prompt_id],
            comment="Good use of the source; say *why* it matters.",
            graded_by=teacher,
        )
        for r in scored
    )


def _class(size: int, index: int, *, lesson, prompts, quotes, hashed, now):
    teacher = user_create(
        username=f"bench.t{size}.{index}",
        password=PASSWORD,
        role=User.Role.TEACHER,
        first_name="Teacher",
        last_name=f"{size}-{index}",
    )
    classroom = classroom_create(owner=teacher, name=f"History {size} ({index})")
    students = _people(f"c{size}x{index}", size, hashed)
    Enrolment.objects.bulk_create(
        Enrolment(classroom=classroom, student=s) for s in students
    )
    (assignment,) = assignment_create(
        lesson=lesson,
        classrooms=[classroom],
        created_by=teacher,
        available_from=now - timedelta(days=1),
        due_at=now + timedelta(days=7),
        discussion_visibility="always",
    )
    pattern = _first_answers(assignment, students[0], prompts, quotes)
    _copy_answers(assignment, students[1:], pattern)
    _discussion_and_feedback(assignment, teacher, prompts)
    return teacher, classroom, assignment, students[0]


def _library(copies: int) -> int:
    """``copies`` more shared sources, each a renamed copy of a shipped one with
    its passages, so a search has a district-sized library to look through."""
    shipped = list(Source.objects.prefetch_related("excerpts"))
    made = 0
    for n in range(copies):
        model = shipped[n % len(shipped)]
        source = Source.objects.create(
            slug=f"bench-{n}-{model.slug}"[:120],
            title=f"{model.title} (copy {n})",
            creator=model.creator,
            date=model.date,
            kind=model.kind,
            citation=model.citation,
            headnote=model.headnote,
        )
        Excerpt.objects.bulk_create(
            Excerpt(
                source=source,
                slug=e.slug,
                title=e.title,
                text=e.text,
                adapted_text=e.adapted_text,
                order=e.order,
            )
            for e in model.excerpts.all()
        )
        made += 1
    return made


@transaction.atomic
def school_build(sizes: dict[str, int], *, library_copies: int) -> School:
    """Build the school on an empty, migrated database."""
    for loader in settings.PORTAL_CONTENT_LOADERS:
        call_command(loader, verbosity=0)
    lesson = Unit.objects.get(slug__isnull=False).lessons.order_by("order").first()
    prompts = list(lesson.prompts.order_by("order"))
    quotes = _quotes(lesson)
    hashed = User(username="x")
    hashed.set_password(PASSWORD)
    now = timezone.now()
    school = School(lesson_id=lesson.pk, prompt_ids=[p.pk for p in prompts])
    plan = [(sizes["size_30"], i) for i in range(sizes["classes_of_30"])]
    plan += [(sizes["size_200"], 0), (sizes["size_1000"], 0)]
    for size, index in plan:
        teacher, classroom, assignment, first = _class(
            size,
            index,
            lesson=lesson,
            prompts=prompts,
            quotes=quotes,
            hashed=hashed.password,
            now=now,
        )
        school.classes.setdefault(
            size, (teacher.pk, classroom.pk, assignment.pk, first.pk)
        )
        school.students += size
    school.sources = _library(library_copies) + len(
        Source.objects.exclude(slug__startswith="bench-")
    )
    return school


def school_find(sizes: dict[str, int]) -> School | None:
    """The school an earlier run built on this database, or None."""
    lesson = Unit.objects.filter(slug__isnull=False).first()
    if (
        lesson is None
        or not Classroom.objects.filter(name__startswith="History ").exists()
    ):
        return None
    lesson = lesson.lessons.order_by("order").first()
    school = School(
        lesson_id=lesson.pk,
        prompt_ids=list(lesson.prompts.order_by("order").values_list("pk", flat=True)),
    )
    for key in ("size_30", "size_200", "size_1000"):
        size = sizes[key]
        classroom = Classroom.objects.filter(name=f"History {size} (0)").first()
        if classroom is None:
            return None
        assignment = classroom.assignments.order_by("pk").first()  # the bell adds more
        first = User.objects.get(username=f"c{size}x0.s0")
        school.classes[size] = (
            classroom.owner_id,
            classroom.pk,
            assignment.pk,
            first.pk,
        )
    school.students = Enrolment.objects.count()
    school.sources = Source.objects.count()
    return school
