"""Reading a list of students from pasted names or a CSV file.

Nothing is created here: the whole list is read and checked first, and every problem
is reported with its line number, so a teacher fixes the list once and the accounts
are made all together (classrooms.services.students_bulk_create).
"""

import csv
import io
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from classrooms.services import StudentRow
from portal.spreadsheets import csv_text

MAX_STUDENTS = 1000
MAX_CSV_BYTES = 1024 * 1024
NAME_MAX = 150
ID_MAX = 64
HEADER_WORDS = {"first name", "firstname", "first_name", "first", "given name", "name"}


def _tidy(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _check_row(row: StudentRow, errors: list[ValidationError]) -> None:
    if not row.first_name:
        errors.append(
            ValidationError(
                _("Line %(line)s: the first name is missing."),
                code="missing_first_name",
                params={"line": row.line},
            )
        )
    if len(row.first_name) > NAME_MAX or len(row.last_name) > NAME_MAX:
        errors.append(
            ValidationError(
                _("Line %(line)s: a name is longer than %(max)s characters."),
                code="name_too_long",
                params={"line": row.line, "max": NAME_MAX},
            )
        )
    if len(row.student_number) > ID_MAX:
        errors.append(
            ValidationError(
                _("Line %(line)s: the student ID is longer than %(max)s characters."),
                code="id_too_long",
                params={"line": row.line, "max": ID_MAX},
            )
        )


def _finish(rows: list[StudentRow], errors: list[ValidationError]) -> list[StudentRow]:
    seen_ids: dict[str, int] = {}
    for row in rows:
        _check_row(row, errors)
        if row.student_number:
            if row.student_number in seen_ids:
                errors.append(
                    ValidationError(
                        _(
                            "Line %(line)s: student ID %(id)s is also on line "
                            "%(other)s."
                        ),
                        code="duplicate_id",
                        params={
                            "line": row.line,
                            "id": row.student_number,
                            "other": seen_ids[row.student_number],
                        },
                    )
                )
            seen_ids.setdefault(row.student_number, row.line)
    if len(rows) > MAX_STUDENTS:
        errors.append(
            ValidationError(
                _("That is %(count)s students; add at most %(max)s at a time."),
                code="too_many",
                params={"count": len(rows), "max": MAX_STUDENTS},
            )
        )
    if errors:
        errors.sort(key=lambda e: e.params.get("line", 0) if e.params else 0)
        raise ValidationError(errors)
    return rows


def rows_from_pasted_names(text: str) -> list[StudentRow]:
    """One student a line: “First Last”, “Last, First”, or cells pasted from a
    spreadsheet (first name, last name, student ID separated by tabs). Blank lines and
    stray spaces are ignored."""
    rows: list[StudentRow] = []
    errors: list[ValidationError] = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        if not raw.strip():
            continue
        if "\t" in raw:
            cells = [_tidy(c) for c in raw.split("\t")]
            while cells and not cells[-1]:
                cells.pop()
            if len(cells) > 3:
                errors.append(
                    ValidationError(
                        _(
                            "Line %(line)s: expected first name, last name and an "
                            "optional student ID, but found %(count)s cells."
                        ),
                        code="too_many_cells",
                        params={"line": number, "count": len(cells)},
                    )
                )
                continue
            cells += [""] * (3 - len(cells))
            rows.append(StudentRow(cells[0], cells[1], cells[2], number))
            continue
        line = _tidy(raw)
        if "," in line:
            last, _sep, first = line.partition(",")
            rows.append(StudentRow(_tidy(first), _tidy(last), "", number))
        else:
            first, _sep, last = line.partition(" ")
            rows.append(StudentRow(first, last, "", number))
    return _finish(rows, errors)


def rows_from_csv(upload) -> list[StudentRow]:
    """A CSV file with first name, last name and an optional student ID, with or
    without a header row, separated by commas, semicolons or tabs."""
    if upload.size > MAX_CSV_BYTES:
        raise ValidationError(
            _("That file is larger than 1 MB; is it the right one?"), code="too_big"
        )
    text = csv_text(upload.read())
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    rows: list[StudentRow] = []
    errors: list[ValidationError] = []
    first_row = True
    try:
        for cells in reader:
            number = reader.line_num
            cells = [_tidy(c) for c in cells]
            while cells and not cells[-1]:
                cells.pop()
            if not cells:
                continue
            if first_row and cells[0].lower() in HEADER_WORDS:
                first_row = False
                continue
            first_row = False
            if len(cells) < 2 or len(cells) > 3:
                errors.append(
                    ValidationError(
                        _(
                            "Line %(line)s: expected first name, last name and an "
                            "optional student ID, but found %(count)s column(s)."
                        ),
                        code="bad_columns",
                        params={"line": number, "count": len(cells)},
                    )
                )
                continue
            cells += [""] * (3 - len(cells))
            rows.append(StudentRow(cells[0], cells[1], cells[2], number))
    except csv.Error as exc:
        errors.append(
            ValidationError(
                _("Line %(line)s: this line cannot be read (%(problem)s)."),
                code="unreadable",
                params={"line": reader.line_num, "problem": exc},
            )
        )
    if not rows and not errors:
        raise ValidationError(_("That file has no students in it."), code="empty")
    return _finish(rows, errors)
