"""Saving a document-based essay (assignments/essay.py holds its parts and rules):
the parts are stored with the essay written out as the answer's text, through the
same revision rule as any answer, so an older save never overwrites a newer one."""

from django.utils.translation import gettext as _

from assignments.essay import CitedPassage, Essay, EssayParagraph, essay_write_out
from assignments.models import MAX_ANSWER_CHARS, Response
from assignments.services.answers import (
    DraftSave,
    FormTextSave,
    _draft_store,
    response_form_text_save,
)
from assignments.text import clean_text


def essay_passages(response: Response) -> dict[int, CitedPassage]:
    """The essay's cited passages by citation pk, as the written-out essay names
    them (the document's title and ¶, or "a region of the picture")."""
    passages = {}
    for citation in response.citations.select_related("excerpt"):
        where = (
            _("%(title)s, a region of the picture") % {"title": citation.excerpt.title}
            if citation.is_region
            else _("%(title)s, ¶%(n)s")
            % {"title": citation.excerpt.title, "n": citation.paragraph}
        )
        passages[citation.pk] = CitedPassage(
            excerpt_id=citation.excerpt_id, words=citation.quotation, where=where
        )
    return passages


def _written(response: Response, essay: Essay) -> tuple[str, dict]:
    """The essay's text and its stored parts (evidence only the essay's own)."""
    passages = essay_passages(response)
    titles = dict(
        response.assignment.lesson.lesson_excerpts.values_list(
            "excerpt_id", "excerpt__title"
        )
    )
    kept = Essay(
        thesis=essay.thesis,
        paragraphs=tuple(
            EssayParagraph(
                claim=p.claim,
                reasoning=p.reasoning,
                evidence=tuple(pk for pk in p.evidence if pk in passages),
            )
            for p in essay.paragraphs
        ),
        sourcing={pk: v for pk, v in essay.sourcing.items() if pk in titles},
    )
    text = clean_text(
        essay_write_out(kept, passages, titles), max_chars=MAX_ANSWER_CHARS
    )
    return text, kept.as_json()


def essay_draft_save(*, response: Response, essay: Essay, revision: int) -> DraftSave:
    """Keep the student's essay as they type (autosave): the rule of
    ``response_draft_save``, for the essay's parts and its written-out text."""
    text, parts = _written(response, essay)
    return _draft_store(response=response, text=text, revision=revision, essay=parts)


def essay_form_save(
    *, response: Response, essay: Essay, revision: int | None
) -> FormTextSave:
    """A button of the essay's form: the essay is saved first, with the conflict
    rule of ``response_form_text_save`` (on the written-out text)."""
    text, parts = _written(response, essay)
    return response_form_text_save(
        response=response, text=text, revision=revision, essay=parts
    )
