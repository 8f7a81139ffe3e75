"""The student's pages: the assignment with its answer forms, and the discussion of
a prompt with its replies.

The answer form has several buttons (save, submit, add a quotation by hand, remove a
quotation); each posts to its own view here (``formaction``), and all of them save
the text in the box first (``answer_form``), so no button ever costs the student
their words. What a button comes back with (done, or refused and why) is shown
under its question, beside the field it is about, and focused: htmx swaps in that
question's form; without JavaScript the page redirects to itself (POST, redirect,
GET, so a reload never sends the form again) and the message is the address's
fragment."""

import dataclasses
import uuid
from dataclasses import dataclass
from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assignments.essay import SOURCING_MIN_WORDS, essay_form_data
from assignments.forms import CitationByHandForm, ReplyForm, answer_form_state
from assignments.models import MAX_ANSWER_CHARS, MAX_REPLY_CHARS, MAX_REVISION
from assignments.permissions import (
    can_edit_reply,
    can_see_discussion,
    get_assignment_for_student_or_404,
    get_assignment_for_teacher_or_404,
    get_citation_of_response_or_404,
    get_prompt_of_assignment_or_404,
    get_reply_for_author_or_404,
    get_response_for_discussion_or_404,
    is_someone_elses_page,
)
from assignments.selectors.discussion import discussion, own_response
from assignments.selectors.grid import GridCellState
from assignments.selectors.student import AnswerFormState, assignment_page
from assignments.services import answers, essays, replies
from assignments.views.api import answer_to_prompt
from assignments.views.sourcing import kept_sourcing_state, opened_excerpt
from lessons.models import Prompt
from portal.http import first_message
from portal.limits import id_from, int_from

SUBMIT_KEY = "idempotency_key"
# An essay submitted with a rule unmet: warned, then sent again with this field.
ESSAY_RULES = essays.ESSAY_RULES
ESSAY_CONFIRMED = "essay_confirmed"
# A refusal that means the form itself is broken (not the student's words).
BROKEN_FORM = "broken_form"
# Where each refusal of a button is shown (see ERROR_PLACES): beside the evidence
# when evidence is missing, beside the buttons when the answer may not be
# submitted now or the form is broken, otherwise beside the answer box.
ERROR_PLACE = {
    "citations_missing": "evidence",
    "returned": "submit",
    "unrevised": "text",
    "closed": "submit",
    ESSAY_RULES: "submit",
    "late_refused": "submit",
    BROKEN_FORM: "submit",
}


def _state_key(assignment) -> str:
    return f"assignments.answer_form.{assignment.pk}"


def _page_context(
    request,
    assignment,
    *,
    state=None,
    only=None,
    cell_state=None,
    sourcing_state=None,
) -> dict:
    page = assignment_page(
        assignment=assignment,
        user=request.user,
        state=state,
        only=only,
        cell_state=cell_state,
        sourcing_state=sourcing_state,
    )
    return {
        "assignment": assignment,
        "page": page,
        "lesson": page.lesson,
        # Only the excerpts the student may read now (a source-first lesson keeps
        # the others closed, and out of the page, until they are sourced).
        "excerpts": page.open_excerpts,
        "locked_excerpts": page.locked,
        "pictures": [e for e in page.open_excerpts if e.is_image],
        "submit_key": uuid.uuid4(),
        "now": timezone.now(),
        "max_answer_chars": MAX_ANSWER_CHARS,
        "sourcing_min_words": SOURCING_MIN_WORDS,
        # Accommodations: the version the reading opens on (the adapted wording or
        # a translation), and read-aloud showing from the start.
        "first_version": getattr(assignment, "student_first_version", "") or "",
        "read_aloud_open": bool(getattr(assignment, "student_read_aloud", False)),
    }


def cell_state_key(assignment) -> str:
    return f"assignments.grid_cell.{assignment.pk}"


def kept_cell_state(request, assignment) -> GridCellState | None:
    """What the last Save of an evidence grid's cell came back with, if anything
    (kept for the one page load after its redirect)."""
    kept = request.session.pop(cell_state_key(assignment), None)
    if not isinstance(kept, dict):
        return None
    try:
        return GridCellState(**kept)
    except TypeError:
        return None


