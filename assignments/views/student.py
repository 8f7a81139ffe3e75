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

from assignments.essay import SOURCING_MIN_WORDS, essay_form_data, essay_from_json
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
from assignments.selectors.discussion import discussion, own_response
from assignments.selectors.essays import essay_check_for
from assignments.selectors.student import (
    REGION_STATE_FIELDS,
    AnswerFormState,
    assignment_page,
)
from assignments.services import answers, essays, replies
from lessons.models import Prompt
from portal.http import first_message
from portal.limits import id_from, int_from

SUBMIT_KEY = "idempotency_key"
# An essay submitted with a rule unmet: warned, then sent again with this field.
ESSAY_RULES = "essay_rules"
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


def _page_context(request, assignment, *, state=None, only=None) -> dict:
    page = assignment_page(
        assignment=assignment, user=request.user, state=state, only=only
    )
    return {
        "assignment": assignment,
        "page": page,
        "lesson": page.lesson,
        "excerpts": page.excerpts,
        # "Cite a region by numbers" is offered when the lesson has a picture.
        "pictures": [e for e in page.excerpts if e.is_image],
        "submit_key": uuid.uuid4(),
        "now": timezone.now(),
        "max_answer_chars": MAX_ANSWER_CHARS,
        "sourcing_min_words": SOURCING_MIN_WORDS,
        # An accommodation: the reading opens on the adapted wording.
        "adapted_first": bool(getattr(assignment, "student_adapted_first", False)),
    }


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
    response = render(
        request,
        "assignments/assignment_detail.html",
        _page_context(request, assignment, state=state),
    )
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


def _form_state(request, prompt, *, cite: bool, region: bool) -> AnswerFormState:
    """What the answer form sent besides its text, to show again on a refusal."""
    typed = {name: request.POST.get(name, "")[:400] for name in REGION_STATE_FIELDS}
    return AnswerFormState(
        prompt_pk=prompt.pk,
        cite=cite,
        cite_excerpt=request.POST.get("excerpt", ""),
        cite_paragraph=request.POST.get("paragraph", ""),
        cite_quotation=request.POST.get("quotation", ""),
        **{**typed, "region": region},
    )


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
        saved = _save_sent(request, response, text, sent_essay)
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


def _save_sent(request, response, text, sent_essay):
    """The answer form's words, saved before its button acts: an essay's parts,
    or the answer's text."""
    if sent_essay is not None:
        return essays.essay_form_save(
            response=response,
            essay=essay_from_json(sent_essay),
            revision=_sent_revision(request),
        )
    return answers.response_form_text_save(
        response=response, text=text, revision=_sent_revision(request)
    )


def _answered(request, assignment, prompt, state: AnswerFormState):
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
    (``_answered``). ``cite`` keeps "Add a quotation by hand" open on a refusal,
    ``region`` "Cite a region by numbers"."""

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
            state = _form_state(request, prompt, cite=cite, region=region)
            state = _text_then_action(request, action, response, state)
            return _answered(request, assignment, prompt, state)

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
    if (
        response.prompt.kind == Prompt.Kind.ESSAY
        and ESSAY_CONFIRMED not in request.POST
    ):
        # The essay's rules warn, naming each rule not met; "Submit anyway" sends
        # the form again with ESSAY_CONFIRMED.
        unmet = essay_check_for(response).unmet
        if unmet:
            raise ValidationError(
                _("Before you submit: %(rules)s You can still submit it as it is.")
                % {"rules": " ".join(unmet)},
                code=ESSAY_RULES,
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


def _render_discussion(request, assignment, prompt, **extra):
    page = discussion(
        assignment=assignment,
        prompt=prompt,
        user=request.user,
        page=request.GET.get("page"),
        # After a reply (or a refused one): the page holding that answer.
        around=extra.get("reply_target") or request.GET.get("answer"),
    )
    shown = page.page
    return render(
        request,
        "assignments/discussion.html",
        {
            "assignment": assignment,
            "prompt": prompt,
            "page": page,
            "reply_form": ReplyForm(),
            "page_range": shown.paginator.get_elided_page_range(
                shown.number, on_each_side=2, on_ends=1
            )
            if shown
            else [],
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
