import uuid
from datetime import timedelta

import pytest
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from assignments.models import Citation, Feedback, Response, SubmissionVersion
from assignments.services import answers, feedback
from assignments.services.assignments import assignment_create
from classrooms.models import Enrolment
from classrooms.services import classroom_create, enrolment_ensure
from lessons import services as lessons
from sources.services import excerpt_create, excerpt_update, glossary_set, source_create
from tests.builders import StudentFactory

PARAGRAPHS = [
    "The President may *lend* or lease “defense articles” to any country.\n\n"
    "Whose defense the President deems vital to the defense of the United States.",
    "The Soviet Union shall enter the war against Japan.\n\n"
    "Two or three months after Germany has surrendered.",
    "We shall fight on the beaches.\n\nWe shall never surrender.",
]


def build_assignment(
    teacher, *, classroom=None, prompts=4, min_citations=1, grid=(), **fields
):
    """A lesson with three excerpts and ``prompts`` prompts, assigned to a class;
    with ``grid`` (sub-questions), an evidence grid prompt after them (three rows:
    the three excerpts)."""
    unit = lessons.unit_create(owner=teacher, title="Wartime allies")
    lesson = lessons.lesson_create(unit=unit, title="Aid and alliance")
    placed = []
    for n, text in enumerate(PARAGRAPHS):
        source = source_create(owner=None, title=f"Source {n} {unit.pk}")
        excerpt = excerpt_create(
            source=source, owner=None, title=f"Passage {n}", text=text
        )
        if n == 0:
            glossary_set(
                excerpt=excerpt, terms=[("defense articles", "Weapons and supplies.")]
            )
        placed.append(lessons.lesson_excerpt_add(lesson=lesson, excerpt=excerpt))
    for k in range(prompts):
        lessons.prompt_create(
            lesson=lesson,
            text=f"Question text {k}",
            skill="open",
            min_citations=min_citations,
            lesson_excerpts=placed[:2],
        )
    if grid:
        lessons.prompt_create(
            lesson=lesson,
            text="Weigh the evidence",
            skill="corroboration",
            kind="grid",
            grid_questions="\n".join(grid),
            min_citations=1,
        )
    # A draft unit's lessons cannot be assigned: published to assign, then back to
    # draft as before, so the unit stays its author's alone in every test.
    lessons.unit_publish(unit=unit)
    classroom = classroom or classroom_create(
        owner=teacher, name="History", section="P1"
    )
    now = timezone.now()
    fields.setdefault("available_from", now - timedelta(hours=1))
    fields.setdefault("due_at", now + timedelta(days=2))
    (assignment,) = assignment_create(
        lesson=lesson, classrooms=[classroom], created_by=teacher, **fields
    )
    lessons.unit_unpublish(unit=unit)
    assignment.lesson.unit.refresh_from_db()
    return assignment


def build_past_due(teacher, student, **fields):
    """An assignment due yesterday that refuses late work, with ``student`` in it."""
    fields.setdefault("late_work_allowed", False)
    assignment = build_assignment(
        teacher,
        available_from=timezone.now() - timedelta(days=3),
        due_at=timezone.now() - timedelta(days=1),
        **fields,
    )
    enrol(assignment.classroom, student)
    return assignment


def enrol(classroom, student=None):
    student = student or StudentFactory()
    enrolment_ensure(classroom=classroom, student=student)
    return student


@pytest.fixture
def assignment(teacher, student):
    assignment = build_assignment(teacher)
    enrol(assignment.classroom, student)
    return assignment


ADAPTED_WORDING = "The President can lend weapons.\n\nTo countries that matter."


def adapted_first_excerpt(assignment):
    """The lesson's first excerpt, given an adapted wording (``ADAPTED_WORDING``)."""
    excerpt = assignment.lesson.lesson_excerpts.order_by("order").first().excerpt
    excerpt_update(
        excerpt=excerpt,
        title=excerpt.title,
        text=excerpt.text,
        adapted_text=ADAPTED_WORDING,
    )
    return excerpt