def _kept_state(request, assignment) -> AnswerFormState | None:
    """What the last button of this page's answer forms came back with (kept for
    the one page load after its redirect), if anything."""
    kept = request.session.pop(_state_key(assignment), None)
    if not isinstance(kept, dict):
        return None
    try:
        return AnswerFormState(**kept)
    except TypeError:  # kept by an older version of this page: drop it
        return None


def assignment_detail(request, pk):
    """The assignment as the student works on it (after a button of an answer
    form, with what it came back with under its question)."""
    assignment = get_assignment_for_student_or_404(request.user, pk)
    state = _kept_state(request, assignment)
    context = _page_context(
        request,
        assignment,
        state=state,
        cell_state=kept_cell_state(request, assignment),
        sourcing_state=kept_sourcing_state(request, assignment),
    )
    context["opened_excerpt"] = opened_excerpt(request, assignment)
    response = render(request, "assignments/assignment_detail.html", context)
    add_never_cache_headers(response)
    return response


# --- the answer form's buttons ----------------------------------------------------


class CiteRefused(Exception):
    """A quotation typed by hand was refused; ``field`` is the one to mark."""

    def __init__(self, field, message):
        super().__init__(message)
        self.field, self.message = field, message


def _sent_revision(request) -> int | None:
    sent = request.POST.get("revision")
    revision = int_from(sent, maximum=MAX_REVISION)
    if sent is not None and revision is None:
        raise ValidationError(
            _("The page sent a broken form; reload it."), code=BROKEN_FORM
        )
    return revision


@dataclass(frozen=True)
class Done:
    """What a button did, said under its question."""

    notice: str
    late: bool = False


def _text_then_action(request, action, response, state) -> AnswerFormState:
    """Save the text in the box, then run the button's action. What comes back is
    what the question shows next: the notice of what was done, or why not, with
    the student's words in place (on a conflict: the stored text in the box, the
    sent one below)."""
    text = request.POST.get("text")
    sent_essay = (
        essay_form_data(request.POST)
        if response.prompt.kind == Prompt.Kind.ESSAY
        else None
    )
    state = dataclasses.replace(state, essay=sent_essay)
    try:
        saved = essays.form_words_save(
            response=response,
            text=text,
            sent_essay=sent_essay,
            revision=_sent_revision(request),
        )
        if saved.conflict:
            return dataclasses.replace(
                state, error=saved.message, conflict_text=saved.sent_text
            )
        done = action(request, response)
    except CiteRefused as refused:
        return dataclasses.replace(
            state, text=text, cite_error=refused.message, cite_error_field=refused.field
        )
    except ValidationError as error:
        code = getattr(error, "code", None)
        return dataclasses.replace(
            state,
            text=text,
            error=first_message(error),
            error_place=ERROR_PLACE.get(code, "text"),
            confirm_submit=code == ESSAY_RULES,
        )
    # Done: the form starts afresh (the quotation typed by hand is in the evidence).
    return AnswerFormState(
        prompt_pk=state.prompt_pk, notice=done.notice, notice_late=done.late
    )


def answered(request, assignment, prompt, state: AnswerFormState):
    """After a button: htmx swaps the question's answer form for the one this
    renders; without JavaScript the page is loaded again (POST, redirect, GET: a
    reload never sends the form twice) at what the button came back with."""
    if request.htmx:
        # Only this question's data: the rest of the page is already there.
        context = _page_context(request, assignment, state=state, only=prompt)
        context["prompt"] = context["page"].answer_for(prompt).prompt
        response = render(request, "assignments/_answer_box.html", context)
        add_never_cache_headers(response)
        return response
    request.session[_state_key(assignment)] = dataclasses.asdict(state)
    detail = reverse("assignments:assignment_detail", args=[assignment.pk])
    return redirect(f"{detail}#{state.anchor or f'prompt-{prompt.pk}-q'}")


