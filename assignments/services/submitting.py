"""Submitting every ready answer of an assignment at once."""

import uuid
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from assignments.models import Assignment
from assignments.selectors.submitting import RowState, submit_summary
from assignments.services.answers import response_submit


@dataclass
class SubmittedAll:
    submitted: list[int] = field(default_factory=list)  # question numbers
    refused: list[tuple[int, str]] = field(default_factory=list)


def responses_submit_all(
    *, assignment: Assignment, student, idempotency_key: uuid.UUID
) -> SubmittedAll:
    """Submit each answer that is ready (words and the evidence its question asks
    for), each through ``response_submit`` in its own transaction, so one refused
    answer does not hold back the others. Idempotent: each question's key is drawn
    from ``idempotency_key``, so the same step sent twice adds nothing."""
    done = SubmittedAll()
    for row in submit_summary(assignment=assignment, user=student).rows:
        if row.state != RowState.READY:
            continue
        number = row.answer.prompt.order
        key = uuid.uuid5(idempotency_key, str(row.answer.prompt.pk))
        try:
            response_submit(response=row.answer.response, idempotency_key=key)
        except ValidationError as error:
            done.refused.append((number, error.messages[0]))
        else:
            done.submitted.append(number)
    return done
