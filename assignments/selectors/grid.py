"""Reads for the evidence grid: the student's own grid (rows = the lesson's
excerpts, columns = the prompt's sub-questions) with what a cell's button came
back with, and the teacher's class grid (stances counted per cell over the
submitted versions, the quotations of one cell in their paragraphs)."""

from collections import Counter
from dataclasses import dataclass, field

from django.utils.safestring import SafeString

from accounts.models import User
from assignments.models import Assignment, GridCell, Response, SubmissionVersion
from assignments.text import highlight_quotations
from classrooms.selectors import roster_for_classroom
from lessons.models import LessonExcerpt, Prompt
from sources.models import Excerpt

STANCES = GridCell.Stance


def cell_dom_id(prompt_pk: int, excerpt_pk: int, column: int) -> str:
    return f"grid-{prompt_pk}-{excerpt_pk}-{column}"


@dataclass(frozen=True)
class GridCellState:
    """What a cell's Save button came back with (kept in the session between the
    POST and the page it redirects to when there is no JavaScript): the values
    sent, and the refusal with the field it is about, or the notice."""

    prompt_pk: int
    excerpt_pk: int
    column: int
    paragraph: str = ""
    quotation: str = ""
    stance: str = ""
    note: str = ""
    error: str = ""
    error_field: str = ""
    notice: str = ""

    @property
    def anchor(self) -> str:
        base = cell_dom_id(self.prompt_pk, self.excerpt_pk, self.column)
        if self.error:
            return f"{base}-{self.error_field or 'quotation'}-error"
        return f"{base}-status"


@dataclass
class StudentCell:
    prompt_pk: int
    excerpt: Excerpt
    column: int
    question: str
    paragraph: str = ""
    quotation: str = ""
    stance: str = ""
    note: str = ""
    found: bool = False
    error: str = ""
    error_field: str = ""
    notice: str = ""
    saved_at: object = None

    @property
    def dom_id(self) -> str:
        return cell_dom_id(self.prompt_pk, self.excerpt.pk, self.column)

    @property
    def stance_choices(self) -> list[tuple[str, str]]:
        return list(STANCES.choices)

    @property
    def paragraph_numbers(self) -> range:
        return range(1, len(self.excerpt.paragraphs) + 1)

    @property
    def focus_id(self) -> str:
        if self.error:
            return f"{self.dom_id}-{self.error_field or 'quotation'}-error"
        if self.notice:
            return f"{self.dom_id}-status"
        return ""


@dataclass
class StudentRow:
    number: int
    excerpt: Excerpt
    cells: list[StudentCell]


@dataclass
class StudentGrid:
    questions: list[str]
    rows: list[StudentRow] = field(default_factory=list)

    @property
    def filled(self) -> int:
        return sum(1 for row in self.rows for cell in row.cells if cell.found)

    def cell(self, excerpt_pk: int, column: int) -> StudentCell | None:
        for row in self.rows:
            for cell in row.cells:
                if cell.excerpt.pk == excerpt_pk and cell.column == column:
                    return cell
        return None


def _with_state(cell: StudentCell, state: GridCellState) -> None:
    for name in ("paragraph", "quotation", "stance", "note", "error", "notice"):
        setattr(cell, name, getattr(state, name))
    cell.error_field = state.error_field


def student_grid(
    *,
    prompt: Prompt,
    excerpts: list[Excerpt],
    cells: list[GridCell],
    state: GridCellState | None = None,
) -> StudentGrid:
    """The student's grid for a grid prompt, from their stored cells."""
    questions = prompt.grid_question_list
    stored = {(c.excerpt_id, c.column): c for c in cells}
    grid = StudentGrid(questions=questions)
    for number, excerpt in enumerate(excerpts, start=1):
        row = []
        for column, question in enumerate(questions, start=1):
            cell = StudentCell(prompt.pk, excerpt, column, question)
            kept = stored.get((excerpt.pk, column))
            if kept is not None:
                cell.paragraph = str(kept.paragraph or "")
                cell.quotation, cell.stance, cell.note = (
                    kept.quotation,
                    kept.stance,
                    kept.note,
                )
                cell.found, cell.saved_at = kept.quotation_found, kept.updated_at
            row.append(cell)
        grid.rows.append(StudentRow(number, excerpt, row))
    if state is not None and state.prompt_pk == prompt.pk:
        cell = grid.cell(state.excerpt_pk, state.column)
        if cell is not None:
            _with_state(cell, state)
    return grid


def grids_attach(
    answers: list, *, excerpts: list[Excerpt], user, state: GridCellState | None
) -> None:
    """Give each evidence grid prompt's answer (``Answer.grid``) the student's
    grid: one query for a lesson with a grid, none otherwise."""
    wanted = [a for a in answers if a.prompt.is_grid]
    if not wanted:
        return
    responses = [a.response.pk for a in wanted if a.response is not None]
    cells = list(
        GridCell.objects.filter(response__in=responses, response__student=user)
    )
    for answer in wanted:
        answer.grid = student_grid(
            prompt=answer.prompt,
            excerpts=excerpts,
            cells=[
                c
                for c in cells
                if answer.response is not None and c.response_id == answer.response.pk
            ],
            state=state,
        )


