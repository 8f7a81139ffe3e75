"""Saving a document-based essay (assignments/essay.py holds its parts and rules):
the parts are stored with the essay written out as the answer's text, through the
same revision rule as any answer, so an older save never overwrites a newer one."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from assignments.essay import (
    CitedPassage,
    Essay,
    EssayParagraph,
    essay_from_json,
    essay_write_out,
)
from assignments.models import MAX_ANSWER_CHARS, Response
from assignments.selectors.essays import essay_check_for
from assignments.services.drafts import (
    DraftSave,
    FormTextSave,
    _draft_store,
    response_form_text_save,
)
from assignments.text import clean_text
from lessons.models import LessonExcerpt, Prompt

# The code of the warning an essay with an unmet rule gets at Submit.
ESSAY_RULES = "essay_rules"


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
    # By the lesson's id: an autosave fetches the assignment without its lesson.
    titles = dict(
        LessonExcerpt.objects.filter(
            lesson_id=response.assignment.lesson_id
        ).values_list("excerpt_id", "excerpt__title")
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


def form_words_save(
    *, response: Response, text: str | None, sent_essay: dict | None, revision
) -> FormTextSave:
    """The answer form's words, saved before its button acts: an essay's parts
    (as ``essay_form_data`` read them), or the answer's text."""
    if sent_essay is not None:
        return essay_form_save(
            response=response, essay=essay_from_json(sent_essay), revision=revision
        )
    return response_form_text_save(response=response, text=text, revision=revision)


def essay_rules_warn(*, response: Response, confirmed: bool) -> None:
    """Before an essay is submitted: unless the student confirmed, each rule not
    met is named in a warning (``ValidationError`` with the code ESSAY_RULES); the
    student may then submit anyway. Other kinds pass."""
    if confirmed or response.prompt.kind != Prompt.Kind.ESSAY:
        return
    unmet = essay_check_for(response).unmet
    if unmet:
        raise ValidationError(
            _("Before you submit: %(rules)s You can still submit it as it is.")
            % {"rules": " ".join(unmet)},
            code=ESSAY_RULES,
        )
