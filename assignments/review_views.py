"""Teacher review pages: review table, grading, returns, citation map, rubrics and
comment bank, gradebook (and its CSV), skill report."""

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from assignments import review
from assignments.forms import (
    AssignmentRubricForm,
    CriterionFormSet,
    GradingForm,
    RubricForm,
)
from assignments.models import SavedComment
from assignments.permissions import get_assignment_for_teacher_or_404


def _first_message(error: ValidationError) -> str:
    return error.messages[0] if error.messages else _("That did not work.")


# --- review table -----------------------------------------------------------------


def review_table(request, pk):
    """Students × prompts with status, words, evidence and score; filter and sort
    with plain GET parameters."""
    assignment = get_assignment_for_teacher_or_404(request.user, pk)
    table = review.review_table(
        assignment=assignment,
        user=request.user,
        status=request.GET.get("status", ""),
        sort=request.GET.get("sort", "name"),
    )
    return render(
        request,
        "assignments/review_table.html",
        {
            "assignment": assignment,
            "table": table,
            "status_filters": review.STATUS_FILTERS,
            "sorts": review.SORTS,
            "rubric_form": AssignmentRubricForm(
                user=request.user, initial={"rubric": assignment.rubric_id}
            ),
        },
    )


@require_POST
def review_return(request, pk):
    """Return every submitted answer of the assignment, or of one student."""
    assignment = get_assignment_for_teacher_or_404(request.user, pk)
    student = None
    if request.POST.get("student", "").isdigit():
        page = review.grading_page(
            assignment=assignment,
            user=request.user,
            student_pk=int(request.POST["student"]),
        )
        student = page.student
    count = review.feedback_return(
        responses=review.responses_to_return(
            assignment=assignment, user=request.user, student=student
        )
    )
    messages.success(
        request,
        ngettext(
            "%(n)s answer returned: the student sees its score and comment.",
            "%(n)s answers returned: students see their scores and comments.",
            count,
        )
        % {"n": count}
        if count
        else _("There were no submitted answers left to return."),
    )
    if student is not None:
        return redirect("assignments:grading", pk=assignment.pk, student_pk=student.pk)
    return redirect("assignments:review_table", pk=assignment.pk)


@require_POST
def assignment_rubric(request, pk):
    assignment = get_assignment_for_teacher_or_404(request.user, pk)
    form = AssignmentRubricForm(request.POST, user=request.user)
    if form.is_valid():
        review.assignment_rubric_set(
            assignment=assignment, rubric=form.cleaned_data["rubric"]
        )
        messages.success(request, _("The rubric for this assignment is set."))
    else:
        messages.error(request, _("Choose one of your rubrics."))
    return redirect("assignments:review_table", pk=assignment.pk)


# --- grading ----------------------------------------------------------------------


def _grading_render(request, page, form, *, refused=None, status=200):
    form.bind_to_answers()
    for answer in page.answers:
        answer.refused_comment = (refused or {}).get(answer.prompt.pk, "")
    return render(
        request,
        "assignments/grading.html",
        {
            "assignment": page.assignment,
            "page": page,
            "form": form,
            "has_answers": any(a.response for a in page.answers),
            "can_return": any(
                a.status in (review.SUBMITTED, review.LATE) for a in page.answers
            ),
        },
        status=status,
    )


def _prompt_from_button(request, name, page):
    value = request.POST.get(name, "")
    return next(
        (a for a in page.answers if str(a.prompt.pk) == value and a.response), None
    )


