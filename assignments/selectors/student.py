"""Reads for the student's assignment page (the to-do list is in ``todo``, the
discussion of a prompt in ``discussion``). Each takes the viewer and fetches
what the page shows in a fixed number of queries, however large the class."""

import dataclasses
from dataclasses import dataclass, field
from dataclasses import fields as dc_fields

from django.urls import get_script_prefix, get_urlconf, reverse

from assignments.models import (
    Assignment,
    Citation,
    CriterionScore,
    Response,
    SourcingNote,
    SubmissionVersion,
)
from assignments.permissions import (
    SUBMIT_REFUSALS,
    can_see_discussion,
    can_submit,
    locked_excerpt_ids,
)
from assignments.selectors.essays import EssayView, essay_view
from assignments.selectors.grid import GridCellState, StudentGrid, grids_attach
from assignments.selectors.own_answers import (
    OwnAnswers,
    classmates_posted,
    own_answers,
)
from assignments.selectors.sourcing import (
    SourcingField,
    SourcingFormState,
    sourcing_fields,
    sourcing_notes_of,
)
from lessons.models import Lesson, LessonExcerpt, Prompt
from lessons.selectors import lesson_for_students
from portal.cache import Remembered

# --- the assignment page ----------------------------------------------------------


def _anchor(prompt_pk: int, *, cite_error_field: str, error: str, notice: str) -> str:
    """The id of what the page brings into view and focuses after an answer
    form's button: the refused field's message, the refusal, or the notice."""
    if cite_error_field:
        return f"cite-{prompt_pk}-{cite_error_field}-error"
    if error:
        return f"answer-{prompt_pk}-error"
    if notice:
        return f"answer-{prompt_pk}-notice"
    return ""


# Where a refusal of the answer form is shown: beside the answer box, beside the
# evidence list, or beside the buttons (a refusal about submitting at all).
ERROR_PLACES = ("text", "evidence", "submit")


@dataclass(frozen=True)
class AnswerFormState:
    """What an answer form's button came back with, to show in place under its
    prompt: after a refusal, the text sent (None keeps the stored one in the box),
    the reason and where it goes (``error_place``, one of ``ERROR_PLACES``), a
    conflicting text, and the quotation typed by hand with the field its refusal is
    about; after success, the notice saying what was done. Kept in the session
    between the POST and the page it redirects to (so it holds only plain values)."""

    prompt_pk: int
    text: str | None = None
    error: str = ""
    error_place: str = "text"
    conflict_text: str = ""
    notice: str = ""
    notice_late: bool = False
    cite: bool = False
    cite_excerpt: str = ""
    cite_paragraph: str = ""
    cite_quotation: str = ""
    cite_error: str = ""
    cite_error_field: str = ""
    # "Cite a region by numbers" (without JavaScript): open, and what was typed.
    region: bool = False
    region_excerpt: str = ""
    region_left: str = ""
    region_top: str = ""
    region_width: str = ""
    region_height: str = ""
    region_description: str = ""
    # A document-based essay: the parts sent (None keeps the stored ones), and
    # whether Submit warned of unmet rules (the form then offers "Submit anyway").
    essay: dict | None = None
    confirm_submit: bool = False

    @property
    def anchor(self) -> str:
        return _anchor(
            self.prompt_pk,
            cite_error_field=self.cite_error_field,
            error=self.error,
            notice=self.notice,
        )


@dataclass(frozen=True)
class VersionShown:
    """A submitted version with the one before it (None for the first), so the
    page can mark what changed."""

    version: SubmissionVersion
    previous: SubmissionVersion | None


@dataclass
class Answer:
    prompt: Prompt
    response: Response | None
    citations: list[Citation]
    can_submit: bool
    refusal: str
    discussion_open: bool
    classmates_posted: int
    # Every submitted version, newest first.
    versions: list[VersionShown] = field(default_factory=list)
    # The teacher's rubric scores (when the answer has feedback), in criterion order.
    scores: list[CriterionScore] = field(default_factory=list)
    text: str = ""
    revision: int = 0
    error: str = ""
    error_place: str = "text"
    # After a refused form: what the student sent back in place.
    conflict_text: str = ""
    # After a button did its work: what it did.
    notice: str = ""
    notice_late: bool = False
    cite: bool = False
    cite_excerpt: str = ""
    cite_paragraph: str = ""
    cite_quotation: str = ""
    cite_error: str = ""
    cite_error_field: str = ""
    region: bool = False
    region_excerpt: str = ""
    region_left: str = ""
    region_top: str = ""
    region_width: str = ""
    region_height: str = ""
    region_description: str = ""
    grid: StudentGrid | None = None  # an evidence grid's rows and cells
    # The addresses of the form's buttons, by ``ANSWER_PATHS``' keys.
    paths: dict[str, str] = field(default_factory=dict)
    essay: EssayView | None = None
    confirm_submit: bool = False

    @property
    def focus_id(self) -> str:
        return _anchor(
            self.prompt.pk,
            cite_error_field=self.cite_error_field,
            error=self.error,
            notice=self.notice,
        )

    @property
    def has_unsubmitted_changes(self) -> bool:
        response = self.response
        return bool(
            response
            and response.latest_version is not None
            and response.text != response.latest_version.text
        )