def answer_form(*, cite: bool = False, region: bool = False):
    """What every button of the answer form shares: refuse a form from a page of
    another student; save the text in the box first (``response_form_text_save``
    decides a conflict with newer text); run the button's action
    (``action(request, response) -> Done``, raising ``ValidationError`` or
    ``CiteRefused`` to refuse); then show the question again with what came of it
    (``answered``). ``cite``/``region`` keep their by-hand panel open on a refusal."""

    def decorate(action):
        @require_POST
        @wraps(action)
        def view(request, pk, prompt_pk):
            if is_someone_elses_page(request.user, request.POST.get("student")):
                return render(
                    request,
                    "assignments/wrong_student.html",
                    {"text": request.POST.get("text", "")},
                    status=409,
                )
            assignment = get_assignment_for_student_or_404(request.user, pk)
            response = answer_to_prompt(request.user, assignment, prompt_pk)
            prompt = response.prompt
            state = answer_form_state(request.POST, prompt, cite=cite, region=region)
            state = _text_then_action(request, action, response, state)
            return answered(request, assignment, prompt, state)

        return view

    return decorate


@answer_form()
def response_save(request, response) -> Done:
    """Save draft (the text is saved by ``answer_form``)."""
    return Done(_("Your draft is saved."))


@answer_form()
def response_submit(request, response) -> Done:
    """Submit the answer, once per page load (its idempotency key)."""
    try:
        key = uuid.UUID(request.POST.get(SUBMIT_KEY, ""))
    except ValueError:
        key = uuid.uuid4()
    # "Submit anyway" (after the warning) sends the form with ESSAY_CONFIRMED.
    essays.essay_rules_warn(
        response=response, confirmed=ESSAY_CONFIRMED in request.POST
    )
    version = answers.response_submit(response=response, idempotency_key=key).version
    if version.is_late:
        return Done(
            _("Submitted (version %(n)s), after the due time: marked late.")
            % {"n": version.number},
            late=True,
        )
    return Done(_("Your answer is submitted (version %(n)s).") % {"n": version.number})


# Which field of "Add a quotation by hand" a refusal from citation_add is about.
CITE_ERROR_FIELDS = {
    "foreign_excerpt": "excerpt",
    "source_first": "excerpt",
    "no_paragraph": "paragraph",
    "empty": "quotation",
    "not_found": "quotation",
}


@answer_form(cite=True)
def response_cite(request, response) -> Done:
    """Add a quotation by hand (without JavaScript): excerpt, paragraph, words."""
    excerpts = [
        item.excerpt
        for item in response.assignment.lesson.lesson_excerpts.select_related("excerpt")
    ]
    form = CitationByHandForm(request.POST, excerpts=excerpts)
    if not form.is_valid():
        field, field_errors = next(iter(form.errors.items()))
        raise CiteRefused(
            field if field in form.fields else "quotation", field_errors[0]
        )
    try:
        answers.citation_add(
            response=response,
            excerpt=next(e for e in excerpts if e.pk == form.cleaned_data["excerpt"]),
            paragraph=form.cleaned_data["paragraph"],
            quotation=form.cleaned_data["quotation"],
        )
    except ValidationError as error:
        field = CITE_ERROR_FIELDS.get(getattr(error, "code", None), "quotation")
        raise CiteRefused(field, first_message(error)) from None
    return Done(_("The quotation was added to your evidence."))


@answer_form()
def citation_remove(request, response) -> Done:
    """Take a quotation out of the evidence (its button sends the citation's pk)."""
    citation_pk = id_from(request.POST.get("remove_citation"))
    if citation_pk is None:
        raise ValidationError(
            _("That quotation could not be found; reload the page."),
            code=BROKEN_FORM,
        )
    citation = get_citation_of_response_or_404(response, citation_pk)
    answers.citation_remove(citation=citation)
    return Done(_("The quotation was removed from your evidence."))


def signed_in_again(request):
    """Where the "sign in again" tab lands: it says the other tab can carry on."""
    return render(request, "assignments/signed_in_again.html")


# --- discussion -------------------------------------------------------------------


