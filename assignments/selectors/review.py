"""Reads for the teacher's review of one assignment: the review table, the grading
page, the overview's progress, and what the review pages offer (rubrics, the
comment bank). Answers left to return are in ``returns``.

Each takes the viewer and fetches what a page shows in a fixed number of queries,
however large the class."""

from dataclasses import dataclass, field

from django.db.models import (
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.http import Http404

from accounts.models import User
from assignments.models import (
    Assignment,
    Citation,
    Criterion,
    Feedback,
    PromptPoints,
    Response,
    Rubric,
    SavedComment,
    SourcingNote,
    SubmissionVersion,
)
from assignments.selectors.essay_grading import GradedEssay, graded_essay
from assignments.selectors.regions import CitedPicture, cited_pictures
from assignments.selectors.student import VersionShown, versions_newest_first
from assignments.sourcing import SOURCING_QUESTIONS, SourcingQuestion
from assignments.status import (
    WAITING,
    ReviewStatus,
    answer_text,
    review_status,
)
from assignments.text import highlight_quotations
from classrooms.selectors import roster_for_classroom
from lessons.models import Prompt
from sources.models import language_name


def lesson_prompts(assignment: Assignment) -> list[Prompt]:
    """The lesson's prompts in order, each with the points the teacher set for it
    in this assignment (``set_points``, None when not set): one query."""
    set_points = PromptPoints.objects.filter(
        assignment=assignment, prompt=OuterRef("pk")
    ).values("points")
    return list(
        Prompt.objects.filter(lesson_id=assignment.lesson_id)
        .annotate(set_points=Subquery(set_points))
        .order_by("order")
    )


def prompt_points(assignment: Assignment, prompts: list[Prompt]) -> dict[int, int]:
    """Each prompt's points in this assignment, by prompt pk (prompts from
    ``lesson_prompts``; see ``Assignment.points_with``)."""
    shares = assignment.points_with([getattr(p, "set_points", None) for p in prompts])
    return {prompt.pk: share for prompt, share in zip(prompts, shares, strict=True)}


def class_roster(classroom_id: int, user) -> list[User]:
    """The class's current students, in roster order (one query)."""
    return [e.student for e in roster_for_classroom(classroom=classroom_id, user=user)]


# --- the grading page -------------------------------------------------------------


@dataclass
class CitedParagraph:
    excerpt_title: str
    source_title: str
    number: int
    quotations: list[str]
    # The paragraph quoted from, with the quoted words marked.
    html: str
    # The excerpt's own language, and for words quoted from a translation: its
    # language and the original paragraph the translated one stands for.
    original_language: str = ""
    language: str = ""
    language_name: str = ""
    original_html: str = ""


@dataclass
class GradedAnswer:
    prompt: Prompt
    response: Response | None
    status: ReviewStatus
    text: str
    max_points: int
    feedback: Feedback | None
    cited: list[CitedParagraph]
    criterion_scores: dict[int, int] = field(default_factory=dict)
    # Regions of pictures cited, drawn over each picture.
    pictures: list[CitedPicture] = field(default_factory=list)
    # After a save refused because the feedback changed meanwhile: the comment
    # the teacher wrote, shown to copy.
    refused_comment: str = ""
    # Every submitted version, newest first, each with the one before it.
    versions: list[VersionShown] = field(default_factory=list)
    # A document-based essay: its parts and its documents with the passages marked.
    essay: GradedEssay | None = None

    @property
    def earlier_versions(self) -> list[VersionShown]:
        """The versions before the latest (the latest is the answer shown)."""
        return self.versions[1:]

    @property
    def status_label(self) -> str:
        return str(self.status.label)

    @property
    def is_waiting(self) -> bool:
        return self.status in WAITING

    @property
    def version(self) -> int:
        return self.feedback.version if self.feedback else 0


@dataclass(frozen=True)
class SourcingShown:
    """A source-first lesson's excerpt with the student's sourcing answers on it
    (``answers`` empty when they have not sourced it yet), for the grading page."""

    excerpt: object
    note: SourcingNote | None
    answers: list[tuple[SourcingQuestion, str]]


def _sourcing_shown(assignment: Assignment, student: User, excerpts) -> list:
    """Each excerpt of a source-first lesson with what the student answered about
    its source before reading it; empty for any other lesson. One query."""
    if not assignment.lesson.source_first:
        return []
    notes = {
        note.excerpt_id: note
        for note in SourcingNote.objects.filter(assignment=assignment, student=student)
    }
    shown = []
    for excerpt in excerpts:
        note = notes.get(excerpt.pk)
        answers = (
            [(q, getattr(note, q.field)) for q in SOURCING_QUESTIONS] if note else []
        )
        shown.append(SourcingShown(excerpt=excerpt, note=note, answers=answers))
    return shown


@dataclass
class GradingPage:
    assignment: Assignment
    student: User
    answers: list[GradedAnswer]
    previous: User | None
    next: User | None
    position: int
    class_size: int
    criteria: list[Criterion]
    saved_comments: list[SavedComment]
    # A source-first lesson: what the student answered about each source first.
    sourcing: list[SourcingShown] = field(default_factory=list)

    @property
    def has_answers(self) -> bool:
        return any(a.response for a in self.answers)

    @property
    def can_return(self) -> bool:
        return any(a.is_waiting for a in self.answers)

    @property
    def points(self) -> dict[int, int]:
        return prompt_points(self.assignment, [a.prompt for a in self.answers])

    def answer_to(self, prompt_pk: int) -> GradedAnswer:
        """The answer to one of the prompts; 404 when the student has none."""
        for answer in self.answers:
            if answer.prompt.pk == prompt_pk and answer.response:
                return answer
        raise Http404


def _quoted_paragraphs(excerpt, language: str) -> list[str] | None:
    """The paragraphs quoted from: the original's, or its translation's (None when
    that translation was deleted since)."""
    if not language:
        return excerpt.paragraphs
    for translation in excerpt.translations.all():
        if translation.language == language:
            return translation.paragraphs
    return None


def _cited_paragraph(excerpt, number: int, language: str, quotations: list[str]):
    original = excerpt.paragraphs
    if not 1 <= (number or 0) <= len(original):
        return None
    quoted = _quoted_paragraphs(excerpt, language)
    if quoted is not None and number <= len(quoted):
        html = highlight_quotations(quoted[number - 1], quotations)
    else:  # a translation deleted since: the words as quoted
        html = highlight_quotations(" … ".join(quotations), quotations)
    return CitedParagraph(
        excerpt_title=excerpt.title,
        source_title=excerpt.source.title,
        number=number,
        quotations=quotations,
        html=html,
        original_language=excerpt.language,
        language=language,
        language_name=language_name(language) if language else "",
        original_html=(
            highlight_quotations(original[number - 1], []) if language else ""
        ),
    )


def _cited_paragraphs(citations: list[dict], excerpts: dict) -> list[CitedParagraph]:
    """Group an answer's quotations by the paragraph they come from, each paragraph
    shown whole with the quoted words marked. Words quoted from a translation come
    with the original paragraph they stand for."""
    grouped: dict[tuple[int, int, str], list[str]] = {}
    for item in citations:
        key = (item.get("excerpt_id"), item.get("paragraph"), item.get("language", ""))
        grouped.setdefault(key, []).append(item.get("quotation", ""))
    cited = []
    for (excerpt_id, number, language), quotations in grouped.items():
        excerpt = excerpts.get(excerpt_id)
        paragraph = excerpt and _cited_paragraph(excerpt, number, language, quotations)
        if paragraph:
            cited.append(paragraph)
    return cited


def _answer_citations(response: Response | None) -> list[dict]:
    """The evidence as submitted (the latest version's copy), else the draft's."""
    if response is None:
        return []
    if response.latest_version is not None:
        return response.latest_version.citations
    return [
        {
            "excerpt_id": c.excerpt_id,
            "paragraph": c.paragraph,
            "quotation": c.quotation,
            **({"language": c.language} if c.language else {}),
            **({"region": list(c.region)} if c.is_region else {}),
        }
        for c in response.citations.all()
    ]


def _graded_answer(prompt, response, *, points: int, excerpts, refused: str):
    feedback = getattr(response, "feedback", None) if response else None
    citations = _answer_citations(response)
    return GradedAnswer(
        prompt=prompt,
        response=response,
        status=review_status(response),
        text=answer_text(response),
        max_points=feedback.max_points if feedback else points,
        feedback=feedback,
        cited=_cited_paragraphs(citations, excerpts),
        pictures=cited_pictures(citations, excerpts),
        criterion_scores=(
            {s.criterion_id: s.points for s in feedback.criterion_scores.all()}
            if feedback
            else {}
        ),
        refused_comment=refused,
        versions=versions_newest_first(response),
        essay=(
            graded_essay(prompt, response, citations, excerpts)
            if response is not None and prompt.kind == Prompt.Kind.ESSAY
            else None
        ),
    )


def _student_responses(assignment: Assignment, student: User) -> dict[int, Response]:
    return {
        r.prompt_id: r
        for r in Response.objects.filter(assignment=assignment, student=student)
        .select_related("latest_version", "feedback")
        .prefetch_related(
            Prefetch(
                "citations",
                queryset=Citation.objects.order_by("created_at", "pk"),
            ),
            "feedback__criterion_scores",
            Prefetch("versions", queryset=SubmissionVersion.objects.order_by("number")),
        )
    }


def grading_page(
    *,
    assignment: Assignment,
    user,
    student_pk: int,
    refused_comments: dict[int, str] | None = None,
) -> GradingPage:
    """One student's answers to the assignment with their evidence in context, their
    feedback so far, the rubric and the teacher's comment bank, and who comes before
    and after them in the roster. A student not in the class answers 404.
    ``refused_comments`` (by prompt pk) are comments a refused save would have lost."""
    students = class_roster(assignment.classroom_id, user)
    index = next((i for i, s in enumerate(students) if s.pk == student_pk), None)
    if index is None:
        raise Http404
    prompts = lesson_prompts(assignment)
    points = prompt_points(assignment, prompts)
    responses = _student_responses(assignment, students[index])
    excerpts = {
        item.excerpt.pk: item.excerpt
        for item in assignment.lesson.lesson_excerpts.select_related(
            "excerpt__source", "excerpt__image"
        ).prefetch_related("excerpt__translations")
    }
    refused_comments = refused_comments or {}
    return GradingPage(
        assignment=assignment,
        student=students[index],
        answers=[
            _graded_answer(
                prompt,
                responses.get(prompt.pk),
                points=points[prompt.pk],
                excerpts=excerpts,
                refused=refused_comments.get(prompt.pk, ""),
            )
            for prompt in prompts
        ],
        previous=students[index - 1] if index > 0 else None,
        next=students[index + 1] if index + 1 < len(students) else None,
        position=index + 1,
        class_size=len(students),
        criteria=(
            list(
                Criterion.objects.filter(rubric_id=assignment.rubric_id).order_by(
                    "order"
                )
            )
            if assignment.rubric_id
            else []
        ),
        saved_comments=list(saved_comments_for(user=user)),
        sourcing=_sourcing_shown(assignment, students[index], excerpts.values()),
    )


# --- what the review pages offer --------------------------------------------------


def saved_comments_for(*, user) -> QuerySet[SavedComment]:
    return SavedComment.objects.filter(owner=user).order_by("text", "pk")


def rubrics_for(*, user) -> QuerySet[Rubric]:
    """The teacher's own rubrics and those shipped with the portal (shared)."""
    return (
        Rubric.objects.filter(Q(owner=user) | Q(owner__isnull=True))
        .prefetch_related(
            Prefetch("criteria", queryset=Criterion.objects.order_by("order"))
        )
        .order_by(F("owner_id").asc(nulls_first=True), "title", "pk")
    )
