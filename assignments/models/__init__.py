"""The assignments app's models, by subject. Django loads an app's models from
this module, so it names every model (and the limits callers use); code imports
them from here as for any app: ``from assignments.models import Response``."""

from assignments.models.answers import (
    MAX_ANSWER_CHARS,
    MAX_QUOTATION_CHARS,
    MAX_REGION_DESCRIPTION_CHARS,
    MAX_REPLY_CHARS,
    MAX_REVISION,
    MIN_REGION_SHARE,
    REGION_DECIMALS,
    Citation,
    Reply,
    Response,
    SubmissionVersion,
)
from assignments.models.assignments import (
    DUE_SOON,
    MAX_POINTS,
    Assignment,
    PersonalDueDate,
    PromptPoints,
)
from assignments.models.feedback import (
    Criterion,
    CriterionScore,
    Feedback,
    Rubric,
    SavedComment,
)
from assignments.models.grid import MAX_GRID_NOTE_CHARS, GridCell
from assignments.models.sourcing import MAX_SOURCING_ANSWER_CHARS, SourcingNote

__all__ = [
    "DUE_SOON",
    "MAX_ANSWER_CHARS",
    "MAX_GRID_NOTE_CHARS",
    "MAX_POINTS",
    "MAX_QUOTATION_CHARS",
    "MAX_REGION_DESCRIPTION_CHARS",
    "MAX_REPLY_CHARS",
    "MAX_REVISION",
    "MAX_SOURCING_ANSWER_CHARS",
    "MIN_REGION_SHARE",
    "REGION_DECIMALS",
    "Assignment",
    "Citation",
    "Criterion",
    "CriterionScore",
    "Feedback",
    "GridCell",
    "PersonalDueDate",
    "PromptPoints",
    "Reply",
    "Response",
    "Rubric",
    "SavedComment",
    "SourcingNote",
    "SubmissionVersion",
]
