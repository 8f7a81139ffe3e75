import uuid
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from assignments import selectors, services
from assignments.forms import (
    AssignmentCreateForm,
    AssignmentSettingsForm,
    CitationByHandForm,
    ReplyForm,
)
from assignments.models import MAX_ANSWER_CHARS, Citation
from assignments.permissions import (
    can_edit_reply,
    can_see_discussion,
    get_assignment_for_student_or_404,
    get_assignment_for_teacher_or_404,
    get_prompt_of_assignment_or_404,
    get_reply_for_author_or_404,
    get_reply_for_teacher_or_404,
    get_response_for_discussion_or_404,
)
from assignments.text import clean_text
from sources.models import Excerpt

SUBMIT_KEY = "idempotency_key"


def _saved_label(moment) -> str:
    return date_format(timezone.localtime(moment), "TIME_FORMAT") if moment else ""


def _first_message(error: ValidationError) -> str:
    return error.messages[0] if error.messages else _("That did not work.")


# --- the assignment page ----------------------------------------------------------


def _render_assignment(
    request, assignment, *, errors=None, posted=None, extra=None, status=200
):
    """The assignment page. ``posted`` puts text the student just sent back in its
    box, ``errors`` shows a message above it, and ``extra`` sets more fields of a
    prompt's answer (the quotation typed by hand, a conflict with newer text)."""
    page = selectors.assignment_page(assignment=assignment, user=request.user)
    for answer in page.answers:
        if posted and answer.prompt.pk in posted:
            answer.text = posted[answer.prompt.pk]
        if errors and answer.prompt.pk in errors:
            answer.error = errors[answer.prompt.pk]
        if extra and answer.prompt.pk in extra:
            for name, value in extra[answer.prompt.pk].items():
                setattr(answer, name, value)
    excerpts = [item.excerpt for item in page.lesson.lesson_excerpts.all()]
    return render(
        request,
        "assignments/assignment_detail.html",
        {
            "assignment": assignment,
            "page": page,
            "lesson": page.lesson,
            "excerpts": excerpts,
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


# Which field of "Add a quotation by hand" a refusal from citation_add is about.
CITE_ERROR_FIELDS = {
    "foreign_excerpt": "excerpt",
    "no_paragraph": "paragraph",
    "empty": "quotation",
    "not_found": "quotation",
}


class CiteRefused(Exception):
    def __init__(self, field, message):
        super().__init__(message)
        self.field, self.message = field, message


def _cite_by_hand(request, assignment, response):
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
    excerpt = next(e for e in excerpts if e.pk == form.cleaned_data["excerpt"])
    try:
        services.citation_add(
            response=response,
            excerpt=excerpt,
            paragraph=form.cleaned_data["paragraph"],
            quotation=form.cleaned_data["quotation"],
        )
    except ValidationError as error:
        field = CITE_ERROR_FIELDS.get(getattr(error, "code", None), "quotation")
        raise CiteRefused(field, _first_message(error)) from None


def _wrong_student(request) -> bool:
    """The page says whose it is; a form or fetch from a page opened by another
    student (a shared computer, after signing in as someone else) is refused."""
    sent = request.POST.get("student")
    return sent is not None and sent != str(request.user.pk)


@require_POST
def response_update(request, pk, prompt_pk):
    """The answer form, with or without JavaScript: whatever the button, the text in
    the box is saved first, so no action ever costs the student their words. The
    form carries the revision of the text it was opened with: when the answer has
    changed since (another tab or device), nothing is overwritten and the page shows
    both texts."""
    if _wrong_student(request):
        return render(
            request,
            "assignments/wrong_student.html",
            {"text": request.POST.get("text", "")},
            status=409,
        )
    assignment = get_assignment_for_student_or_404(request.user, pk)
    prompt = get_prompt_of_assignment_or_404(assignment, prompt_pk)
    response = services.response_get_or_create(
        assignment=assignment, prompt=prompt, student=request.user
    )
    text = request.POST.get("text")
    anchor = f"#prompt-{prompt.pk}-q"
    action = request.POST.get("action", "save")
    cite_values = {
        "cite": action == "cite",
        "cite_excerpt": request.POST.get("excerpt", ""),
        "cite_paragraph": request.POST.get("paragraph", ""),
        "cite_quotation": request.POST.get("quotation", ""),
    }
    remove = request.POST.get("remove_citation")
    try:
        base = request.POST.get("revision")
        try:
            base = response.revision if base is None else int(base)
        except ValueError:
            raise ValidationError(
                _("The page sent a broken form; reload it.")
            ) from None
        if text is not None:
            result = services.response_draft_save(
                response=response, text=text, revision=base + 1
            )
            if not result.saved:
                # Newer than this page: a clash only if the words differ from
                # what is stored now (a double click or a second tab sending the
                # same text is no clash).
                response.refresh_from_db(fields=["text", "revision"])
            if not result.saved and response.text != clean_text(
                text, max_chars=MAX_ANSWER_CHARS
            ):
                return _render_assignment(
                    request,
                    assignment,
                    errors={
                        prompt.pk: _(
                            "Your answer was changed in another tab or on another "
                            "device after this page was opened, so nothing was "
                            "overwritten and nothing was done. The saved answer is "
                            "in the box; the text you just sent is below it. Copy "
                            "what you want to keep, then save again."
                        )
                    },
                    extra={
                        prompt.pk: {
                            **cite_values,
                            "conflict_text": clean_text(
                                text, max_chars=MAX_ANSWER_CHARS
                            ),
                        }
                    },
                    status=409,
                )
        if remove:
            if not remove.isdigit():
                raise ValidationError(
                    _("That quotation could not be found; reload the page.")
                )
            citation = get_object_or_404(Citation, response=response, pk=int(remove))
            services.citation_remove(citation=citation)
            messages.success(
                request, _("The quotation was removed from your evidence.")
            )
        elif action == "cite":
            _cite_by_hand(request, assignment, response)
            messages.success(request, _("The quotation was added to your evidence."))
        elif action == "submit":
            try:
                key = uuid.UUID(request.POST.get(SUBMIT_KEY, ""))
            except ValueError:
                key = uuid.uuid4()
            result = services.response_submit(response=response, idempotency_key=key)
            version = result.version
            if version.is_late:
                messages.warning(
                    request,
                    _("Submitted (version %(n)s), after the due time: marked late.")
                    % {"n": version.number},
                )
            else:
                messages.success(
                    request,
                    _("Your answer is submitted (version %(n)s).")
                    % {"n": version.number},
                )
        else:
            messages.success(request, _("Your draft is saved."))
    except CiteRefused as refused:
        return _render_assignment(
            request,
            assignment,
            posted={prompt.pk: text} if text is not None else None,
            extra={
                prompt.pk: {
                    **cite_values,
                    "cite_error": refused.message,
                    "cite_error_field": refused.field,
                }
            },
        )
    except ValidationError as error:
        return _render_assignment(
            request,
            assignment,
            errors={prompt.pk: _first_message(error)},
            posted={prompt.pk: text} if text is not None else None,
            extra={prompt.pk: cite_values},
            status=400 if remove and not remove.isdigit() else 200,
        )
    return redirect(reverse("assignments:assignment_detail", args=[pk]) + anchor)


# --- JSON endpoints for the page's script -----------------------------------------


def json_student_endpoint(view):
    """For fetch() calls from the assignment page: a signed-out visitor gets 401 JSON
    (not a redirect to the sign-in page), so the page keeps the text and retries once
    the student has signed in again. The access table gives these rows the
    STUDENT_API audience, whose middleware answers the 401/403; the view checks who
    is asking again, so it stays safe if a row is ever changed."""

    @login_not_required
    @never_cache
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return JsonResponse(
                {
                    "error": "signed_out",
                    "message": _("You were signed out. Your text is still here."),
                },
                status=401,
            )
        if not user.is_student or user.must_change_password:
            return JsonResponse({"error": "forbidden"}, status=403)
        if _wrong_student(request):
            return JsonResponse(
                {
                    "error": "wrong_student",
                    "message": _(
                        "This browser is now signed in as someone else, so your "
                        "text was not saved. It is still on this page: sign in as "
                        "yourself and it will be saved."
                    ),
                },
                status=409,
            )
        try:
            return view(request, *args, **kwargs)
        except Http404:
            return JsonResponse({"error": "not_found"}, status=404)
        except ValidationError as error:
            return JsonResponse(
                {"error": "invalid", "message": _first_message(error)}, status=400
            )

    return require_POST(wrapper)


@json_student_endpoint
def response_autosave(request, pk, prompt_pk):
    assignment = get_assignment_for_student_or_404(request.user, pk)
    prompt = get_prompt_of_assignment_or_404(assignment, prompt_pk)
    try:
        revision = int(request.POST.get("revision", ""))
    except ValueError:
        raise ValidationError(_("The page sent a broken save; reload it.")) from None
    response = services.response_get_or_create(
        assignment=assignment, prompt=prompt, student=request.user
    )
    result = services.response_draft_save(
        response=response, text=request.POST.get("text", ""), revision=revision
    )
    data = {
        "saved": result.saved,
        "revision": result.revision,
        "saved_at": result.saved_at.isoformat() if result.saved_at else None,
        "saved_at_label": _saved_label(result.saved_at),
    }
    if result.saved:
        data["state_html"] = _answer_state_html(request, response)
    else:
        # Saved from another tab or device since: the page shows the newer text
        # next to the one in its box and lets the student choose.
        response.refresh_from_db(fields=["text"])
        data["text"] = response.text
    return JsonResponse(data)


def _answer_state_html(request, response) -> str:
    """The answer's status badges, as the page shows them above its box."""
    version = response.latest_version
    return render_to_string(
        "assignments/_answer_box.html#answer_state",
        {
            "response": response,
            "answer": {
                "text": response.text,
                "has_unsubmitted_changes": bool(
                    version is not None and version.text != response.text
                ),
            },
        },
        request=request,
    )


@json_student_endpoint
def citation_create(request, pk, prompt_pk):
    assignment = get_assignment_for_student_or_404(request.user, pk)
    prompt = get_prompt_of_assignment_or_404(assignment, prompt_pk)
    try:
        excerpt_pk = int(request.POST.get("excerpt", ""))
        paragraph = int(request.POST.get("paragraph", ""))
    except ValueError:
        raise ValidationError(_("Select words inside one paragraph.")) from None
    excerpt = get_object_or_404(
        Excerpt.objects.select_related("source").filter(
            lesson_uses__lesson=assignment.lesson
        ),
        pk=excerpt_pk,
    )
    response = services.response_get_or_create(
        assignment=assignment, prompt=prompt, student=request.user
    )
    citation = services.citation_add(
        response=response,
        excerpt=excerpt,
        paragraph=paragraph,
        quotation=request.POST.get("quotation", ""),
    )
    html = render_to_string(
        "assignments/_citation_item.html",
        {"citation": citation, "can_edit": True},
        request=request,
    )
    return JsonResponse(
        {
            "id": citation.pk,
            "html": html,
            "message": _("Quotation added to question %(n)s: %(where)s ¶%(p)s.")
            % {"n": prompt.order, "where": excerpt.title, "p": paragraph},
        }
    )


@login_not_required
@never_cache
@require_GET
def csrf_token(request):
    """A fresh CSRF token, for a page whose token went stale (after signing in
    again in another tab, for instance)."""
    return JsonResponse({"token": get_token(request)})


def signed_in_again(request):
    """Where the "sign in again" tab lands: it says the other tab can carry on."""
    return render(request, "assignments/signed_in_again.html")


# --- discussion -------------------------------------------------------------------


def _discussion_context(request, pk, prompt_pk):
    if request.user.is_student:
        assignment = get_assignment_for_student_or_404(request.user, pk)
    else:
        assignment = get_assignment_for_teacher_or_404(request.user, pk)
    prompt = get_prompt_of_assignment_or_404(assignment, prompt_pk)
    own = None
    if request.user.is_student:
        own = (
            assignment.responses.filter(prompt=prompt, student=request.user)
            .select_related("latest_version")
            .first()
        )
    allowed = can_see_discussion(request.user, assignment, own)
    answers = (
        selectors.discussion_for_prompt(
            assignment=assignment, prompt=prompt, user=request.user
        )
        if allowed
        else []
    )
    for answer in answers:
        for reply in answer.replies.all():
            reply.can_edit = can_edit_reply(request.user, reply)
    return {
        "assignment": assignment,
        "prompt": prompt,
        "own": own,
        "allowed": allowed,
        "answers": answers,
        "is_teacher": not request.user.is_student,
        "reply_form": ReplyForm(),
    }


def discussion(request, pk, prompt_pk):
    """Classmates' answers to a prompt, with their evidence and replies, once the
    assignment's setting lets this student see them."""
    return render(
        request,
        "assignments/discussion.html",
        _discussion_context(request, pk, prompt_pk),
    )


@require_POST
def reply_create(request, response_pk):
    target = get_response_for_discussion_or_404(request.user, response_pk)
    own = (
        target.assignment.responses.filter(prompt=target.prompt, student=request.user)
        .select_related("latest_version")
        .first()
    )
    if not can_see_discussion(request.user, target.assignment, own):
        raise Http404
    url = reverse(
        "assignments:discussion", args=[target.assignment_id, target.prompt_id]
    )
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            reply = services.reply_create(
                response=target, author=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            form.add_error("text", error)
        else:
            messages.success(request, _("Your reply is posted."))
            return redirect(f"{url}#reply-{reply.pk}")
    # Refused: the discussion again, with the words the student wrote still in
    # the box under that answer and the reason next to it.
    context = _discussion_context(request, target.assignment_id, target.prompt_id)
    context.update({"reply_form": form, "reply_target": target.pk})
    return render(request, "assignments/discussion.html", context)


def reply_edit(request, pk):
    reply = get_reply_for_author_or_404(request.user, pk)
    url = reverse(
        "assignments:discussion",
        args=[reply.response.assignment_id, reply.response.prompt_id],
    )
    if not can_edit_reply(request.user, reply):
        messages.error(
            request, _("This reply can no longer be changed (15 minutes have passed).")
        )
        return redirect(f"{url}#reply-{reply.pk}")
    form = ReplyForm(request.POST or None, initial={"text": reply.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.reply_update(
                reply=reply, user=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            form.add_error("text", error)
        else:
            messages.success(request, _("Your reply is changed."))
            return redirect(f"{url}#reply-{reply.pk}")
    return render(
        request,
        "assignments/reply_edit.html",
        {"reply": reply, "form": form, "discussion_url": url},
    )


@require_POST
def reply_hide(request, pk):
    reply = get_reply_for_teacher_or_404(request.user, pk)
    hide = request.POST.get("hidden", "1") == "1"
    services.reply_hide(reply=reply, by=request.user, hidden=hide)
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


# --- teachers ---------------------------------------------------------------------


def assignment_create(request):
    """Give a lesson to one or more classes."""
    initial = {}
    if request.GET.get("lesson", "").isdigit():
        initial["lesson"] = int(request.GET["lesson"])
    form = AssignmentCreateForm(
        request.POST or None, user=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        lesson, classrooms = data.pop("lesson"), data.pop("classrooms")
        try:
            created = services.assignment_create(
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
    return render(request, "assignments/assignment_create.html", {"form": form})


def assignment_manage(request, pk):
    """The teacher's overview of one assignment: dates, rules and answers so far."""
    assignment = get_assignment_for_teacher_or_404(request.user, pk)
    class_size, progress = selectors.assignment_progress(
        assignment=assignment, user=request.user
    )
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
            services.assignment_update(assignment=assignment, **form.cleaned_data)
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


@require_POST
def assignment_close(request, pk):
    assignment = get_assignment_for_teacher_or_404(request.user, pk)
    close = request.POST.get("closed", "1") == "1"
    services.assignment_close(assignment=assignment, closed=close)
    messages.success(
        request,
        _("The assignment is closed: no more submissions.")
        if close
        else _("The assignment is open again."),
    )
    return redirect(assignment.get_absolute_url())
