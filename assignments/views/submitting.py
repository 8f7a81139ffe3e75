"""The "Submit all answers" step: a summary of every question (which are empty,
which lack the evidence they ask for), then one button submitting the ready ones.
POST, redirect, GET: what was done is shown once, and a reload sends nothing."""

import uuid

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assignments.permissions import get_assignment_for_student_or_404
from assignments.selectors.submitting import RowState, submit_summary
from assignments.services.submitting import responses_submit_all

DONE_KEY = "submit_all_done"


def _numbers(numbers: list[int]) -> str:
    return ", ".join(str(n) for n in numbers)


def _outcome(done) -> dict:
    """What the step did, as the sentences shown once at the top of the summary."""
    if not done.submitted and not done.refused:
        return {
            "error": _(
                "No answer was ready to submit: each needs words and the evidence "
                "its question asks for. See the list below."
            )
        }
    lines = {}
    if done.submitted:
        lines["notice"] = ngettext(
            "Submitted: question %(numbers)s.",
            "Submitted: questions %(numbers)s.",
            len(done.submitted),
        ) % {"numbers": _numbers(done.submitted)}
    if done.refused:
        lines["error"] = " ".join(
            _("Question %(n)s was not submitted: %(why)s") % {"n": n, "why": why}
            for n, why in done.refused
        )
    return lines


def submit_all(request, pk):
    assignment = get_assignment_for_student_or_404(request.user, pk)
    if request.method == "POST":
        try:
            key = uuid.UUID(request.POST.get("idempotency_key", ""))
        except ValueError:
            key = uuid.uuid4()
        done = responses_submit_all(
            assignment=assignment, student=request.user, idempotency_key=key
        )
        request.session[DONE_KEY] = {"assignment": assignment.pk, **_outcome(done)}
        url = reverse("assignments:submit_all", args=[assignment.pk])
        return redirect(f"{url}#submit-all-outcome")
    outcome = request.session.pop(DONE_KEY, None) or {}
    if outcome.get("assignment") != assignment.pk:
        outcome = {}
    response = render(
        request,
        "assignments/submit_all.html",
        {
            "assignment": assignment,
            "summary": submit_summary(assignment=assignment, user=request.user),
            "states": RowState,
            "outcome": outcome,
            "idempotency_key": uuid.uuid4(),
        },
    )
    add_never_cache_headers(response)
    return response
