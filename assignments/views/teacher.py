"""The teacher's assignment pages: assign a lesson, the overview, change dates and
rules, close; choose the rubric; the teacher's rubrics and comment bank."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from assignments.charts import progress_chart
from assignments.forms import (
    AssignmentCreateForm,
    AssignmentPointsForm,
    AssignmentRubricForm,
    AssignmentSettingsForm,
    CriterionFormSet,
    PersonalDueDateForm,
    RubricForm,
)
from assignments.permissions import (
    get_assignment_for_teacher_or_404,
    get_rubric_for_owner_or_404,
    get_saved_comment_for_owner_or_404,
)
from assignments.schedule import available_now, suggested_due_at
from assignments.selectors.classwork import classwork_for_class
from assignments.selectors.due_dates import student_due_dates
from assignments.selectors.reports import assignment_progress
from assignments.selectors.returns import scores_given
from assignments.selectors.review import (
    lesson_prompts,
    prompt_points,
    rubrics_for,
    saved_comments_for,
)
from assignments.services import assignments, feedback, rubrics
from classrooms.permissions import (
    get_classroom_for_teacher_or_404,
    get_enrolment_for_user_or_404,
)
from portal.http import first_message, form_add_errors
from portal.limits import id_from

# --- assignments ------------------------------------------------------------------


def classwork(request, pk):
    """A class's Classwork tab: its assignments, each with how many students have
    submitted, were late, and wait for review."""
    classroom = get_classroom_for_teacher_or_404(request.user, pk)
    items = classwork_for_class(classroom=classroom, user=request.user)
    return render(
        request,
        "assignments/classwork.html",
        {"classroom": classroom, "items": items, "chart": progress_chart(items)},
    )


def _create_initial(request, form) -> dict:
    """What the assign form starts with: the lesson and class it was opened from
    (else the teacher's only class), available now, due a week from today at the
    end of the school day."""
    initial = {"available_from": available_now(), "due_at": suggested_due_at()}
    if lesson_pk := id_from(request.GET.get("lesson")):
        initial["lesson"] = lesson_pk
    classes = list(form.fields["classrooms"].queryset)
    wanted = request.GET.get("classroom", "")
    chosen = [c for c in classes if str(c.pk) == wanted]
    if chosen or len(classes) == 1:
        initial["classrooms"] = [(chosen or classes)[0].pk]
    return initial


def assignment_create(request):
    """Give a lesson to one or more classes."""
    form = AssignmentCreateForm(request.POST or None, user=request.user)
    if request.method == "GET":
        form = AssignmentCreateForm(
            user=request.user, initial=_create_initial(request, form)
        )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        lesson, classrooms = data.pop("lesson"), data.pop("classrooms")
        try:
            created = assignments.assignment_create(
                lesson=lesson, classrooms=classrooms, created_by=request.user, **data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("“%(lesson)s” is assigned to %(classes)s.")
                % {
                    "lesson": lesson.title,
                    "classes": ", ".join(str(a.classroom) for a in created),
                },
            )
            return redirect(created[0].get_absolute_url())
    return render(
        request,
        "assignments/assignment_create.html",
        {"form": form, "has_classes": form.fields["classrooms"].queryset.exists()},
    )


def assignment_delete(request, pk):
    """Ask, then delete an assignment no student has started (one with work is
    refused, with the reason: close it instead)."""
    assignment = get_assignment_for_teacher_or_404(request.user, pk)
    if request.method == "POST":
        try:
            assignments.assignment_delete(assignment=assignment, by=request.user)
        except ValidationError as error:
            messages.error(request, first_message(error))
            return redirect(assignment.get_absolute_url())
        messages.success(
            request,
            _("“%(lesson)s” is no longer assigned to %(class)s.")
            % {"lesson": assignment.lesson.title, "class": assignment.classroom},
        )
        return redirect(assignment.classroom)
    return render(
        request,
        "_confirm_delete.html",
        {
            "title": _("Delete the assignment"),
            "question": _("Delete “%(lesson)s” for %(class)s?")
            % {"lesson": assignment.lesson.title, "class": assignment.classroom},
            "consequences": [
                _(
                    "Students of the class no longer see it. The lesson stays in its "
                    "unit. If a student has started it, nothing is deleted and the "
                    "page says so: close it instead."
                )
            ],
            "confirm_label": _("Delete the assignment"),
            "cancel_url": reverse("assignments:assignment_edit", args=[assignment.pk]),
        },
    )


def assignment_manage(request, pk):
    """The teacher's overview of one assignment: dates, rules and answers so far."""
    assignment = get_assignment_for_teacher_or_404(request.user, pk)
    class_size, progress = assignment_progress(assignment=assignment, user=request.user)
    return render(
        request,
        "assignments/assignment_manage.html",
        {"assignment": assignment, "class_size": class_size, "progress": progress},
    )


def assignment_edit(request, pk):
    assignment = get_assignment_for_teacher_or_404(request.user, pk)
    form = AssignmentSettingsForm(request.POST or None, instance=assignment)
    if request.method == "POST" and form.is_valid():
        try:
            assignments.assignment_update(
                assignment=assignment, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The assignment is updated."))
            return redirect(assignment.get_absolute_url())
    return render(
        request,
        "assignments/assignment_edit.html",
        {"assignment": assignment, "form": form},
    )


def assignment_points(request, pk):
    """What each question is worth; scores already given follow when asked."""
    assignment = get_assignment_for_teacher_or_404(request.user, pk)
    prompts = lesson_prompts(assignment)
    scored = scores_given(assignment=assignment)
    form = AssignmentPointsForm(
        request.POST or None,
        prompts=prompts,
        points=prompt_points(assignment, prompts),
        scored=scored,
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = assignments.assignment_points_set(
                assignment=assignment, points=form.points(), rescale=form.rescale()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _points_message(assignment, changed))
            return redirect(assignment.get_absolute_url())
    return render(
        request,
        "assignments/assignment_points.html",
        {"assignment": assignment, "form": form, "scored": scored},
    )


def _points_message(assignment, changed) -> str:
    words = [
        _("Points saved: the assignment is worth %(n)s.") % {"n": assignment.points}
    ]
    if changed.rescaled:
        words.append(
            ngettext(
                "%(n)s score was rescaled.",
                "%(n)s scores were rescaled.",
                changed.rescaled,
            )
            % {"n": changed.rescaled}
        )
    if changed.lowered:
        words.append(
            ngettext(
                "%(n)s score was lowered to its new points.",
                "%(n)s scores were lowered to their new points.",
                changed.lowered,
            )
            % {"n": changed.lowered}
        )
    return " ".join(words)


@require_POST
def assignment_close(request, pk):
    assignment = get_assignment_for_teacher_or_404(request.user, pk)
    close = request.POST.get("closed", "1") == "1"
    assignments.assignment_close(assignment=assignment, closed=close)
    messages.success(
        request,
        _("The assignment is closed: no more submissions.")
        if close
        else _("The assignment is open again."),
    )
    return redirect(assignment.get_absolute_url())


@require_POST
def assignment_rubric(request, pk):
    """Choose the rubric (or none) the assignment's answers are scored with."""
    assignment = get_assignment_for_teacher_or_404(request.user, pk)
    form = AssignmentRubricForm(request.POST, user=request.user)
    if form.is_valid():
        assignments.assignment_rubric_set(
            assignment=assignment, rubric=form.cleaned_data["rubric"]
        )
        messages.success(request, _("The rubric for this assignment is set."))
    else:
        messages.error(request, _("Choose one of your rubrics."))
    return redirect("assignments:review_table", pk=assignment.pk)


# --- rubrics and the comment bank -------------------------------------------------


def rubric_list(request):
    """The teacher's rubrics and saved comments."""
    return render(
        request,
        "assignments/rubric_list.html",
        {
            "rubrics": rubrics_for(user=request.user),
            "saved_comments": saved_comments_for(user=request.user),
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
            rubrics.rubric_create(
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
    rubric = get_rubric_for_owner_or_404(request.user, pk)
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
            rubrics.rubric_update(
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
    rubric = get_rubric_for_owner_or_404(request.user, pk)
    if request.method == "POST":
        try:
            rubrics.rubric_delete(rubric=rubric)
        except ValidationError as error:
            messages.error(request, first_message(error))
        else:
            messages.success(
                request, _("The rubric “%(title)s” is deleted.") % {"title": rubric}
            )
        return redirect("assignments:rubric_list")
    return render(
        request,
        "_confirm_delete.html",
        {
            "title": _("Delete “%(title)s”") % {"title": rubric.title},
            "question": _("Delete “%(title)s”?") % {"title": rubric.title},
            "consequences": [
                _(
                    "The rubric and its criteria are deleted. A rubric that an "
                    "assignment uses, or that answers were scored with, is kept: "
                    "the page will say so."
                )
            ],
            "confirm_label": _("Delete the rubric"),
            "cancel_url": reverse("assignments:rubric_list"),
            "stylesheet": "css/review.css",
        },
    )


@require_POST
def saved_comment_delete(request, pk):
    comment = get_saved_comment_for_owner_or_404(request.user, pk)
    feedback.saved_comment_delete(comment=comment)
    messages.success(request, _("The comment is out of your bank."))
    return redirect("assignments:rubric_list")


# --- one student's own due dates (an accommodation) -------------------------------


@require_http_methods(["GET", "POST"])
def student_due_dates_edit(request, pk, student_pk):
    """The class's assignments with one student's due date on each; the teacher
    gives them a date of their own on one."""
    classroom = get_classroom_for_teacher_or_404(request.user, pk)
    enrolment = get_enrolment_for_user_or_404(
        request.user, classroom=classroom, student_pk=student_pk
    )
    rows = student_due_dates(
        classroom=classroom, enrolment=enrolment, user=request.user
    )
    by_pk = {row.assignment.pk: row.assignment for row in rows}
    form = PersonalDueDateForm(request.POST or None, assignments=list(by_pk.values()))
    if request.method == "POST" and form.is_valid():
        assignment = by_pk[form.cleaned_data["assignment"]]
        try:
            assignments.personal_due_date_set(
                assignment=assignment,
                student=enrolment.student,
                due_at=form.cleaned_data["due_at"],
            )
        except ValidationError as error:
            form_add_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s has their own due date on “%(title)s”.")
                % {"name": enrolment.student, "title": assignment.lesson.title},
            )
            return redirect(request.path)
    return render(
        request,
        "assignments/student_due_dates.html",
        {"classroom": classroom, "enrolment": enrolment, "rows": rows, "form": form},
    )


@require_POST
def student_due_date_remove(request, pk, student_pk, assignment_pk):
    """Back to the class's date (with any standing extended time)."""
    classroom = get_classroom_for_teacher_or_404(request.user, pk)
    enrolment = get_enrolment_for_user_or_404(
        request.user, classroom=classroom, student_pk=student_pk
    )
    assignment = get_assignment_for_teacher_or_404(request.user, assignment_pk)
    if assignment.classroom_id != classroom.pk:
        raise Http404
    assignments.personal_due_date_remove(
        assignment=assignment, student=enrolment.student
    )
    messages.success(
        request,
        _("“%(title)s” is back on the class's date for %(name)s.")
        % {"name": enrolment.student, "title": assignment.lesson.title},
    )
    return redirect(
        "assignments:student_due_dates", pk=classroom.pk, student_pk=student_pk
    )
