"""Teacher accounts from a CSV file, for an admin setting up a school: read the
file with a problem by line, then create every account or none.

The file has a header row with ``username``, ``first_name``, ``last_name`` and
optionally ``email`` (any order, any case). Each teacher gets a one-time password,
shown once to the admin, to be changed at the first sign-in."""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.hashers import one_time_password_generate
from accounts.models import User
from accounts.services import user_create

REQUIRED = ("username", "first_name", "last_name")
MAX_ROWS = 2_000


@dataclass(frozen=True)
class TeacherRow:
    line: int
    username: str
    first_name: str
    last_name: str
    email: str = ""


@dataclass
class TeacherFile:
    rows: list[TeacherRow] = field(default_factory=list)
    # "Line 4: …", in line order; the file is refused when there is any.
    problems: list[str] = field(default_factory=list)


def _header(reader) -> tuple[dict[str, int], str]:
    header = [h.strip().lower().replace(" ", "_") for h in next(reader, [])]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        return {}, _("Line 1: the header lacks %(columns)s.") % {
            "columns": ", ".join(missing)
        }
    return {
        name: header.index(name) for name in (*REQUIRED, "email") if name in header
    }, ""


def _row_problems(row: TeacherRow, seen: set[str]) -> list[str]:
    found = []
    try:
        User.username_validator(row.username)
    except ValidationError:
        found.append(_("“%(u)s” is not a valid username") % {"u": row.username})
    if not (row.username and row.first_name and row.last_name):
        found.append(_("username, first and last name are all needed"))
    if row.email:
        try:
            validate_email(row.email)
        except ValidationError:
            found.append(_("“%(e)s” is not an e-mail address") % {"e": row.email})
    if row.username.lower() in seen:
        found.append(_("the username “%(u)s” comes twice") % {"u": row.username})
    return found


def _row_from(line: int, cells: list[str], columns: dict[str, int]) -> TeacherRow:
    def cell(name: str) -> str:
        at = columns.get(name)
        return cells[at].strip() if at is not None and at < len(cells) else ""

    return TeacherRow(
        line, cell("username"), cell("first_name"), cell("last_name"), cell("email")
    )


def teachers_csv_read(data: bytes) -> TeacherFile:
    """The teachers a CSV file lists, and every problem with its line number
    (usernames already taken included); nothing is created here."""
    result = TeacherFile()
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig", errors="replace")))
    columns, problem = _header(reader)
    if problem:
        result.problems.append(problem)
        return result
    problems: list[tuple[int, str]] = []
    seen: set[str] = set()
    for line, cells in enumerate(reader, start=2):
        if any(c.strip() for c in cells):
            row = _row_from(line, cells, columns)
            problems += [(line, found) for found in _row_problems(row, seen)]
            seen.add(row.username.lower())
            result.rows.append(row)
    taken = set(
        User.objects.filter(
            username__in=[r.username for r in result.rows[:MAX_ROWS]]
        ).values_list("username", flat=True)
    )
    problems += [
        (r.line, _("the username “%(u)s” is taken") % {"u": r.username})
        for r in result.rows
        if r.username in taken
    ]
    result.problems = [
        _("Line %(n)s: %(problem)s.") % {"n": line, "problem": found}
        for line, found in sorted(problems, key=lambda p: p[0])
    ]
    if len(result.rows) > MAX_ROWS:
        result.problems.append(
            _("More than %(n)s teachers in one file.") % {"n": MAX_ROWS}
        )
    if not result.rows:
        result.problems.append(_("The file lists no teacher."))
    return result


@transaction.atomic
def teachers_import(*, rows: list[TeacherRow]) -> list[tuple[User, str]]:
    """Create a teacher account for each row, all or none; each with a one-time
    password (returned, never stored in clear) changed at the first sign-in."""
    created = []
    for row in rows:
        password = one_time_password_generate()
        user = user_create(
            username=row.username,
            password=password,
            role=User.Role.TEACHER,
            first_name=row.first_name,
            last_name=row.last_name,
            email=row.email,
            must_change_password=True,
        )
        created.append((user, password))
    return created