# A refused reply, kept between its POST and the page it redirects to (so a reload
# sends nothing again): the answer it was for, the words written and the reason.
REFUSED_REPLY = "refused_reply"


def _reply_box(request) -> tuple[int | None, dict]:
    """The answer whose reply box is open (``?reply=<answer>``: the page shows one
    box at most), with a refused reply's words and reason, shown once."""
    target = id_from(request.GET.get("reply"))
    refused = request.session.pop(REFUSED_REPLY, None) or {}
    if not target or refused.get("target") != target:
        refused = {}
    return target, {"text": refused.get("text", ""), "error": refused.get("error")}


def _render_discussion(request, assignment, prompt):
    reply_target, reply_box = _reply_box(request)
    page = discussion(
        assignment=assignment,
        prompt=prompt,
        user=request.user,
        page=request.GET.get("page"),
        # A reply box asked for (or a reply posted): the page holding that answer.
        around=reply_target or request.GET.get("answer"),
    )
    shown = page.page
    response = render(
        request,
        "assignments/discussion.html",
        {
            "assignment": assignment,
            "prompt": prompt,
            "page": page,
            "reply_box": reply_box,
            "reply_target": reply_target if not page.is_teacher else None,
            "page_range": shown.paginator.get_elided_page_range(
                shown.number, on_each_side=2, on_ends=1
            )
            if shown
            else [],
        },
    )
    # It can carry a refused reply meant for one load.
    add_never_cache_headers(response)
    return response


def discussion_page(request, pk, prompt_pk):
    """Classmates' answers to a prompt, with their evidence and replies, once the
    assignment's setting lets this student see them (its teachers always)."""
    if request.user.is_student:
        assignment = get_assignment_for_student_or_404(request.user, pk)
    else:
        assignment = get_assignment_for_teacher_or_404(request.user, pk)
    prompt = get_prompt_of_assignment_or_404(assignment, prompt_pk)
    return _render_discussion(request, assignment, prompt)


def _reply_url(reply) -> str:
    """The reply in its discussion, on the page that holds its answer."""
    url = reverse(
        "assignments:discussion",
        args=[reply.response.assignment_id, reply.response.prompt_id],
    )
    return f"{url}?answer={reply.response_id}#reply-{reply.pk}"


@require_POST
def reply_create(request, response_pk):
    target = get_response_for_discussion_or_404(request.user, response_pk)
    own = own_response(
        assignment=target.assignment, prompt=target.prompt, user=request.user
    )
    if not can_see_discussion(request.user, target.assignment, own):
        raise Http404
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            reply = replies.reply_create(
                response=target, author=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            form.add_error("text", error)
        else:
            messages.success(request, _("Your reply is posted."))
            return redirect(_reply_url(reply))
    # Refused: back to the discussion (POST, redirect, GET) with the reply box of
    # that answer open, the words written in it and the reason beside it.
    request.session[REFUSED_REPLY] = {
        "target": target.pk,
        "text": request.POST.get("text", "")[: MAX_REPLY_CHARS * 2],
        "error": (form.errors.get("text") or [_("That did not work.")])[0],
    }
    url = reverse(
        "assignments:discussion", args=[target.assignment_id, target.prompt_id]
    )
    return redirect(f"{url}?reply={target.pk}#reply-to-{target.pk}")


def reply_edit(request, pk):
    reply = get_reply_for_author_or_404(request.user, pk)
    if not can_edit_reply(request.user, reply):
        messages.error(
            request, _("This reply can no longer be changed (15 minutes have passed).")
        )
        return redirect(_reply_url(reply))
    form = ReplyForm(request.POST or None, initial={"text": reply.text})
    if request.method == "POST" and form.is_valid():
        try:
            replies.reply_update(
                reply=reply, user=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            form.add_error("text", error)
        else:
            messages.success(request, _("Your reply is changed."))
            return redirect(_reply_url(reply))
    discussion_url = reverse(
        "assignments:discussion",
        args=[reply.response.assignment_id, reply.response.prompt_id],
    )
    return render(
        request,
        "assignments/reply_edit.html",
        {"reply": reply, "form": form, "discussion_url": discussion_url},
    )