def grading(request, pk, student_pk):
    """One student's answers, evidence in context, scores, comments, rubric; save,
    insert a saved comment, keep a comment in the bank, return; next / previous."""
    assignment = get_assignment_for_teacher_or_404(request.user, pk)
    page = review.grading_page(
        assignment=assignment, user=request.user, student_pk=student_pk
    )
    if request.method != "POST":
        return _grading_render(request, page, GradingForm(page=page))

    data = request.POST.copy()
    use = _prompt_from_button(request, "use_comment", page)
    if use is not None:
        # Without JavaScript: put the chosen saved comment into the box, save nothing.
        p = use.prompt.pk
        chosen = next(
            (c for c in page.saved_comments if str(c.pk) == data.get(f"bank_{p}")),
            None,
        )
        if chosen is None:
            messages.error(request, _("Choose a saved comment first."))
        else:
            current = data.get(f"comment_{p}", "").rstrip()
            data[f"comment_{p}"] = (
                f"{current}\n\n{chosen.text}" if current else chosen.text
            )
            messages.info(
                request,
                _("The saved comment is in the box. Press Save to keep it."),
            )
        return _grading_render(request, page, GradingForm(data, page=page))

    bank = _prompt_from_button(request, "bank_comment", page)
    if bank is not None:
        try:
            review.saved_comment_create(
                owner=request.user, text=data.get(f"comment_{bank.prompt.pk}", "")
            )
        except ValidationError as error:
            messages.error(request, _first_message(error))
        else:
            messages.success(
                request,
                _("The comment is in your bank. The feedback itself is not saved yet."),
            )
        page.saved_comments = list(review.saved_comments_for(user=request.user))
        return _grading_render(request, page, GradingForm(data, page=page))

    form = GradingForm(data, page=page)
    if not form.is_valid():
        messages.error(request, _("Nothing was saved: check the marked fields."))
        return _grading_render(request, page, form, status=400)
    points = review.prompt_points(assignment, [a.prompt for a in page.answers])
    items = form.feedback_items()
    try:
        review.feedback_save_all(
            items=items, points=points, graded_by=request.user, criteria=page.criteria
        )
    except review.StaleFeedback as error:
        messages.error(request, _first_message(error))
        fresh = review.grading_page(
            assignment=assignment, user=request.user, student_pk=student_pk
        )
        refused = {item.response.prompt_id: item.comment for item in items}
        refused = {
            a.prompt.pk: refused[a.prompt.pk]
            for a in fresh.answers
            if refused.get(a.prompt.pk)
            and (a.feedback is None or a.feedback.comment != refused[a.prompt.pk])
        }
        return _grading_render(
            request, fresh, GradingForm(page=fresh), refused=refused, status=409
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _grading_render(request, page, form, status=400)

    returning = _prompt_from_button(request, "return_one", page)
    action = request.POST.get("action", "save")
    if returning is not None:
        review.feedback_return(responses=[returning.response])
        messages.success(
            request,
            _("Feedback saved, and question %(n)s is returned to the student.")
            % {"n": returning.prompt.order},
        )
    elif action == "save_return":
        count = review.feedback_return(
            responses=[a.response for a in page.answers if a.response]
        )
        messages.success(
            request,
            ngettext(
                "Feedback saved and %(n)s answer returned to %(name)s.",
                "Feedback saved and %(n)s answers returned to %(name)s.",
                count,
            )
            % {"n": count, "name": page.student},
        )
    else:
        messages.success(
            request, _("Feedback saved for %(name)s.") % {"name": page.student}
        )
    if action in {"save_next", "save_return_next"} and page.next:
        return redirect(
            "assignments:grading", pk=assignment.pk, student_pk=page.next.pk
        )
    return redirect("assignments:grading", pk=assignment.pk, student_pk=student_pk)


# --- citation map -----------------------------------------------------------------


def citation_map(request, pk):
    assignment = get_assignment_for_teacher_or_404(request.user, pk)
    data = review.citation_map(assignment=assignment, user=request.user)
    return render(
        request,
        "assignments/citation_map.html",
        {"assignment": assignment, "map": data},
    )


# --- rubrics and the comment bank -------------------------------------------------


def rubric_list(request):
    """The teacher's rubrics and saved comments."""
    return render(
        request,
        "assignments/rubric_list.html",
        {
            "rubrics": review.rubrics_for(user=request.user),
            "saved_comments": review.saved_comments_for(user=request.user),
        },
    )


def _criteria_from(formset, *, with_ids: bool) -> list[dict]:
    """The filled-in rows of the criteria formset (a row without a title is
    skipped, or removed when editing)."""
    criteria = []
    for f in formset:
        if not f.cleaned_data.get("title"):
            continue
        values = {
            "title": f.cleaned_data["title"],
            "skill": f.cleaned_data["skill"],
            "points": f.cleaned_data["points"],
            "description": f.cleaned_data.get("description", ""),
        }
        if with_ids:
            values["id"] = f.cleaned_data.get("id")
        criteria.append(values)
    return criteria


def rubric_create(request):
    form = RubricForm(request.POST or None)
    formset = CriterionFormSet(request.POST or None, prefix="criteria")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            review.rubric_create(
                owner=request.user,
                title=form.cleaned_data["title"],
                criteria=_criteria_from(formset, with_ids=False),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The rubric is saved."))
            return redirect("assignments:rubric_list")
    return render(
        request,
        "assignments/rubric_create.html",
        {"form": form, "formset": formset},
    )


def rubric_edit(request, pk):
    """Change a rubric's title and criteria (its owner only). Emptying a row's
    criterion removes it, unless answers were scored on it."""
    rubric = review.get_rubric_for_owner_or_404(request.user, pk)
    initial = [
        {
            "id": c.pk,
            "title": c.title,
            "skill": c.skill,
            "points": c.points,
            "description": c.description,
        }
        for c in rubric.criteria.order_by("order")
    ]
    form = RubricForm(request.POST or None, initial={"title": rubric.title})
    formset = CriterionFormSet(request.POST or None, prefix="criteria", initial=initial)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            review.rubric_update(
                rubric=rubric,
                title=form.cleaned_data["title"],
                criteria=_criteria_from(formset, with_ids=True),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The rubric is changed."))
            return redirect("assignments:rubric_list")
    return render(
        request,
        "assignments/rubric_edit.html",
        {"form": form, "formset": formset, "rubric": rubric},
    )


def rubric_delete(request, pk):
    """Ask, then delete a rubric (its owner only). A rubric an assignment uses, or
    one answers were scored with, is kept and the page says why."""
    rubric = review.get_rubric_for_owner_or_404(request.user, pk)
    if request.method == "POST":
        try:
            review.rubric_delete(rubric=rubric)
        except ValidationError as error:
            messages.error(request, _first_message(error))
        else:
            messages.success(
                request, _("The rubric “%(title)s” is deleted.") % {"title": rubric}
            )
        return redirect("assignments:rubric_list")
    return render(request, "assignments/rubric_delete.html", {"rubric": rubric})


@require_POST
def saved_comment_delete(request, pk):
    comment = get_object_or_404(SavedComment, owner=request.user, pk=pk)
    review.saved_comment_delete(comment=comment)
    messages.success(request, _("The comment is out of your bank."))
    return redirect("assignments:rubric_list")


# --- per class: gradebook and skill report ----------------------------------------


def gradebook(request, pk):
    classroom = review.get_classroom_for_teacher_or_404(request.user, pk)
    book = review.gradebook(classroom=classroom, user=request.user)
    return render(
        request, "assignments/gradebook.html", {"classroom": classroom, "book": book}
    )


def gradebook_csv(request, pk):
    """The gradebook as a CSV file Canvas (and spreadsheets) can import."""
    classroom = review.get_classroom_for_teacher_or_404(request.user, pk)
    book = review.gradebook(classroom=classroom, user=request.user)
    name = slugify(f"{classroom.name} {classroom.section}") or "class"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="gradebook-{name}.csv"'
    response.write("\ufeff")  # so spreadsheet programs read UTF-8 names right
    writer = csv.writer(response)
    writer.writerows(review.gradebook_csv_rows(book))
    return response


def skill_report(request, pk):
    classroom = review.get_classroom_for_teacher_or_404(request.user, pk)
    report = review.skill_report(classroom=classroom, user=request.user)
    return render(
        request,
        "assignments/skill_report.html",
        {"classroom": classroom, "report": report},
    )
