"""The teacher's review: the review table, grading one student (each button of the
grading form posts to its own view), returns, moderating the discussion, and the
reports (citation map, gradebook and its CSV, skill report)."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from accounts.audit import Kind, audit_record
from assignments.exports import gradebook_csv_rows
from assignments.forms import AssignmentRubricForm, GradingForm, data_with_saved_comment
from assignments.permissions import (
    get_assignment_for_teacher_or_404,
    get_reply_for_teacher_or_404,
)
from assignments.selectors import reports
from assignments.selectors.returns import responses_to_return, return_counts
from assignments.selectors.review import grading_page
from assignments.selectors.review_table import review_table as table_for_review
from assignments.services import feedback, replies
from assignments.status import SORTS, STATUS_FILTERS
from classrooms.permissions import get_classroom_for_teacher_or_404
from portal.http import first_message, id_or_404
from portal.spreadsheets import csv_response

# --- the review table -------------------------------------------------------------


def review_table(request, pk):
    """Students × prompts with status, words, evidence and score; filter and sort
    with plain GET parameters."""
    assignment = get_assignment_for_teacher_or_404(request.user, pk)
    table = table_for_review(
        assignment=assignment,
        user=request.user,
        status=request.GET.get("status", ""),
        sort=request.GET.get("sort", "name"),
        page=request.GET.get("page"),
        evidence=request.GET.get("evidence", ""),
        group=request.GET.get("group", "")[:20],
    )
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(
        request,
        "assignments/review_table.html",
        {
            "assignment": assignment,
            "table": table,
            "query_string": query_string.urlencode(),
            "page_range": table.page.paginator.get_elided_page_range(
                table.page.number, on_each_side=2, on_ends=1
            ),
            "status_filters": STATUS_FILTERS,
            "sorts": SORTS,
            "rubric_form": AssignmentRubricForm(
                user=request.user, initial={"rubric": assignment.rubric_id}
            ),
        },
    )


def _returned_message(count: int) -> str:
    if not count:
        return _("There were no submitted answers left to return.")
    return ngettext(
        "%(n)s answer returned: the student sees its score and comment.",
        "%(n)s answers returned: students see their scores and comments.",
        count,
    ) % {"n": count}


def review_return(request, pk):
    """Return the scored answers waiting for review, after asking (GET: how many
    will go back, how many stay for want of a score); or, with ``student``, every
    submitted answer of one student."""
    assignment = get_assignment_for_teacher_or_404(request.user, pk)
    if request.method != "POST":
        return render(
            request,
            "assignments/review_return.html",
            {
                "assignment": assignment,
                "counts": return_counts(assignment=assignment, user=request.user),
            },
        )
    student = None
    if request.POST.get("student"):
        student = grading_page(
            assignment=assignment,
            user=request.user,
            student_pk=id_or_404(request.POST["student"]),
        ).student
    count = feedback.feedback_return(
        responses=responses_to_return(
            assignment=assignment,
            user=request.user,
            student=student,
            scored_only=student is None,
        )
    )
    messages.success(request, _returned_message(count))
    if student is not None:
        return redirect("assignments:grading", pk=assignment.pk, student_pk=student.pk)
    return redirect("assignments:review_table", pk=assignment.pk)


# --- grading ----------------------------------------------------------------------


def _render_grading(request, page, form, *, status=200):
    return render(
        request,
        "assignments/grading.html",
        {
            "assignment": page.assignment,
            "page": page,
            "form": form,
            "rows": form.rows(),
        },
        status=status,
    )


def _page(request, pk, student_pk, **kwargs):
    assignment = get_assignment_for_teacher_or_404(request.user, pk)
    return grading_page(
        assignment=assignment, user=request.user, student_pk=student_pk, **kwargs
    )


@require_GET
def grading(request, pk, student_pk):
    """One student's answers, evidence in context, scores, comments, rubric; next /
    previous student."""
    page = _page(request, pk, student_pk)
    return _render_grading(request, page, GradingForm(page=page))


def _feedback_refused(request, page):
    """Save the grading form; None when saved, else the page saying why not: a
    field refused (400), or the feedback changed meanwhile (409: the stored
    feedback, with each comment written here that would be lost beside it)."""
    form = GradingForm(request.POST, page=page)
    if not form.is_valid():
        messages.error(request, _("Nothing was saved: check the marked fields."))
        return _render_grading(request, page, form, status=400)
    try:
        result = feedback.feedback_save_all(
            items=form.feedback_items(),
            points=page.points,
            graded_by=request.user,
            criteria=page.criteria,
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _render_grading(request, page, form, status=400)
    if not result.conflict:
        return None
    messages.error(request, result.message)
    fresh = _page(
        request,
        page.assignment.pk,
        page.student.pk,
        refused_comments=result.unsaved_comments,
    )
    return _render_grading(request, fresh, GradingForm(page=fresh), status=409)


def saves_feedback(action):
    """A button of the grading form that saves the feedback first, then does its
    own part (``action(request, page, **kwargs)`` answers the redirect)."""

    @require_POST
    @wraps(action)
    def view(request, pk, student_pk, **kwargs):
        page = _page(request, pk, student_pk)
        if "prompt_pk" in kwargs:
            page.answer_to(kwargs["prompt_pk"])  # 404 before saving anything
        refused = _feedback_refused(request, page)
        if refused is not None:
            return refused
        return action(request, page, **kwargs)

    return view


def _to_student(page, student):
    return redirect("assignments:grading", pk=page.assignment.pk, student_pk=student.pk)


def _saved(request, page):
    messages.success(
        request, _("Feedback saved for %(name)s.") % {"name": page.student}
    )


@saves_feedback
def feedback_save(request, page):
    _saved(request, page)
    return _to_student(page, page.student)


@saves_feedback
def feedback_save_next(request, page):
    """Save, then open the next student (the previous one with ``go=previous``),
    ready to grade: the page puts the cursor in the first score."""
    _saved(request, page)
    target = page.previous if request.POST.get("go") == "previous" else page.next
    if target is None:
        return _to_student(page, page.student)
    response = _to_student(page, target)
    response["Location"] += "#grade"
    return response


@saves_feedback
def feedback_save_return(request, page):
    """Save, then return every submitted answer of this student."""
    count = feedback.feedback_return(
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
    return _to_student(page, page.student)


@saves_feedback
def feedback_save_revise(request, page):
    """Save, then hand this student's waiting answers back for another version."""
    count = feedback.feedback_return(
        responses=[a.response for a in page.answers if a.response], for_revision=True
    )
    messages.success(
        request,
        ngettext(
            "Feedback saved and %(n)s answer returned to %(name)s for revision.",
            "Feedback saved and %(n)s answers returned to %(name)s for revision.",
            count,
        )
        % {"n": count, "name": page.student},
    )
    return _to_student(page, page.student)


