"""A source-first lesson on the student's page: the sourcing questions that open
an excerpt's text. The form posts here; a refusal comes back (POST, redirect, GET)
beside each refused question with every answer kept, success at the notice above
the opened text."""

import dataclasses

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from assignments.permissions import (
    get_assignment_for_student_or_404,
    get_excerpt_of_assignment_or_404,
    is_someone_elses_page,
)
from assignments.selectors.sourcing import SourcingFormState
from assignments.services.sourcing import sourcing_note_save
from assignments.sourcing import SOURCING_FIELDS


def _sourcing_key(assignment) -> str:
    return f"assignments.sourcing_form.{assignment.pk}"


def kept_sourcing_state(request, assignment) -> SourcingFormState | None:
    """What the last refused sourcing form of this page sent (for one page load)."""
    kept = request.session.pop(_sourcing_key(assignment), None)
    if not isinstance(kept, dict):
        return None
    try:
        return SourcingFormState(**kept)
    except TypeError:
        return None


def opened_excerpt(request, assignment) -> int | None:
    """The excerpt the last sourcing form opened (for one page load), if any."""
    return request.session.pop(f"{_sourcing_key(assignment)}.opened", None)


@require_POST
def sourcing_save(request, pk, excerpt_pk):
    """Save the student's answers to the sourcing questions on one excerpt of a
    source-first lesson; its text opens on the page this redirects to. A refusal
    comes back beside each refused question, with every answer kept."""
    sent = {name: request.POST.get(name, "") for name in SOURCING_FIELDS}
    if is_someone_elses_page(request.user, request.POST.get("student")):
        return render(
            request,
            "assignments/wrong_student.html",
            {"text": "\n\n".join(sent.values())},
            status=409,
        )
    assignment = get_assignment_for_student_or_404(request.user, pk)
    if not assignment.lesson.source_first:
        raise Http404
    excerpt = get_excerpt_of_assignment_or_404(assignment, excerpt_pk)
    detail = reverse("assignments:assignment_detail", args=[assignment.pk])
    try:
        sourcing_note_save(
            assignment=assignment,
            student=request.user,
            excerpt=excerpt,
            answers=sent,
        )
    except ValidationError as error:
        state = SourcingFormState(
            excerpt_pk=excerpt.pk,
            values=sent,
            errors={
                name: messages_[0] for name, messages_ in error.message_dict.items()
            },
        )
        request.session[_sourcing_key(assignment)] = dataclasses.asdict(state)
        return redirect(f"{detail}#{state.anchor or f'ex-{excerpt.pk}'}")
    request.session[f"{_sourcing_key(assignment)}.opened"] = excerpt.pk
    # At the notice above the opened text (focused there, and read out).
    return redirect(f"{detail}#ex-{excerpt.pk}-opened")
