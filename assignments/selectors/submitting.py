"""What "Submit all answers" shows before it submits: each question's state."""

from dataclasses import dataclass

from assignments.models import Assignment, Response
from assignments.selectors.student import Answer, assignment_page
from lessons.models import Prompt


class RowState:
    READY = "ready"  # words and the evidence it needs: submitted by the step
    EMPTY = "empty"  # no words yet
    EVIDENCE = "evidence"  # fewer cited passages than the question asks for
    SUBMITTED = "submitted"  # submitted, nothing changed since
    BLOCKED = "blocked"  # may not be submitted now (closed, past due, returned)
    OWN_FORM = "own_form"  # an essay or an evidence grid: its own Submit button


@dataclass(frozen=True)
class SubmitRow:
    answer: Answer
    state: str
    have: int = 0
    needed: int = 0


@dataclass(frozen=True)
class SubmitSummary:
    assignment: Assignment
    rows: list[SubmitRow]

    def _count(self, state: str) -> int:
        return sum(1 for row in self.rows if row.state == state)

    @property
    def ready(self) -> int:
        return self._count(RowState.READY)

    @property
    def empty(self) -> int:
        return self._count(RowState.EMPTY)

    @property
    def lacking_evidence(self) -> int:
        return self._count(RowState.EVIDENCE)


def _row(answer: Answer) -> SubmitRow:
    response = answer.response
    if answer.prompt.kind != Prompt.Kind.ANSWER:
        return SubmitRow(answer, RowState.OWN_FORM)
    if not answer.can_submit:
        return SubmitRow(answer, RowState.BLOCKED)
    if (
        response is not None
        and response.status == Response.Status.SUBMITTED
        and not answer.has_unsubmitted_changes
    ):
        return SubmitRow(answer, RowState.SUBMITTED)
    if not answer.text.strip():
        return SubmitRow(answer, RowState.EMPTY)
    needed = answer.prompt.min_citations
    if len(answer.citations) < needed:
        return SubmitRow(
            answer, RowState.EVIDENCE, have=len(answer.citations), needed=needed
        )
    return SubmitRow(answer, RowState.READY)


def submit_summary(*, assignment: Assignment, user) -> SubmitSummary:
    """Every question of the assignment with what submitting all would do with it
    (the same reads as the assignment page; the rules themselves are checked again
    by ``response_submit`` when it runs)."""
    page = assignment_page(assignment=assignment, user=user)
    return SubmitSummary(assignment=assignment, rows=[_row(a) for a in page.answers])