# --- the teacher's class grid -------------------------------------------------------


@dataclass
class ClassCell:
    excerpt: Excerpt
    column: int
    question: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def stance_counts(self) -> list[tuple[str, str, int]]:
        """(value, label, count) for each stance, in a fixed order."""
        return [(s.value, str(s.label), self.counts.get(s.value, 0)) for s in STANCES]


@dataclass
class ClassRow:
    number: int
    excerpt: Excerpt
    cells: list[ClassCell]


@dataclass
class OpenedEntry:
    student: User
    stance: str
    stance_label: str
    paragraph: int | None
    quotation: str
    note: str
    # The paragraph as plain text with the quotation marked; empty when the
    # paragraph is no longer there (the excerpt was edited since).
    in_context: SafeString | str


@dataclass
class ClassGrid:
    assignment: Assignment
    prompt: Prompt
    questions: list[str]
    rows: list[ClassRow]
    submitted: int
    class_size: int
    opened: ClassCell | None = None
    opened_entries: list[OpenedEntry] = field(default_factory=list)


def _submitted_grids(assignment: Assignment, prompt: Prompt, user) -> list[tuple]:
    """(student id, evidence) of each current student's latest submitted version
    of the grid: one query."""
    students = roster_for_classroom(
        classroom=assignment.classroom_id, user=user
    ).values("student_id")
    latest = Response.objects.filter(
        assignment=assignment, prompt=prompt, student_id__in=students
    ).values("latest_version_id")
    return list(
        SubmissionVersion.objects.filter(pk__in=latest).values_list(
            "response__student_id", "citations"
        )
    )


def _opened_entries(
    excerpt: Excerpt, column: int, grids: list[tuple]
) -> list[OpenedEntry]:
    chosen = [
        (student_id, entry)
        for student_id, evidence in grids
        for entry in evidence
        if entry.get("excerpt_id") == excerpt.pk and entry.get("column") == column
    ]
    people = User.objects.in_bulk([student_id for student_id, _entry in chosen])
    paragraphs = excerpt.paragraphs
    entries = []
    for student_id, entry in chosen:
        number = entry.get("paragraph")
        has_paragraph = isinstance(number, int) and 1 <= number <= len(paragraphs)
        stance = entry.get("stance", "")
        entries.append(
            OpenedEntry(
                student=people[student_id],
                stance=stance,
                stance_label=str(STANCES(stance).label) if stance in STANCES else "",
                paragraph=number,
                quotation=entry.get("quotation", ""),
                note=entry.get("note", ""),
                in_context=highlight_quotations(
                    paragraphs[number - 1], [entry.get("quotation", "")]
                )
                if has_paragraph
                else "",
            )
        )
    entries.sort(key=lambda e: (e.stance, e.student.last_name, e.student.first_name))
    return entries


def _class_rows(
    items: list[LessonExcerpt], questions: list[str], grids: list[tuple]
) -> list[ClassRow]:
    """The stances of the submitted grids counted per (document, sub-question)."""
    counts: dict[tuple[int, int], Counter] = {}
    for _student, evidence in grids:
        for entry in evidence:
            key = (entry.get("excerpt_id"), entry.get("column"))
            counts.setdefault(key, Counter())[entry.get("stance", "")] += 1
    return [
        ClassRow(
            number,
            item.excerpt,
            [
                ClassCell(
                    item.excerpt,
                    column,
                    question,
                    dict(counts.get((item.excerpt_id, column), {})),
                )
                for column, question in enumerate(questions, start=1)
            ],
        )
        for number, item in enumerate(items, start=1)
    ]


def class_grid(
    *,
    assignment: Assignment,
    prompt: Prompt,
    user,
    open_excerpt: int | None = None,
    open_column: int | None = None,
) -> ClassGrid:
    """The class's evidence grid for a grid prompt: for each document and
    sub-question, how many students' submitted grids took each stance; with one
    cell opened, its quotations in their paragraphs with the student, stance and
    note. Four queries, whatever the class size (the assignment and prompt come
    authorized from the caller)."""
    questions = prompt.grid_question_list
    items = list(
        assignment.lesson.lesson_excerpts.select_related("excerpt__source").order_by(
            "order"
        )
    )
    grids = _submitted_grids(assignment, prompt, user)
    rows = _class_rows(items, questions, grids)
    grid = ClassGrid(
        assignment=assignment,
        prompt=prompt,
        questions=questions,
        rows=rows,
        submitted=len(grids),
        class_size=roster_for_classroom(
            classroom=assignment.classroom_id, user=user
        ).count(),
    )
    opened = next(
        (
            cell
            for row in rows
            for cell in row.cells
            if cell.excerpt.pk == open_excerpt and cell.column == open_column
        ),
        None,
    )
    if opened is not None:
        grid.opened = opened
        grid.opened_entries = _opened_entries(opened.excerpt, opened.column, grids)
    return grid
