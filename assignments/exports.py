"""Files teachers take elsewhere: the gradebook as a CSV file Canvas imports."""

from assignments.selectors.reports import Gradebook
from portal.spreadsheets import csv_safe


def _student_name(student) -> str:
    if student.last_name:
        return f"{student.last_name}, {student.first_name}"
    return student.first_name or student.username


def gradebook_csv_rows(book: Gradebook) -> list[list]:
    """The gradebook in the layout Canvas imports: Student, ID, SIS Login ID,
    Section, then one "Title (id)" column per assignment, a "Points Possible" row
    first. Every cell is made safe for spreadsheets (no formulas run)."""
    header = ["Student", "ID", "SIS Login ID", "Section"] + [
        f"{a.lesson.title} ({a.pk})" for a in book.assignments
    ]
    rows = [
        [csv_safe(v) for v in header],
        ["Points Possible", "", "", ""] + [a.points for a in book.assignments],
    ]
    for row in book.rows:
        student = row.student
        rows.append(
            [
                csv_safe(_student_name(student)),
                student.pk,
                csv_safe(student.username),
                csv_safe(book.classroom.section),
                *[csv_safe(score) for score in row.scores],
            ]
        )
    return rows
