"""A student's evidence grid: saving a cell as they type it (like an answer's
draft), and submitting the grid like an answer (a version with a copy of every
filled cell)."""

import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assignments.models import (
    MAX_GRID_NOTE_CHARS,
    MAX_QUOTATION_CHARS,
    GridCell,
    Response,
)
from assignments.services.answers import (
    Submitted,
    quotation_verify,
    source_first_check,
    submission_make,
)
from assignments.text import clean_text
from sources.models import Excerpt

# Which field of a cell a refusal of ``quotation_verify`` is about.
VERIFY_FIELDS = {"no_paragraph": "paragraph", "not_found": "quotation"}


@dataclass(frozen=True)
class CellSave:
    """A saved cell, and what is still wrong with it (the words not found in that
    paragraph, no paragraph chosen): the cell is kept all the same, as a draft."""

    cell: GridCell
    problem: str = ""
    problem_field: str = ""


def _one_line(field: str, text: str | None, max_chars: int) -> str:
    try:
        return " ".join(clean_text(text, max_chars=max_chars).split())
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error


def _check_place(response: Response, excerpt: Excerpt, column: int) -> None:
    """A cell belongs to a grid prompt, one of its columns and one of the lesson's
    excerpts; anything else comes from a broken or hostile page."""
    prompt = response.prompt
    if not prompt.is_grid or not 1 <= column <= len(prompt.grid_question_list):
        raise ValidationError(
            _("The page sent a broken form; reload it."), code="broken_form"
        )
    lesson = response.assignment.lesson
    if not lesson.lesson_excerpts.filter(excerpt=excerpt).exists():
        raise ValidationError(
            _("That excerpt is not part of this lesson."), code="foreign_excerpt"
        )
    # A source-first lesson: no cell of a text still closed to the student (its
    # words are not checked, so they cannot be probed).
    source_first_check(response, excerpt)


def _verified(excerpt: Excerpt, paragraph: int | None, quotation: str):
    """(found, problem, field) for the cell's quotation."""
    if not quotation:
        return False, "", ""
    if not paragraph:
        return (
            False,
            _("Choose the paragraph (¶) the words come from."),
            "paragraph",
        )
    try:
        quotation_verify(excerpt, paragraph, quotation)
    except ValidationError as error:
        return False, error.messages[0], VERIFY_FIELDS.get(error.code, "quotation")
    return True, "", ""


@transaction.atomic
def grid_cell_save(
    *,
    response: Response,
    excerpt: Excerpt,
    column: int,
    paragraph: int | None,
    quotation: str,
    stance: str,
    note: str,
) -> CellSave:
    """Keep one cell of the student's evidence grid as typed: a quotation from a
    paragraph of that row's excerpt (checked as a cited passage is: the words must
    be in that paragraph), a stance and a one-line reliability note. Words not
    found are kept too, with the reason, so nothing typed is lost; submitting
    refuses them. Text over its limit or an unknown stance is refused (by field)."""
    _check_place(response, excerpt, column)
    quotation = _one_line("quotation", quotation, MAX_QUOTATION_CHARS)
    note = _one_line("note", note, MAX_GRID_NOTE_CHARS)
    if stance not in {"", *GridCell.Stance.values}:
        raise ValidationError({"stance": _("Choose one of the three stances.")})
    found, problem, field = _verified(excerpt, paragraph, quotation)
    values = {
        "paragraph": paragraph,
        "quotation": quotation,
        "quotation_found": found,
        "stance": stance,
        "note": note,
    }
    try:
        with transaction.atomic():
            cell, _created = GridCell.objects.update_or_create(
                response=response, excerpt=excerpt, column=column, defaults=values
            )
    except IntegrityError:
        # Two saves of a new cell at once: the other made it; write over it.
        GridCell.objects.filter(
            response=response, excerpt=excerpt, column=column
        ).update(**values)
        cell = GridCell.objects.get(response=response, excerpt=excerpt, column=column)
    return CellSave(cell=cell, problem=problem, problem_field=field)


