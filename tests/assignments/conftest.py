from datetime import timedelta

import pytest
from django.utils import timezone

from assignments import services
from classrooms.services import classroom_create, enrolment_ensure
from lessons import services as lessons
from sources.services import excerpt_create, glossary_set, source_create
from tests.builders import StudentFactory

PARAGRAPHS = [
    "The President may *lend* or lease “defense articles” to any country.\n\n"
    "Whose defense the President deems vital to the defense of the United States.",
    "The Soviet Union shall enter the war against Japan.\n\n"
    "Two or three months after Germany has surrendered.",
    "We shall fight on the beaches.\n\nWe shall never surrender.",
]


def build_assignment(teacher, *, classroom=None, prompts=4, min_citations=1, **fields):
    """A lesson with three excerpts and ``prompts`` prompts, assigned to a class."""
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
    classroom = classroom or classroom_create(
        owner=teacher, name="History", section="P1"
    )
    now = timezone.now()
    fields.setdefault("available_from", now - timedelta(hours=1))
    fields.setdefault("due_at", now + timedelta(days=2))
    (assignment,) = services.assignment_create(
        lesson=lesson, classrooms=[classroom], created_by=teacher, **fields
    )
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
