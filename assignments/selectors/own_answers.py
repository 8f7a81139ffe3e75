"""What the student's assignment page reads besides the lesson: the student's own
answers with their citations, submitted versions and rubric scores, and how many
classmates have posted an answer to each question. The small queries are compiled
once (portal.queries); none uses prefetch_related's machinery."""

from dataclasses import dataclass

from django.db.models import Count

from assignments.models import (
    Assignment,
    Citation,
    CriterionScore,
    Response,
    SubmissionVersion,
)
from assignments.permissions import student_discussion_scope_q
from lessons.models import Prompt
from portal.queries import CompiledOnce, joined, joined_columns, loaded
from sources.models import Excerpt


@dataclass
class OwnAnswers:
    """The student's answers by question, with their citations, submitted versions
    (in order) and rubric scores, by answer (the scores by feedback)."""

    responses: dict[int, Response]
    citations: dict[int, list[Citation]]
    versions: dict[int, list[SubmissionVersion]]
    scores: dict[int, list[CriterionScore]]

    def scores_for(self, response: Response | None) -> list[CriterionScore]:
        """The rubric scores of the answer's feedback (none without feedback)."""
        feedback = _feedback_of(response)
        return self.scores.get(feedback.pk, []) if feedback else []


def _by(rows, key: str) -> dict[int, list]:
    grouped: dict[int, list] = {}
    for row in rows:
        grouped.setdefault(getattr(row, key), []).append(row)
    return grouped


_CITATION_FIELDS = [f.attname for f in Citation._meta.concrete_fields]
_VERSION_FIELDS = [f.attname for f in SubmissionVersion._meta.concrete_fields]


def _citations_query(responses: list[int]):
    return (
        Citation.objects.filter(response_id__in=responses)
        .order_by("created_at", "pk")
        .values_list(*_CITATION_FIELDS)
    )


def _versions_query(responses: list[int]):
    return (
        SubmissionVersion.objects.filter(response_id__in=responses)
        .order_by("response_id", "number")
        .values_list(*_VERSION_FIELDS)
    )


# An answer comes with its latest version and its feedback (select_related()'s
# joins, each None when there is none).
_RESPONSE_RELATED = ("latest_version", "feedback")


def _responses_query(assignment: int, student: int, prompt: int | None = None):
    # Unordered (a dict by question): the default ordering would join the
    # assignment, the questions and the user only to sort.
    return (
        Response.objects.filter(
            assignment_id=assignment,
            student_id=student,
            **({"prompt_id": prompt} if prompt is not None else {}),
        )
        .order_by()
        .values_list(*joined_columns(Response, _RESPONSE_RELATED))
    )


def _scores_query(feedbacks: list[int]):
    # By their criterion's order alone: their default ordering sorts by feedback,
    # answer, assignment, question and student first.
    return (
        CriterionScore.objects.filter(feedback_id__in=feedbacks)
        .order_by("criterion__order", "pk")
        .values_list(*joined_columns(CriterionScore, ("criterion",)))
    )


# Their SQL compiled once for each shape (portal.queries): for the page and for
# one question; for each number of answers or of feedbacks.
_RESPONSES = CompiledOnce(_responses_query)
_CITATIONS = CompiledOnce(_citations_query)
_VERSIONS = CompiledOnce(_versions_query)
_SCORES = CompiledOnce(_scores_query)


def _loaded(model, names: list[str], rows) -> list:
    """Instances of the model from values_list rows of these fields."""
    return [loaded(model, dict(zip(names, row, strict=True))) for row in rows]


def _citations_of(responses: list[int], excerpts: list) -> list[Citation]:
    """The citations of these answers, oldest first, each with its excerpt (and
    the excerpt's source and picture): the lesson's, already in hand, or read for
    one the lesson no longer has."""
    citations = _loaded(
        Citation, _CITATION_FIELDS, _CITATIONS.rows(responses=responses)
    )
    known = {excerpt.pk: excerpt for excerpt in excerpts}
    missing = {c.excerpt_id for c in citations} - known.keys()
    if missing:
        known |= Excerpt.objects.select_related("source", "image").in_bulk(missing)
    for citation in citations:
        citation.excerpt = known[citation.excerpt_id]
    return citations


def _feedback_of(response: Response | None):
    """The answer's feedback (read with it), or None."""
    return getattr(response, "feedback", None) if response else None


def own_answers(
    assignment: Assignment, user, excerpts: list, *, only: Prompt | None = None
) -> OwnAnswers:
    # The three lists are read by the answers' ids (what prefetch_related would
    # send, without its machinery), and only when there is an answer (or a
    # feedback) to read them for.
    one = {"prompt": only.pk} if only is not None else {}
    responses = {
        r.prompt_id: r
        for r in (
            joined(Response, _RESPONSE_RELATED, row)
            for row in _RESPONSES.rows(assignment=assignment.pk, student=user.pk, **one)
        )
    }
    ids = [r.pk for r in responses.values()]
    feedbacks = [f.pk for r in responses.values() if (f := _feedback_of(r))]
    own = OwnAnswers(responses, {}, {}, {})
    if ids:
        own.citations = _by(_citations_of(ids, excerpts), "response_id")
        own.versions = _by(
            _loaded(SubmissionVersion, _VERSION_FIELDS, _VERSIONS.rows(responses=ids)),
            "response_id",
        )
    if feedbacks:
        own.scores = _by(
            (
                joined(CriterionScore, ("criterion",), row)
                for row in _SCORES.rows(feedbacks=feedbacks)
            ),
            "feedback_id",
        )
    return own


def _posted_query(assignment: int, student: int, prompt: int | None = None):
    # No ordering: Response's default one (by question, then student) would join
    # the users and the questions into a count that needs neither.
    return (
        Response.objects.order_by()
        .filter(
            student_discussion_scope_q(student),
            assignment_id=assignment,
            latest_version__isnull=False,
            **({"prompt_id": prompt} if prompt is not None else {}),
        )
        .exclude(student_id=student)
        .values("prompt_id")
        .annotate(n=Count("pk"))
        .values_list("prompt_id", "n")
    )


# Its SQL compiled once (portal.queries): for the page, and for one question.
_POSTED = CompiledOnce(_posted_query)


def classmates_posted(assignment, user, only: Prompt | None) -> dict[int, int]:
    """Per prompt, how many classmates (in the student's discussion scope) have
    posted an answer (the page is a student's: ``student_discussion_scope_q``)."""
    one = {"prompt": only.pk} if only is not None else {}
    return dict(_POSTED.rows(assignment=assignment.pk, student=user.pk, **one))