# --- submitting -------------------------------------------------------------------


def _cell_name(cell: GridCell, questions: list[str]) -> str:
    return _("“%(row)s”, sub-question %(n)s (%(question)s)") % {
        "row": cell.excerpt.title,
        "n": cell.column,
        "question": questions[cell.column - 1],
    }


def _cell_refusal(cell: GridCell, questions: list[str]) -> str:
    """Why a started cell cannot be submitted as it is ("" when it can)."""
    found, problem, _field = _verified(cell.excerpt, cell.paragraph, cell.quotation)
    if not cell.quotation:
        problem = _("quote the words from the document.")
    elif not found:
        problem = problem or _("the words are not in that paragraph.")
    elif not cell.stance:
        problem = _("choose a stance (supports, contradicts or complicates).")
    elif not cell.note:
        problem = _("write a one-line note on how far the source can be trusted.")
    else:
        return ""
    return _("%(cell)s: %(problem)s") % {
        "cell": _cell_name(cell, questions),
        "problem": problem,
    }


def _cell_snapshot(cell: GridCell, questions: list[str]) -> dict:
    return {
        "source": cell.excerpt.source.title,
        "excerpt": cell.excerpt.title,
        "excerpt_id": cell.excerpt_id,
        "paragraph": cell.paragraph,
        "quotation": cell.quotation,
        "column": cell.column,
        "question": questions[cell.column - 1],
        "stance": cell.stance,
        "note": cell.note,
    }


def _cell_line(entry: dict) -> str:
    return _(
        "%(row)s — %(question)s: %(stance)s. “%(quotation)s” (¶%(p)s). %(note)s"
    ) % {
        "row": entry["excerpt"],
        "question": entry["question"],
        "stance": GridCell.Stance(entry["stance"]).label,
        "quotation": entry["quotation"],
        "p": entry["paragraph"],
        "note": entry["note"],
    }


def grid_compose(locked: Response) -> tuple[str, list[dict]]:
    """The grid as submitted: every started cell must be complete (the words found
    in their paragraph, a stance, a note), and at least the prompt's minimum of
    cells filled (one when it asks for none). The text is one line a cell, so the
    teacher's pages and the versions' changes read it like an answer."""
    prompt = locked.prompt
    questions = prompt.grid_question_list
    rows = list(
        locked.assignment.lesson.lesson_excerpts.order_by("order").values_list(
            "excerpt_id", flat=True
        )
    )
    cells = [
        cell
        for cell in locked.grid_cells.select_related("excerpt__source")
        if cell.is_started and cell.excerpt_id in rows and cell.column <= len(questions)
    ]
    cells.sort(key=lambda cell: (rows.index(cell.excerpt_id), cell.column))
    for cell in cells:
        refusal = _cell_refusal(cell, questions)
        if refusal:
            raise ValidationError(refusal, code="cell_incomplete")
    needed = max(1, prompt.min_citations)
    if len(cells) < needed:
        raise ValidationError(
            ngettext(
                "This grid needs at least %(needed)s filled cell (words quoted "
                "from the document, a stance and a reliability note); yours has "
                "%(have)s.",
                "This grid needs at least %(needed)s filled cells (words quoted "
                "from the document, a stance and a reliability note); yours has "
                "%(have)s.",
                needed,
            )
            % {"needed": needed, "have": len(cells)},
            code="cells_missing",
        )
    snapshot = [_cell_snapshot(cell, questions) for cell in cells]
    return "\n".join(_cell_line(entry) for entry in snapshot), snapshot


@transaction.atomic
def grid_submit(*, response: Response, idempotency_key: uuid.UUID) -> Submitted:
    """Submit the evidence grid as an answer is submitted (idempotent by key, a
    new version only when something changed, every version kept)."""
    if not response.prompt.is_grid:
        raise ValidationError(
            _("The page sent a broken form; reload it."), code="broken_form"
        )
    return submission_make(
        response=response, idempotency_key=idempotency_key, compose=grid_compose
    )
