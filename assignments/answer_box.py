"""A question's answer form on the student's assignment page (its state, the
text box, its evidence, the quotation typed by hand, the buttons, the submitted
versions), written here rather than in a template: four forms of a hundred
template nodes each were some 12,000 Python calls, a third of the page's; here
they are some 3,500 (docs/performance.md), their fixed words read once per
language (portal.fragments.Words, made once a form).

The markup is what assignments/_answer_box.html wrote, as it wrote it: every value
escaped as the template engine escapes it (numbers unlocalized, as under
``{% localize off %}``), the words translated with the same message ids as the
template's ``{% translate %}`` and ``{% blocktranslate %}``. The parts few forms
show (an essay's paragraphs, a region cited by numbers) stay templates, rendered
by ``include`` with the form's context; an evidence grid is _answer_box.html's.
Each item of evidence: assignments.evidence_item."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.template.defaultfilters import floatformat
from django.utils.translation import ngettext

from assignments.evidence_item import citation_item_html
from assignments.evidence_item import v as _v
from assignments.models import Assignment
from portal.fragments import Words
from portal.rendering import mark_changes, render_markdown
from portal.times import moment_html


def _when(moment) -> str:
    return str(moment_html(moment))


# --- the answer's state ---------------------------------------------------------


def answer_state_html(
    response, *, text: str, unsubmitted: bool, gettext: Words | None = None
) -> str:
    """The badges above the box: returned, submitted (which version, when, late),
    draft or not started; and whether the text has changed since it was sent."""
    gettext = gettext or Words()
    version = response.latest_version if response is not None else None
    if response is not None and response.is_returned:
        said = (
            '<span class="badge text-bg-success">'
            f"{gettext('Returned with feedback')}</span>"
        )
    elif response is not None and response.is_for_revision:
        said = (
            '<span class="badge text-bg-warning">'
            f"{gettext('Returned for revision')}</span>"
        )
    elif version is not None:
        number = gettext("Submitted · version %(n)s") % {"n": _v(version.number)}
        late = (
            f' <span class="badge text-bg-warning">{gettext("late")}</span>'
            if version.is_late
            else ""
        )
        said = (
            f'<span class="badge text-bg-primary">{number}</span>'
            f" <span>{_when(version.submitted_at)}</span>{late}"
        )
    else:
        word = gettext("Draft") if text else gettext("Not started")
        said = f'<span class="badge text-bg-light border">{word}</span>'
    if unsubmitted:
        changed = gettext("You have changes you have not submitted yet.")
        said += f'\n    <span class="ms-1">{changed}</span>'
    return f"\n    {said}\n  "


# --- the form -------------------------------------------------------------------


def _error(pk: str, message) -> str:
    return (
        '<div class="answer-error alert alert-danger py-2" role="alert" tabindex="-1"'
        f' id="answer-{pk}-error">{_v(message)}</div>'
    )


def _feedback(answer, response, pk: str, gettext: Words) -> str:
    if response is None or not (response.is_returned or response.is_for_revision):
        return ""
    feedback = getattr(response, "feedback", None)
    if feedback is None:
        return ""
    revising = response.is_for_revision
    title = (
        gettext("Your teacher asks you to revise this answer")
        if revising
        else gettext("Your teacher's feedback")
    )
    parts = [
        f'\n  <section class="teacher-feedback{" is-revision" if revising else ""} mb-3"'
        f' aria-labelledby="feedback-{pk}-title">\n'
        f'    <h3 class="h6 mb-1" id="feedback-{pk}-title">{title}</h3>\n'
    ]
    if feedback.score is not None:
        score = gettext("Score: %(score)s out of %(points)s") % {
            "score": _v(floatformat(feedback.score, "-1")),
            "points": _v(feedback.max_points),
        }
        parts.append(f'    <p class="feedback-score mb-1">{score}</p>\n')
    if feedback.comment:
        parts.append(
            '    <div class="prose feedback-comment">'
            f"{render_markdown(feedback.comment)}</div>\n"
        )
    if answer.scores:
        rows = "".join(
            f"<li>{_v(gettext(s.criterion.title))}"
            f" ({_v(s.criterion.get_skill_display())}): {_v(s.points)} /"
            f" {_v(s.max_points)}</li>"
            for s in answer.scores
        )
        parts.append(f'    <ul class="small mb-0 feedback-rubric">{rows}</ul>\n')
    if revising:
        again = gettext(
            "Change your answer or its evidence below, then submit it again. "
            "Your earlier versions are kept."
        )
        parts.append(f'    <p class="small mb-0 mt-1">{again}</p>\n')
    parts.append("  </section>\n  ")
    return "".join(parts)


def _text_box(answer, pk: str, max_chars: int, gettext: Words) -> str:
    wrong = bool(answer.error) and answer.error_place == "text"
    label = gettext("Your answer to question %(n)s") % {"n": _v(answer.prompt.order)}
    limit = gettext("Up to %(limit)s characters.") % {"limit": str(int(max_chars))}
    described = f"answer-{pk}-status answer-{pk}-count"
    if wrong:
        described += f" answer-{pk}-error"
    return (
        f'\n  <label class="form-label fw-semibold" for="answer-{pk}">{label}</label>\n'
        f"  {_error(pk, answer.error) if wrong else ''}\n"
        f'  <textarea class="form-control answer-text{" is-invalid" if wrong else ""}"'
        f' id="answer-{pk}" name="text" rows="7" aria-describedby="{described}"'
        f"{' aria-invalid="true"' if wrong else ''}>{_v(answer.text)}</textarea>\n"
        f'  <p class="answer-count small text-body-secondary mb-0" id="answer-{pk}-count"'
        f' data-char-count data-max-chars="{_v(max_chars)}">{limit}</p>\n'
        '  <p class="visually-hidden" aria-live="polite" data-char-alert></p>\n  '
    )


def _conflict(answer, pk: str, gettext: Words) -> str:
    if not answer.conflict_text:
        return ""
    sent = gettext("The text you just sent (not saved)")
    return (
        '\n  <div class="answer-conflict border border-warning rounded p-2 my-2">\n'
        f'    <label class="form-label fw-semibold small" for="answer-{pk}-sent">'
        f"{sent}</label>\n"
        f'    <textarea class="form-control form-control-sm" id="answer-{pk}-sent"'
        f' rows="5" readonly>{_v(answer.conflict_text)}</textarea>\n  </div>\n  '
    )


_OFFER = """
  <div class="answer-offer alert alert-warning py-2 my-2" data-offer hidden>
    <p class="mb-1" data-offer-message></p>
    <label class="form-label small mb-1" data-offer-label></label>
    <textarea class="form-control form-control-sm mb-2" rows="4" readonly data-offer-text></textarea>
    <div class="d-flex flex-wrap gap-2">
      <button type="button" class="btn btn-sm btn-primary" data-offer-keep></button>
      <button type="button" class="btn btn-sm btn-outline-secondary" data-offer-other></button>
    </div>
  </div>
  """


def _cite_field(answer, pk: str, name: str) -> tuple[str, str, str]:
    """A field of the quotation typed by hand: its error (if it is the one
    refused), the class marking it invalid, and the attributes saying so."""
    if answer.cite_error_field != name:
        return "", "", ""
    return (
        '<div class="invalid-feedback d-block" role="alert" tabindex="-1"'
        f' id="cite-{pk}-{name}-error">{_v(answer.cite_error)}</div>',
        " is-invalid",
        f' aria-invalid="true" aria-describedby="cite-{pk}-{name}-error"',
    )


def _cite_by_hand(answer, pk: str, excerpts, gettext: Words) -> str:
    options = "".join(
        f'<option value="{_v(e.pk)}"'
        f"{' selected' if answer.cite_excerpt == str(e.pk) else ''}>"
        f"{_v(e.title)}</option>"
        for e in excerpts
    )
    e_said, e_class, e_aria = _cite_field(answer, pk, "excerpt")
    p_said, p_class, p_aria = _cite_field(answer, pk, "paragraph")
    q_said, q_class, q_aria = _cite_field(answer, pk, "quotation")
    how = gettext(
        "To cite, select words inside one paragraph of an excerpt and press Cite, "
        "or press Cite beside a paragraph’s number to choose its sentences."
    )
    return (
        f'\n  <p class="small text-body-secondary evidence-hint" data-evidence-hint>'  # noqa: S608 - markup, not SQL
        f"{how}</p>\n"
        f'  <details class="cite-by-hand mb-3"{" open" if answer.cite else ""}>\n'
        f"    <summary>{gettext('Add a quotation by hand')}</summary>\n"
        '    <div class="row g-2 mt-1">\n      <div class="col-sm-7">\n'
        f'        <label class="form-label small" for="cite-{pk}-excerpt">'
        f"{gettext('Excerpt')}</label>\n        {e_said}\n"
        f'        <select class="form-select form-select-sm{e_class}"'
        f' id="cite-{pk}-excerpt" name="excerpt"{e_aria}>\n'
        f"          {options}\n        </select>\n      </div>\n"
        '      <div class="col-sm-5">\n'
        f'        <label class="form-label small" for="cite-{pk}-paragraph">'
        f"{gettext('Paragraph number (¶)')}</label>\n        {p_said}\n"
        f'        <input class="form-control form-control-sm{p_class}" type="number"'
        f' min="1" id="cite-{pk}-paragraph" name="paragraph" inputmode="numeric"'
        f' value="{_v(answer.cite_paragraph)}"{p_aria}>\n      </div>\n'
        '      <div class="col-12">\n'
        f'        <label class="form-label small" for="cite-{pk}-quotation">'
        f"{gettext('The words you quote, copied from that paragraph')}</label>\n"
        f"        {q_said}\n"
        f'        <textarea class="form-control form-control-sm{q_class}"'
        f' id="cite-{pk}-quotation" name="quotation" rows="2"{q_aria}>'
        f"{_v(answer.cite_quotation)}</textarea>\n      </div>\n"
        '      <div class="col-12"><button type="submit"'
        ' class="btn btn-outline-primary btn-sm"'
        f' formaction="{_v(answer.paths["cite"])}">{gettext("Add quotation")}'
        "</button></div>\n    </div>\n  </details>\n  "
    )


def _before_buttons(answer, pk: str, gettext: Words) -> str:
    said = ""
    if answer.confirm_submit and answer.essay:
        rules = "".join(f"<li>{_v(rule)}</li>" for rule in answer.essay.check.unmet)
        said = (
            '<div class="answer-error essay-warning alert alert-warning py-2"'
            f' role="alert" tabindex="-1" id="answer-{pk}-error">\n'
            '    <p class="fw-semibold mb-1">'
            f"{gettext('Your essay does not meet every rule yet:')}</p>\n"
            f'    <ul class="mb-1">{rules}</ul>\n'
            '    <p class="mb-0">'
            + gettext(
                "You can still submit it as it is (press “Submit anyway”), or "
                "improve it first."
            )
            + "</p>\n  </div>\n  "
        )
    elif answer.error and answer.error_place == "submit":
        said = _error(pk, answer.error)
    if answer.notice:
        tone = "alert-warning" if answer.notice_late else "alert-success"
        said += (
            f'\n  <p class="answer-notice alert {tone} py-2" role="status"'
            f' tabindex="-1" id="answer-{pk}-notice">{_v(answer.notice)}</p>'
        )
    return said


def _buttons(answer, response, assignment, gettext: Words) -> str:
    paths = answer.paths
    parts = [
        '\n  <div class="d-flex flex-wrap gap-2 align-items-center">\n    '
        f'<button type="submit" class="btn btn-outline-secondary">'
        f"{gettext('Save draft')}</button>\n    "
    ]
    if answer.can_submit:
        submit = _v(paths["submit"])
        if answer.confirm_submit:
            parts.append(
                f'<button type="submit" class="btn btn-warning" formaction="{submit}"'
                ' name="essay_confirmed" value="1" data-submit>'
                f"{gettext('Submit anyway')}</button>"
            )
        if response is not None and response.is_for_revision:
            word = gettext("Submit the revised answer")
        elif response is not None and response.latest_version is not None:
            word = gettext("Submit again")
        else:
            word = gettext("Submit answer")
        parts.append(
            f'\n    <button type="submit" class="btn btn-primary"'
            f' formaction="{submit}" data-submit>{word}</button>\n    '
        )
    else:
        parts.append(f'<p class="small mb-0">{_v(answer.refusal)}</p>\n    ')
    if answer.discussion_open:
        count = answer.classmates_posted
        seen = ngettext(
            "Classmates' answers (%(counter)s)",
            "Classmates' answers (%(counter)s)",
            count,
        ) % {"counter": _v(count)}
        parts.append(
            f'\n    <a class="ms-auto" href="{_v(paths["discussion"])}">{seen}</a>\n    '
        )
    elif assignment.discussion_visibility == "after_posting":
        later = gettext("Submit your answer to see your classmates' answers.")
        parts.append(
            f'\n    <span class="ms-auto small text-body-secondary">{later}</span>\n    '
        )
    parts.append("\n  </div>\n  ")
    return "".join(parts)


def _versions(answer, gettext: Words) -> str:
    if not answer.versions:
        return ""
    count = len(answer.versions)
    summary = ngettext(
        "Your submitted version (%(counter)s)",
        "Your submitted versions (%(counter)s)",
        count,
    ) % {"counter": _v(count)}
    items = []
    for shown in answer.versions:
        version, previous = shown.version, shown.previous
        late = f" · {gettext('late')}" if version.is_late else ""
        number = gettext("Version %(n)s") % {"n": _v(version.number)}
        if previous is not None:
            since = gettext(
                "What changed since version %(n)s: added words are underlined, "
                "removed words struck through."
            ) % {"n": _v(previous.number)}
            text = (
                f'<p class="small text-body-secondary mb-1">{since}</p>\n'
                f'        <div class="version-text">'
                f"{mark_changes(previous.text, version.text)}</div>\n        "
            )
        else:
            text = f'<div class="version-text">{_v(version.text)}</div>'
        items.append(
            f'\n      \n      <li class="answer-version" id="version-{_v(version.pk)}">\n'
            f'        <p class="small mb-1"><strong>{number}</strong> · '
            f"{gettext('submitted')} {_when(version.submitted_at)}{late}</p>\n"
            f"        {text}\n      </li>\n      "
        )
    return (
        '\n  <details class="answer-versions mt-3">\n'
        f"    <summary>{summary}</summary>\n"
        f'    <ol class="list-unstyled mb-0 mt-2">{"".join(items)}\n    </ol>\n'
        "  </details>\n  "
    )


def _csrf(token) -> str:
    """As ``{% csrf_token %}`` writes it (nothing without a token)."""
    token = str(token) if token else ""
    if not token or token == "NOTPROVIDED":  # noqa: S105 - Django's "no token"
        return ""
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{_v(token)}">'


@dataclass(frozen=True)
class FormPage:
    """What every answer form of the page shares."""

    assignment: Assignment
    student_pk: int
    submit_key: object
    csrf_token: object
    max_chars: int
    excerpts: Sequence
    pictures: bool


def _evidence(answer, pk: str, needed: str, gettext: Words) -> str:
    """The evidence's heading (with what the question needs), the refusal for
    missing evidence, and the list."""
    remove = answer.paths["remove"]
    items = "".join(
        citation_item_html(c, can_edit=True, remove_url=remove, gettext=gettext)
        for c in answer.citations
    )
    missing = (
        _error(pk, answer.error)
        if answer.error and answer.error_place == "evidence"
        else ""
    )
    return (
        f'  <h3 class="h6 mt-3" id="evidence-{pk}-title">{gettext("Evidence")}'
        f' <span class="fw-normal text-body-secondary small">{needed}</span></h3>\n'
        f"  {missing}\n"
        f'  <ul class="evidence-list list-unstyled"'
        f' aria-labelledby="evidence-{pk}-title" data-evidence-list>\n'
        f"    {items}\n  </ul>\n"
    )


def answer_box_html(answer, page: FormPage, include: Callable[[str], str]) -> str:
    """The answer form of one question (not an evidence grid's). ``include``
    renders a template with the form's context (``answer``, ``response``,
    ``prompt`` and the page's), for the parts few forms have."""
    prompt, response, assignment = answer.prompt, answer.response, page.assignment
    gettext = Words()
    pk, paths = _v(prompt.pk), answer.paths
    focus = f' data-focus="{_v(answer.focus_id)}"' if answer.focus_id else ""
    state = answer_state_html(
        response,
        text=answer.text,
        unsubmitted=answer.has_unsubmitted_changes,
        gettext=gettext,
    )
    if answer.essay:
        box = include("assignments/_essay_fields.html")
        needed = gettext(
            "(every passage your essay cites; tick each in the paragraph that uses it)"
        )
    else:
        box = _text_box(answer, pk, page.max_chars, gettext)
        needed = ngettext(
            "(at least %(counter)s needed)",
            "(at least %(counter)s needed)",
            prompt.min_citations,
        ) % {"counter": _v(prompt.min_citations)}
    saved = ""
    if response is not None and response.draft_saved_at:
        saved = gettext("Last saved at %(t)s") % {
            "t": moment_html(response.draft_saved_at, time_only=True)
        }
    return (
        f'\n\n<form class="answer-box" id="answer-{pk}-form" method="post"'
        f' action="{_v(paths["save"])}" novalidate\n'
        f'      data-answer data-prompt="{pk}" data-revision="{_v(answer.revision)}"'
        f'{focus}\n      data-autosave-url="{_v(paths["autosave"])}">\n'
        f"  {_csrf(page.csrf_token)}\n"
        '  <input type="hidden" name="idempotency_key"'
        f' value="{_v(page.submit_key)}">\n'
        f'  <input type="hidden" name="revision" value="{_v(answer.revision)}"'
        " data-revision-field>\n"
        f'  <input type="hidden" name="student" value="{_v(page.student_pk)}">\n'
        f'  <div class="answer-state small mb-2" data-answer-state>{state}</div>\n'
        f"  {_feedback(answer, response, pk, gettext)}\n"
        f"  {box}\n"
        f"  {_conflict(answer, pk, gettext)}{_OFFER}"
        f'<p class="save-status small mb-2" id="answer-{pk}-status" role="status"'
        f' aria-live="polite" data-save-status>{saved}</p>\n\n'
        f"{_evidence(answer, pk, needed, gettext)}"
        f"  {_cite_by_hand(answer, pk, page.excerpts, gettext)}"
        f"{include('assignments/_region_by_numbers.html') if page.pictures else ''}\n\n"
        f"  {_before_buttons(answer, pk, gettext)}"
        f"{_buttons(answer, response, assignment, gettext)}"
        f"{_versions(answer, gettext)}\n</form>\n"
    )