def prompt_of(assignment, n=0):
    return assignment.lesson.prompts.order_by("order")[n]


def post_answer(
    student, assignment, text="An answer with words.", n=0, quote="lend or lease"
):
    """A student's submitted answer to prompt ``n``, citing ``quote`` from ¶1 of
    the first excerpt, through the services."""
    response = answers.response_get_or_create(
        assignment=assignment, prompt=prompt_of(assignment, n), student=student
    )
    answers.response_draft_save(response=response, text=text, revision=1)
    answers.citation_add(
        response=response,
        excerpt=assignment.lesson.lesson_excerpts.order_by("order").first().excerpt,
        paragraph=1,
        quotation=quote,
    )
    answers.response_submit(response=response, idempotency_key=uuid.uuid4())
    return response


PASSWORD_HASH = make_password("not-used-by-these-students")


def bulk_class(assignment, size):
    """``size`` students, each with a submitted, cited and scored answer to every
    prompt, made in a handful of queries."""
    stamp = uuid.uuid4().hex[:8]
    users = User.objects.bulk_create(
        [
            User(
                username=f"bulk-{stamp}-{n}",
                first_name=f"First{n}",
                last_name=f"Last{n}",
                role=User.Role.STUDENT,
                password=PASSWORD_HASH,
            )
            for n in range(size)
        ]
    )
    users = list(User.objects.filter(username__startswith=f"bulk-{stamp}-"))
    Enrolment.objects.bulk_create(
        [Enrolment(classroom=assignment.classroom, student=u) for u in users]
    )
    prompts = list(assignment.lesson.prompts.order_by("order"))
    excerpt = assignment.lesson.lesson_excerpts.first().excerpt
    Response.objects.bulk_create(
        [
            Response(
                assignment=assignment,
                prompt=p,
                student=u,
                text="Some words here.",
                words=3,
            )
            for u in users
            for p in prompts
        ]
    )
    responses = list(Response.objects.filter(assignment=assignment, student__in=users))
    Citation.objects.bulk_create(
        [
            Citation(response=r, excerpt=excerpt, paragraph=1, quotation="lend")
            for r in responses
        ]
    )
    SubmissionVersion.objects.bulk_create(
        [
            SubmissionVersion(
                response=r,
                number=1,
                text=r.text,
                words=r.words,
                citations=[
                    {"excerpt_id": excerpt.pk, "paragraph": 1, "quotation": "lend"}
                ],
                idempotency_key=uuid.uuid4(),
            )
            for r in responses
        ]
    )
    versions = {
        v.response_id: v
        for v in SubmissionVersion.objects.filter(response__in=responses)
    }
    for r in responses:
        r.latest_version = versions[r.pk]
        r.status = Response.Status.SUBMITTED
    Response.objects.bulk_update(responses, ["latest_version", "status"])
    Feedback.objects.bulk_create(
        [
            Feedback(response=r, score=1, max_points=2, comment="Good.")
            for r in responses
        ]
    )


def count_queries(client, url):
    """How many queries a GET of ``url`` costs, and the page."""
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(url)
    assert page.status_code == 200
    return len(ctx.captured_queries), page


def grading_url(assignment, student, name="grading", prompt_pk=None):
    """The grading page of a student, or (by ``name``) the view one of its form's
    buttons posts to (some of them for one question: ``prompt_pk``)."""
    args = [assignment.pk, student.pk] + ([prompt_pk] if prompt_pk else [])
    return reverse(f"assignments:{name}", args=args)


def return_for_revision(response, teacher, comment):
    """The teacher's comment on a submitted answer, handed back for revision."""
    feedback.feedback_save(
        item=feedback.FeedbackInput(
            response=response, score=None, comment=comment, version=0
        ),
        max_points=10,
        graded_by=teacher,
        criteria=[],
    )
    answers.response_return_for_revision(response=response)
    return response
