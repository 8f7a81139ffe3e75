"""Reads for the document-based essay (assignments/essay.py): what the student's
essay box shows (its parts, the documents ticked off, the rules not met yet)."""

from dataclasses import dataclass

from assignments.essay import Essay, EssayCheck, essay_check, essay_from_json
from assignments.models import Citation, Response
from lessons.models import Prompt


@dataclass(frozen=True)
class EssayView:
    parts: Essay
    check: EssayCheck
    # The essay's evidence, which each paragraph ticks from.
    citations: tuple[Citation, ...]

    def ticked(self, index: int) -> tuple[int, ...]:
        paragraphs = self.parts.paragraphs
        return paragraphs[index].evidence if index < len(paragraphs) else ()


def essay_view(
    prompt: Prompt, citations, *, documents, parts: dict | None
) -> EssayView:
    """The essay box of ``prompt``: ``parts`` as stored (or as a refused form sent
    them), ``citations`` the essay's evidence."""
    essay = essay_from_json(parts or {})
    citations = tuple(citations)
    return EssayView(
        parts=essay,
        check=essay_check(
            prompt,
            essay,
            documents=documents,
            cited_excerpts={c.excerpt_id for c in citations},
        ),
        citations=citations,
    )


def essay_check_for(response: Response) -> EssayCheck:
    """The rules as the stored essay stands (before submitting it)."""
    lesson = response.assignment.lesson
    documents = list(
        lesson.lesson_excerpts.order_by("order").values_list(
            "excerpt_id", "excerpt__title"
        )
    )
    return essay_check(
        response.prompt,
        essay_from_json(response.essay),
        documents=documents,
        cited_excerpts=set(response.citations.values_list("excerpt_id", flat=True)),
    )
