"""The sourcing questions a student answers before an excerpt of a source-first
lesson opens, with the sentence starters we give them. One owner for the wording:
the assignment page, the service that checks the answers and the teacher's
grading view all read it from here."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class SourcingQuestion:
    field: str  # the SourcingNote field that holds the answer
    question: Promise
    hint: Promise  # what to look at in the source line and headnote
    starter: Promise  # the start of a sentence the student finishes


SOURCING_QUESTIONS: tuple[SourcingQuestion, ...] = (
    SourcingQuestion(
        "who",
        _("Who made it?"),
        _("Look at the author or creator in the citation. A person, an office?"),
        _("It was made by"),
    ),
    SourcingQuestion(
        "when",
        _("When was it made, and how long after the events it describes?"),
        _("Look for a date in the citation and the headnote; say so if none is given."),
        _("It was made in"),
    ),
    SourcingQuestion(
        "audience",
        _("For whom was it made?"),
        _("Who was meant to read or see it: the public, a government, students?"),
        _("It was meant for"),
    ),
    SourcingQuestion(
        "purpose",
        _("Why was it made?"),
        _("What did its maker want readers to know, think or do?"),
        _("Its maker wanted to"),
    ),
    SourcingQuestion(
        "trust",
        _("How far can you trust it for this lesson's question, and why?"),
        _("Think of who made it, when and why: what could it get right, or wrong?"),
        _("For this question I would trust it"),
    ),
)

SOURCING_FIELDS: tuple[str, ...] = tuple(q.field for q in SOURCING_QUESTIONS)
