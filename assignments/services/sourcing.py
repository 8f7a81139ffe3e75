"""A student's sourcing answers in a source-first lesson: saving them opens the
excerpt's text for that student in that assignment."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from assignments.models import MAX_SOURCING_ANSWER_CHARS, Assignment, SourcingNote
from assignments.sourcing import SOURCING_QUESTIONS
from assignments.text import clean_text
from portal.http import first_message
from sources.models import Excerpt


def _checked(answers: dict[str, str]) -> dict[str, str]:
    """Each answer cleaned; refused (one message per field) when it is empty,
    only our sentence starter, or longer than a few sentences."""
    cleaned, errors = {}, {}
    for question in SOURCING_QUESTIONS:
        text = answers.get(question.field) or ""
        try:
            text = clean_text(text, max_chars=MAX_SOURCING_ANSWER_CHARS)
            # A finished starter often leaves two spaces ("to  honour"): one.
            text = re.sub(r"[ \t]+", " ", text).strip()
        except ValidationError as error:
            errors[question.field] = first_message(error)
        if question.field in errors:
            pass
        elif not text:
            errors[question.field] = _("Answer this question before the text opens.")
        elif " ".join(text.split()).rstrip(".… ") == str(question.starter):
            errors[question.field] = _(
                "Finish the sentence: say it in your own words after “%(starter)s”."
            ) % {"starter": question.starter}
        cleaned[question.field] = text
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def sourcing_note_save(
    *, assignment: Assignment, student, excerpt: Excerpt, answers: dict[str, str]
) -> SourcingNote:
    """Keep a student's answers to the sourcing questions on one excerpt of an
    assignment (saving again replaces them). Every question needs an answer of
    the student's own (our sentence starter alone is refused); the caller has
    checked that the excerpt is one of the assignment's lesson."""
    cleaned = _checked(answers)
    note, _created = SourcingNote.objects.select_for_update().get_or_create(
        assignment=assignment, student=student, excerpt=excerpt, defaults=cleaned
    )
    if not _created:
        for name, value in cleaned.items():
            setattr(note, name, value)
        note.full_clean(validate_constraints=False)
        note.save(update_fields=[*cleaned, "updated_at"])
    return note
