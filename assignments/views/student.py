"""The student's pages: the assignment with its answer forms, and the discussion of
a prompt with its replies.

The answer form has several buttons (save, submit, add a quotation by hand, remove a
quotation); each posts to its own view here (``formaction``), and all of them save
the text in the box first (``answer_form``), so no button ever costs the student
their words."""

import dataclasses
import uuid
from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assignments.forms import CitationByHandForm, ReplyForm
from assignments.models import MAX_ANSWER_CHARS, MAX_REVISION
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
from assignments.selectors.student import (
    AnswerFormState,
    assignment_page,
    discussion,
    own_response,
)
from assignments.services import answers, replies
from portal.http import first_message
from portal.limits import id_from, int_from

SUBMIT_KEY = "idempotency_key"
# A refusal that means the form itself is broken (not the student's words).
BROKEN_FORM = "broken_form"


def _render_assignment(request, assignment, *, state=None, status=200):
    """The assignment page; ``state`` shows what a refused form sent, in place."""
    page = assignment_page(assignment=assignment, user=request.user, state=state)
    return render(
        request,
        "assignments/assignment_detail.html",
        {
            "assignment": assignment,
            "page": page,
            "lesson": page.lesson,
            "excerpts": page.excerpts,
            "submit_key": uuid.uuid4(),
            "now": timezone.now(),
            "max_answer_chars": MAX_ANSWER_CHARS,
        },
        status=status,
    )


def assignment_detail(request, pk):
    """The assignment as the student works on it."""
    assignment = get_assignment_for_student_or_404(request.user, pk)
    return _render_assignment(request, assignment)


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
        raise ValidationError(_("The page sent a broken form; reload it."))
    return revision


def _form_state(request, prompt, *, cite: bool) -> AnswerFormState:
    """What the answer form sent besides its text, to show again on a refusal."""
    return AnswerFormState(
        prompt_pk=prompt.pk,
        cite=cite,
        cite_excerpt=request.POST.get("excerpt", ""),
        cite_paragraph=request.POST.get("paragraph", ""),
        cite_quotation=request.POST.get("quotation", ""),
    )


def _text_then_action(request, action, assignment, response, state):
    """Save the text in the box, then run the button's action. None when both
    went through; otherwise the page again, saying why, with the student's words
    in place (on a conflict: the stored text in the box, the sent one below)."""
    text = request.POST.get("text")
    try:
        saved = answers.response_form_text_save(
            response=response, text=text, revision=_sent_revision(request)
        )
        if saved.conflict:
            state = dataclasses.replace(
                state, error=saved.message, conflict_text=saved.sent_text
            )
            return _render_assignment(request, assignment, state=state, status=409)
        action(request, assignment, response)
    except CiteRefused as refused:
        state = dataclasses.replace(
            state,
            text=text,
            cite_error=refused.message,
            cite_error_field=refused.field,
        )
        return _render_assignment(request, assignment, state=state)
    except ValidationError as error:
        state = dataclasses.replace(state, text=text, error=first_message(error))
        status = 400 if getattr(error, "code", None) == BROKEN_FORM else 200
        return _render_assignment(request, assignment, state=state, status=status)
    return None


def answer_form(*, cite: bool = False):
    """What every button of the answer form shares: refuse a form from a page of
    another student; save the text in the box first (``response_form_text_save``
    decides a conflict with newer text); run the button's action
    (``action(request, assignment, response)``, raising ``ValidationError`` or
    ``CiteRefused`` to refuse); then go back to the prompt. ``cite`` keeps "Add a
    quotation by hand" open on a refusal."""

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
            prompt = get_prompt_of_assignment_or_404(assignment, prompt_pk)
            response = answers.response_get_or_create(
                assignment=assignment, prompt=prompt, student=request.user
            )
            state = _form_state(request, prompt, cite=cite)
            refused = _text_then_action(request, action, assignment, response, state)
            if refused is not None:
                return refused
            detail = reverse("assignments:assignment_detail", args=[pk])
            return redirect(f"{detail}#prompt-{prompt.pk}-q")

        return view

    return decorate


@answer_form()
def response_save(request, assignment, response):
    """Save draft (the text is saved by ``answer_form``)."""
    messages.success(request, _("Your draft is saved."))


@answer_form()
def response_submit(request, assignment, response):
    """Submit the answer, once per page load (its idempotency key)."""
    try:
        key = uuid.UUID(request.POST.get(SUBMIT_KEY, ""))
    except ValueError:
        key = uuid.uuid4()
    version = answers.response_submit(response=response, idempotency_key=key).version
    if version.is_late:
        messages.warning(
            request,
            _("Submitted (version %(n)s), after the due time: marked late.")
            % {"n": version.number},
        )
    else:
        messages.success(
            request,
            _("Your answer is submitted (version %(n)s).") % {"n": version.number},
        )


# Which field of "Add a quotation by hand" a refusal from citation_add is about.
CITE_ERROR_FIELDS = {
    "foreign_excerpt": "excerpt",
    "no_paragraph": "paragraph",
    "empty": "quotation",
    "not_found": "quotation",
}


@answer_form(cite=True)
def response_cite(request, assignment, response):
    """Add a quotation by hand (without JavaScript): excerpt, paragraph, words."""
    excerpts = [
        item.excerpt
        for item in assignment.lesson.lesson_excerpts.select_related("excerpt")
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
    messages.success(request, _("The quotation was added to your evidence."))


@answer_form()
def citation_remove(request, assignment, response):
    """Take a quotation out of the evidence (its button sends the citation's pk)."""
    citation_pk = id_from(request.POST.get("remove_citation"))
    if citation_pk is None:
        raise ValidationError(
            _("That quotation could not be found; reload the page."),
            code=BROKEN_FORM,
        )
    citation = get_citation_of_response_or_404(response, citation_pk)
    answers.citation_remove(citation=citation)
    messages.success(request, _("The quotation was removed from your evidence."))


def signed_in_again(request):
    """Where the "sign in again" tab lands: it says the other tab can carry on."""
    return render(request, "assignments/signed_in_again.html")


# --- discussion -------------------------------------------------------------------


def _render_discussion(request, assignment, prompt, **extra):
    page = discussion(assignment=assignment, prompt=prompt, user=request.user)
    return render(
        request,
        "assignments/discussion.html",
        {
            "assignment": assignment,
            "prompt": prompt,
            "page": page,
            "reply_form": ReplyForm(),
            **extra,
        },
    )


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
    url = reverse(
        "assignments:discussion",
        args=[reply.response.assignment_id, reply.response.prompt_id],
    )
    return f"{url}#reply-{reply.pk}"


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
    # Refused: the discussion again, with the words the student wrote still in
    # the box under that answer and the reason next to it.
    assignment = get_assignment_for_student_or_404(request.user, target.assignment_id)
    return _render_discussion(
        request, assignment, target.prompt, reply_form=form, reply_target=target.pk
    )


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