@dataclass
class AssignmentPage:
    assignment: Assignment
    lesson: Lesson
    answers: list[Answer]
    excerpts: list
    # A source-first lesson: the excerpts whose text is still closed to the
    # student (by pk; never in the page), and their sourcing answers so far.
    locked: set[int] = field(default_factory=set)
    sourcing_notes: dict[int, SourcingNote] = field(default_factory=dict)
    sourcing_state: SourcingFormState | None = None

    @property
    def open_excerpts(self) -> list:
        """The excerpts the student may read and cite now."""
        return [e for e in self.excerpts if e.pk not in self.locked]

    def sourcing_fields(self, excerpt_pk: int) -> list[SourcingField]:
        """The sourcing questions on one excerpt, filled as the form shows them."""
        return sourcing_fields(
            excerpt_pk, state=self.sourcing_state, notes=self.sourcing_notes
        )

    def answer_for(self, prompt: Prompt) -> Answer | None:
        return next((a for a in self.answers if a.prompt.pk == prompt.pk), None)

    @property
    def has_pictures(self) -> bool:
        """Whether the lesson has a picture (whose regions can be cited)."""
        return any(excerpt.is_image for excerpt in self.excerpts)


def versions_newest_first(response: Response | None) -> list[VersionShown]:
    """An answer's submitted versions, newest first, each beside the one before it
    (the versions prefetched in ``number`` order)."""
    return _newest_first(list(response.versions.all()) if response else [])


def _newest_first(versions: list[SubmissionVersion]) -> list[VersionShown]:
    shown = [
        VersionShown(version=v, previous=versions[i - 1] if i else None)
        for i, v in enumerate(versions)
    ]
    return shown[::-1]


def _answer(assignment, prompt, own: OwnAnswers, *, user, posted: int) -> Answer:
    response = own.responses.get(prompt.pk)
    if response is not None:
        response.assignment = assignment
        allowed, reason = can_submit(response)
    else:
        probe = Response(assignment=assignment, prompt=prompt, student=user)
        allowed, reason = can_submit(probe)
    return Answer(
        prompt=prompt,
        response=response,
        citations=own.citations.get(response.pk, []) if response else [],
        can_submit=allowed,
        refusal=str(SUBMIT_REFUSALS[reason]) if reason else "",
        discussion_open=can_see_discussion(user, assignment, response),
        classmates_posted=posted,
        versions=_newest_first(own.versions.get(response.pk, []) if response else []),
        scores=own.scores_for(response),
        text=response.text if response else "",
        revision=response.revision if response else 0,
    )


# The views an answer form's buttons (and the page's Cite controls) post to, each
# taking the assignment and the question.
ANSWER_PATHS = {
    "save": "assignments:response_save",
    "autosave": "assignments:response_autosave",
    "remove": "assignments:citation_remove",
    "cite": "assignments:response_cite",
    "submit": "assignments:response_submit",
    "discussion": "assignments:discussion",
    "citation_create": "assignments:citation_create",
    "region_cite_create": "assignments:region_cite_create",
}
# The question's id while the addresses are reversed once a page.
_STAND_IN = 2**53 - 1


# The addresses' patterns per assignment (reversing eight names is some 700 Python
# calls a page): the same for every student of the assignment while the URLs are.
_patterns_kept = Remembered(most=1024)


