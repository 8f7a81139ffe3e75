"""Reads for a source-first lesson on the student's page: the sourcing questions
on an excerpt as its form shows them, and the student's saved answers."""

from dataclasses import dataclass, field

from assignments.models import Assignment, SourcingNote
from assignments.sourcing import SOURCING_QUESTIONS, SourcingQuestion


@dataclass(frozen=True)
class SourcingFormState:
    """What the sourcing questions on one excerpt came back with after a refusal:
    the answers sent (by field) and the message for each refused one. Kept in the
    session between the POST and the page it redirects to (plain values only)."""

    excerpt_pk: int
    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def anchor(self) -> str:
        first = next(
            (q.field for q in SOURCING_QUESTIONS if q.field in self.errors), ""
        )
        return f"ex-{self.excerpt_pk}-{first}-error" if first else ""


@dataclass(frozen=True)
class SourcingField:
    """One sourcing question as the form shows it: the text in the box (the
    student's answer, what they sent, or our sentence starter) and any refusal."""

    question: SourcingQuestion
    value: str
    error: str = ""


def sourcing_fields(
    excerpt_pk: int,
    *,
    state: SourcingFormState | None,
    notes: dict[int, SourcingNote],
) -> list[SourcingField]:
    """The sourcing questions on one excerpt, filled as the form shows them: what
    a refused form sent (with its messages), else the saved answers, else our
    sentence starters."""
    if state is not None and state.excerpt_pk == excerpt_pk:
        return [
            SourcingField(
                question=q,
                value=state.values.get(q.field, ""),
                error=state.errors.get(q.field, ""),
            )
            for q in SOURCING_QUESTIONS
        ]
    note = notes.get(excerpt_pk)
    return [
        SourcingField(
            question=q,
            value=getattr(note, q.field) if note else f"{q.starter} ",
        )
        for q in SOURCING_QUESTIONS
    ]


def sourcing_notes_of(assignment: Assignment, user) -> dict[int, SourcingNote]:
    """The student's saved sourcing answers in a source-first lesson, by excerpt."""
    if not assignment.lesson.source_first or not user.is_student:
        return {}
    return {
        note.excerpt_id: note
        for note in SourcingNote.objects.filter(assignment=assignment, student=user)
    }