@require_POST
def saved_comment_use(request, pk, student_pk, prompt_pk):
    """Without JavaScript: put the chosen saved comment into the question's comment
    box and show the page again; nothing is saved."""
    page = _page(request, pk, student_pk)
    answer = page.answer_to(prompt_pk)
    data = data_with_saved_comment(request.POST, page=page, prompt_pk=answer.prompt.pk)
    if data is None:
        messages.error(request, _("Choose a saved comment first."))
    else:
        messages.info(
            request, _("The saved comment is in the box. Press Save to keep it.")
        )
    sent = request.POST if data is None else data
    return _render_grading(request, page, GradingForm(sent, page=page))


@require_POST
def saved_comment_create(request, pk, student_pk, prompt_pk):
    """Keep the question's comment in the teacher's bank and show the page again
    with everything typed still in place; the feedback itself is not saved."""
    answer = _page(request, pk, student_pk).answer_to(prompt_pk)
    try:
        feedback.saved_comment_create(
            owner=request.user,
            text=request.POST.get(f"comment_{answer.prompt.pk}", ""),
        )
    except ValidationError as error:
        messages.error(request, first_message(error))
    else:
        messages.success(
            request,
            _("The comment is in your bank. The feedback itself is not saved yet."),
        )
    page = _page(request, pk, student_pk)  # with the bank as it is now
    return _render_grading(request, page, GradingForm(request.POST, page=page))


# --- moderating the discussion ----------------------------------------------------


@require_POST
def reply_hide(request, pk):
    reply = get_reply_for_teacher_or_404(request.user, pk)
    hide = request.POST.get("hidden", "1") == "1"
    replies.reply_hide(reply=reply, by=request.user, hidden=hide)
    messages.success(
        request,
        _("The reply is hidden from students.")
        if hide
        else _("The reply is shown again."),
    )
    url = reverse(
        "assignments:discussion",
        args=[reply.response.assignment_id, reply.response.prompt_id],
    )
    return redirect(f"{url}#reply-{reply.pk}")


# --- reports ----------------------------------------------------------------------


def citation_map(request, pk):
    assignment = get_assignment_for_teacher_or_404(request.user, pk)
    data = reports.citation_map(assignment=assignment, user=request.user)
    return render(
        request,
        "assignments/citation_map.html",
        {"assignment": assignment, "map": data},
    )


def gradebook(request, pk):
    classroom = get_classroom_for_teacher_or_404(request.user, pk)
    book = reports.gradebook(classroom=classroom, user=request.user)
    return render(
        request, "assignments/gradebook.html", {"classroom": classroom, "book": book}
    )


def gradebook_csv(request, pk):
    """The gradebook as a CSV file Canvas (and spreadsheets) can import."""
    classroom = get_classroom_for_teacher_or_404(request.user, pk)
    book = reports.gradebook(classroom=classroom, user=request.user)
    name = slugify(f"{classroom.name} {classroom.section}") or "class"
    audit_record(Kind.EXPORT, target=f"gradebook CSV, class {classroom.pk}")
    return csv_response(gradebook_csv_rows(book), filename=f"gradebook-{name}.csv")


def skill_report(request, pk):
    classroom = get_classroom_for_teacher_or_404(request.user, pk)
    report = reports.skill_report(classroom=classroom, user=request.user)
    return render(
        request,
        "assignments/skill_report.html",
        {"classroom": classroom, "report": report},
    )