def _answer_paths(assignment_pk: int, prompt_pks: list[int]) -> dict[int, dict]:
    """Per question, the ``ANSWER_PATHS`` addresses: each reversed once for the
    assignment with a stand-in for the question, which the question's id
    replaces."""
    stand_in = str(_STAND_IN)
    kept_as = (assignment_pk, get_script_prefix(), get_urlconf())
    patterns = _patterns_kept.get(kept_as)
    if patterns is None:
        patterns = {
            key: reverse(name, args=[assignment_pk, _STAND_IN])
            for key, name in ANSWER_PATHS.items()
        }
        _patterns_kept.put(kept_as, patterns)
    if any(path.count(stand_in) != 1 for path in patterns.values()):
        return {
            pk: {
                k: reverse(n, args=[assignment_pk, pk]) for k, n in ANSWER_PATHS.items()
            }
            for pk in prompt_pks
        }
    return {
        pk: {key: path.replace(stand_in, str(pk)) for key, path in patterns.items()}
        for pk in prompt_pks
    }


def _form_fields(state: AnswerFormState) -> dict:
    """The answer's fields a refused form sets (its text only when it sent one)."""
    fields = {
        name: getattr(state, name)
        for name in (
            "error",
            "error_place",
            "conflict_text",
            "notice",
            "notice_late",
            "cite",
            "cite_excerpt",
            "cite_paragraph",
            "cite_quotation",
            "cite_error",
            "cite_error_field",
            *(f.name for f in dc_fields(AnswerFormState) if f.name[:6] == "region"),
            "confirm_submit",
        )
    }
    if state.text is not None:
        fields["text"] = state.text
    return fields


def _one_question(assignment: Assignment, prompt: Prompt) -> tuple[Lesson, list]:
    """What one question's answer form needs of its lesson: the prompt itself and
    the lesson's excerpts in order (the Cite form's choices), without their
    paragraphs' glossary, the other prompts or the related documents."""
    lesson = assignment.lesson
    excerpts = [
        item.excerpt
        for item in LessonExcerpt.objects.filter(lesson=lesson)
        .select_related("excerpt__source", "excerpt__image")
        .order_by("order")
    ]
    return lesson, excerpts


def _lesson_shown(assignment: Assignment, only: Prompt | None):
    """The lesson, its excerpts and the prompts the page shows: all of them, or
    ``only`` one question (see ``assignment_page``)."""
    if only is not None:
        lesson, excerpts = _one_question(assignment, only)
        return lesson, excerpts, [only]
    lesson = lesson_for_students(lesson=assignment.lesson)
    excerpts = [item.excerpt for item in lesson.lesson_excerpts.all()]
    return lesson, excerpts, list(lesson.prompts.all())


def assignment_page(
    *,
    assignment: Assignment,
    user,
    state: AnswerFormState | None = None,
    only: Prompt | None = None,
    cell_state: GridCellState | None = None,
    sourcing_state: SourcingFormState | None = None,
) -> AssignmentPage:
    """The lesson as students read it, with this student's answer, evidence (or
    evidence grid, with what a cell's button sent: ``cell_state``) and discussion
    state under each prompt (and, after a refused form, what it sent under its
    prompt). Eleven queries (twelve with a grid), whatever the class size, the number
    of replies or of versions. With ``only`` (a prompt of the lesson): that
    question's answer alone, for the answer form a button sends back (the bell:
    a class submitting at once), in fewer and cheaper queries. In a source-first
    lesson, which excerpts are still closed to the student and (for the whole
    page) their sourcing answers: two more queries."""
    lesson, excerpts, prompts = _lesson_shown(assignment, only)
    own = own_answers(assignment, user, excerpts, only=only)
    posted = classmates_posted(assignment, user, only)
    answers = []
    paths = _answer_paths(assignment.pk, [prompt.pk for prompt in prompts])
    for prompt in prompts:
        answer = _answer(
            assignment,
            prompt,
            own,
            user=user,
            posted=posted.get(prompt.pk, 0),
        )
        answer.paths = paths[prompt.pk]
        if state is not None and state.prompt_pk == prompt.pk:
            answer = dataclasses.replace(answer, **_form_fields(state))
        if prompt.kind == Prompt.Kind.ESSAY:
            sent = state.essay if state and state.prompt_pk == prompt.pk else None
            stored = answer.response.essay if answer.response else None
            answer.essay = essay_view(
                prompt,
                answer.citations,
                # The lesson's documents from the excerpts in hand (no query).
                documents=[(e.pk, e.title) for e in excerpts],
                parts=stored if sent is None else sent,
            )
        answers.append(answer)
    grids_attach(answers, excerpts=excerpts, user=user, state=cell_state)
    return AssignmentPage(
        assignment=assignment,
        lesson=lesson,
        answers=answers,
        excerpts=excerpts,
        locked=locked_excerpt_ids(assignment, user),
        sourcing_notes={} if only is not None else sourcing_notes_of(assignment, user),
        sourcing_state=sourcing_state,
    )
