"""The assignment page's fetch() endpoints: autosave, cite, a fresh CSRF token.

They answer JSON, never a redirect, so the page keeps what the student typed and
retries once they have signed in again."""

import json
from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from assignments.answer_box import answer_state_html
from assignments.essay import essay_from_text
from assignments.evidence_item import citation_item_html
from assignments.models import MAX_REVISION, Response
from assignments.permissions import (
    get_assignment_for_student_or_404,
    get_excerpt_of_assignment_or_404,
    get_prompt_of_assignment_or_404,
    is_someone_elses_page,
    own_answer_for_autosave,
    own_response_to_prompt,
)
from assignments.services import answers, essays, regions
from assignments.text import question_label
from lessons.models import Prompt
from portal.http import first_message
from portal.limits import int_from
from portal.times import time_text


def _refusal(request):
    """Why a fetch is refused before the view runs (None: it may run)."""
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
    if is_someone_elses_page(user, request.POST.get("student")):
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
    return None


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
        refused = _refusal(request)
        if refused is not None:
            return refused
        try:
            return view(request, *args, **kwargs)
        except Http404:
            return JsonResponse({"error": "not_found"}, status=404)
        except ValidationError as error:
            return JsonResponse(
                {"error": "invalid", "message": first_message(error)}, status=400
            )

    return require_POST(wrapper)


def _saved_label(moment) -> str:
    return time_text(moment)


def _answer_state_html(response) -> str:
    """The answer's status badges, as the page shows them above its box (in the
    viewer's language and time zone, active already)."""
    version = response.latest_version
    return answer_state_html(
        response,
        text=response.text,
        unsubmitted=version is not None and version.text != response.text,
    )


def _int_field(request, name: str, message: str) -> int:
    number = int_from(request.POST.get(name), maximum=MAX_REVISION)
    if number is None:
        raise ValidationError(message)
    return number


def answer_to_prompt(user, assignment, prompt_pk) -> Response:
    """The student's answer to a prompt of the assignment (``.prompt`` set): one
    query once it exists; the first time, the prompt is fetched (404 when it is not
    the lesson's) and the answer made."""
    response = own_response_to_prompt(user, assignment, prompt_pk)
    if response is None:
        response = answers.response_get_or_create(
            assignment=assignment,
            prompt=get_prompt_of_assignment_or_404(assignment, prompt_pk),
            student=user,
        )
    return response


def _answer_to_save(user, pk, prompt_pk) -> Response:
    """The answer an autosave writes to: once it exists (every save but the first),
    one query; else through the assignment as the student sees it (404 when they
    do not), made on first use."""
    response = own_answer_for_autosave(user, pk, prompt_pk)
    if response is None:
        # The row alone: saving a draft shows nothing of the class or the lesson.
        assignment = get_assignment_for_student_or_404(user, pk, related=())
        response = answer_to_prompt(user, assignment, prompt_pk)
    return response


@json_student_endpoint
def response_autosave(request, pk, prompt_pk):
    response = _answer_to_save(request.user, pk, prompt_pk)
    revision = _int_field(
        request, "revision", _("The page sent a broken save; reload it.")
    )
    prompt = response.prompt
    essay = prompt.kind == Prompt.Kind.ESSAY
    if essay:
        # An essay's box sends its parts as JSON in ``text`` (static/js/essay.js).
        result = essays.essay_draft_save(
            response=response,
            essay=essay_from_text(request.POST.get("text", "")),
            revision=revision,
        )
    else:
        result = answers.response_draft_save(
            response=response, text=request.POST.get("text", ""), revision=revision
        )
    data = {
        "saved": result.saved,
        "revision": result.revision,
        "saved_at": result.saved_at.isoformat() if result.saved_at else None,
        "saved_at_label": _saved_label(result.saved_at),
    }
    if result.saved:
        data["state_html"] = _answer_state_html(response)
    else:
        # Saved from another tab or device since: the page shows the newer text
        # (``response`` holds it now) next to the one in its box and lets the
        # student choose.
        data["text"] = json.dumps(response.essay) if essay else response.text
    return JsonResponse(data)


def _citation_json(request, assignment, prompt, citation, message: str):
    """The new evidence item, rendered as the page shows it, with what to say."""
    html = citation_item_html(
        citation,
        can_edit=True,
        remove_url=reverse(
            "assignments:citation_remove", args=[assignment.pk, prompt.pk]
        ),
    )
    return JsonResponse(
        {"id": citation.pk, "html": html, "prompt": prompt.pk, "message": message}
    )


@json_student_endpoint
def citation_create(request, pk, prompt_pk):
    assignment = get_assignment_for_student_or_404(request.user, pk)
    prompt = get_prompt_of_assignment_or_404(assignment, prompt_pk)
    message = _("Select words inside one paragraph.")
    excerpt_pk = _int_field(request, "excerpt", message)
    paragraph = _int_field(request, "paragraph", message)
    excerpt = get_excerpt_of_assignment_or_404(assignment, excerpt_pk)
    response = answers.response_get_or_create(
        assignment=assignment, prompt=prompt, student=request.user
    )
    citation = answers.citation_add(
        response=response,
        excerpt=excerpt,
        paragraph=paragraph,
        quotation=request.POST.get("quotation", ""),
        # Words from a translation of the excerpt (its language); empty: the original.
        language=request.POST.get("language", "").strip()[:16],
    )
    said = _("Quotation added to question %(n)s (%(label)s): %(where)s ¶%(p)s.") % {
        "n": prompt.order,
        "label": question_label(prompt.text),
        "where": excerpt.title,
        "p": paragraph,
    }
    if citation.language:
        said = "{} {}".format(
            said,
            _("(from the %(language)s translation)")
            % {"language": citation.language_name},
        )
    return _citation_json(request, assignment, prompt, citation, said)


def _share_field(request, name: str) -> float:
    try:
        return float(request.POST.get(name, ""))
    except ValueError:
        raise ValidationError(
            _("The page sent a broken region; mark it again.")
        ) from None


@json_student_endpoint
def region_cite_create(request, pk, prompt_pk):
    """Cite a region of one of the lesson's pictures (left, top, width, height in
    shares of the picture) with the student's words on what it shows."""
    assignment = get_assignment_for_student_or_404(request.user, pk)
    prompt = get_prompt_of_assignment_or_404(assignment, prompt_pk)
    excerpt_pk = _int_field(request, "excerpt", _("Mark a region of a picture."))
    region = [_share_field(request, n) for n in ("left", "top", "width", "height")]
    excerpt = get_excerpt_of_assignment_or_404(assignment, excerpt_pk)
    response = answers.response_get_or_create(
        assignment=assignment, prompt=prompt, student=request.user
    )
    citation = regions.region_cite_add(
        response=response,
        excerpt=excerpt,
        region=region,
        description=request.POST.get("description", ""),
    )
    said = _("Region added to question %(n)s (%(label)s): %(where)s.") % {
        "n": prompt.order,
        "label": question_label(prompt.text),
        "where": excerpt.title,
    }
    return _citation_json(request, assignment, prompt, citation, said)


@login_not_required
@never_cache
@require_GET
def csrf_token(request):
    """A fresh CSRF token, for a page whose token went stale (after signing in
    again in another tab, for instance)."""
    return JsonResponse({"token": get_token(request)})
