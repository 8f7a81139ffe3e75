"""The evidence grid's pages: a student saves a cell (its button, and the page's
autosave) and submits the grid; the teacher reads the class grid.

A cell's Save answers like an answer form's buttons: htmx swaps in the cell as
the server renders it back (the refusal beside its field, focused); without
JavaScript the page redirects to itself at the message (POST, redirect, GET)."""

import dataclasses
import uuid

from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from assignments.permissions import (
    get_assignment_for_student_or_404,
    get_assignment_for_teacher_or_404,
    get_excerpt_of_assignment_or_404,
    get_prompt_of_assignment_or_404,
    is_someone_elses_page,
)
from assignments.selectors.grid import GridCellState, class_grid
from assignments.selectors.student import AnswerFormState
from assignments.services import answers, grid
from assignments.views.api import json_student_endpoint
from assignments.views.student import (
    SUBMIT_KEY,
    _page_context,
    answered,
    cell_state_key,
)
from portal.http import first_message
from portal.limits import id_from, int_from
from portal.times import time_text

CELL_FIELDS = ("paragraph", "quotation", "stance", "note")


def _grid_prompt(assignment, prompt_pk):
    prompt = get_prompt_of_assignment_or_404(assignment, prompt_pk)
    if not prompt.is_grid:
        raise Http404
    return prompt


def _cell_of(request, pk, prompt_pk, excerpt_pk):
    """The student's assignment, grid prompt, row excerpt and answer (404 for
    anything not theirs or not in the lesson)."""
    assignment = get_assignment_for_student_or_404(request.user, pk)
    prompt = _grid_prompt(assignment, prompt_pk)
    excerpt = get_excerpt_of_assignment_or_404(assignment, excerpt_pk)
    response = answers.response_get_or_create(
        assignment=assignment, prompt=prompt, student=request.user
    )
    return assignment, prompt, excerpt, response


def _cell_save(request, response, excerpt, column) -> grid.CellSave:
    post = request.POST
    return grid.grid_cell_save(
        response=response,
        excerpt=excerpt,
        column=column,
        paragraph=int_from(post.get("paragraph"), minimum=1, maximum=10_000),
        quotation=post.get("quotation", ""),
        stance=post.get("stance", ""),
        note=post.get("note", ""),
    )


def _saved_notice(saved: grid.CellSave) -> str:
    if saved.cell.quotation_found:
        return _("Saved. The words are in ¶%(n)s.") % {"n": saved.cell.paragraph}
    return _("Saved.")


def _wrong_student(request):
    return render(
        request,
        "assignments/wrong_student.html",
        {"text": request.POST.get("quotation", "")},
        status=409,
    )


@require_POST
def grid_cell_save(request, pk, prompt_pk, excerpt_pk, column):
    """A cell's Save button: the cell is kept as typed; what is still wrong with
    it (words not in that paragraph) is said beside its field, text in place."""
    if is_someone_elses_page(request.user, request.POST.get("student")):
        return _wrong_student(request)
    assignment, prompt, excerpt, response = _cell_of(request, pk, prompt_pk, excerpt_pk)
    state = GridCellState(
        prompt_pk=prompt.pk,
        excerpt_pk=excerpt.pk,
        column=column,
        **{name: request.POST.get(name, "") for name in CELL_FIELDS},
    )
    try:
        saved = _cell_save(request, response, excerpt, column)
    except ValidationError as error:
        field = next(iter(getattr(error, "error_dict", {"quotation": None})))
        state = dataclasses.replace(
            state, error=first_message(error), error_field=field
        )
    else:
        if saved.problem:
            state = dataclasses.replace(
                state, error=saved.problem, error_field=saved.problem_field
            )
        else:
            state = dataclasses.replace(state, notice=_saved_notice(saved))
    if request.htmx:
        context = _page_context(request, assignment, only=prompt, cell_state=state)
        context["prompt"] = prompt
        context["cell"] = (
            context["page"].answer_for(prompt).grid.cell(excerpt.pk, column)
        )
        page = render(request, "assignments/_grid_cell.html", context)
        add_never_cache_headers(page)
        return page
    request.session[cell_state_key(assignment)] = dataclasses.asdict(state)
    detail = reverse("assignments:assignment_detail", args=[assignment.pk])
    return redirect(f"{detail}#{state.anchor}")


@require_POST
@json_student_endpoint
def grid_cell_autosave(request, pk, prompt_pk, excerpt_pk, column):
    """The page's autosave of a cell (JSON): kept as typed, with what is still
    wrong with it."""
    _assignment, _prompt, excerpt, response = _cell_of(
        request, pk, prompt_pk, excerpt_pk
    )
    saved = _cell_save(request, response, excerpt, column)
    return JsonResponse(
        {
            "saved": True,
            "found": saved.cell.quotation_found,
            "problem": saved.problem,
            "field": saved.problem_field,
            "message": saved.problem
            or _("Saved at %(time)s") % {"time": time_text(saved.cell.updated_at)},
        }
    )


@require_POST
def grid_submit(request, pk, prompt_pk):
    """Submit the grid, once per page load (its idempotency key); a refusal names
    the cell to finish, beside the button."""
    if is_someone_elses_page(request.user, request.POST.get("student")):
        return _wrong_student(request)
    assignment = get_assignment_for_student_or_404(request.user, pk)
    prompt = _grid_prompt(assignment, prompt_pk)
    response = answers.response_get_or_create(
        assignment=assignment, prompt=prompt, student=request.user
    )
    try:
        key = uuid.UUID(request.POST.get(SUBMIT_KEY, ""))
    except ValueError:
        key = uuid.uuid4()
    try:
        version = grid.grid_submit(response=response, idempotency_key=key).version
    except ValidationError as error:
        state = AnswerFormState(
            prompt_pk=prompt.pk, error=first_message(error), error_place="submit"
        )
    else:
        notice = _("Your grid is submitted (version %(n)s).") % {"n": version.number}
        if version.is_late:
            notice = _(
                "Submitted (version %(n)s), after the due time: marked late."
            ) % {"n": version.number}
        state = AnswerFormState(
            prompt_pk=prompt.pk, notice=notice, notice_late=version.is_late
        )
    return answered(request, assignment, prompt, state)


# --- the teacher's class grid -------------------------------------------------------


@require_GET
def class_grid_page(request, pk, prompt_pk):
    """The class's grid: stances counted per cell over the submitted grids; a
    cell's link opens its quotations in their paragraphs (``?row=&col=``)."""
    assignment = get_assignment_for_teacher_or_404(request.user, pk)
    prompt = _grid_prompt(assignment, prompt_pk)
    table = class_grid(
        assignment=assignment,
        prompt=prompt,
        user=request.user,
        open_excerpt=id_from(request.GET.get("row")),
        open_column=int_from(request.GET.get("col"), minimum=1, maximum=100),
    )
    return render(
        request,
        "assignments/class_grid.html",
        {"assignment": assignment, "prompt": prompt, "grid": table},
    )
