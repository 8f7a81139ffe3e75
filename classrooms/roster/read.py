"""Reading a OneRoster 1.2 CSV export (a zip, or a folder for a nightly job).

Nothing is changed here. Each file is read by its header (columns may come in any
order; unknown ones are ignored), every row keeps its file name and line number,
and every problem is reported as "file, line: what is wrong". A missing manifest,
a file the manifest announces but the zip lacks, or a missing required column
stops the import; a bad row is left out and listed.
"""

import csv
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

# The files this import reads, and the columns each must have.
REQUIRED_COLUMNS = {
    "orgs": ["sourcedId", "name", "type"],
    "academicSessions": ["sourcedId", "title", "type"],
    "courses": ["sourcedId", "title"],
    "classes": ["sourcedId", "title", "courseSourcedId", "schoolSourcedId"],
    "users": ["sourcedId", "givenName", "familyName"],
    "enrollments": ["sourcedId", "classSourcedId", "userSourcedId", "role"],
}
# Read when present, not required (OneRoster 1.2 keeps roles apart from users).
OPTIONAL_FILES = {"roles": ["userSourcedId", "role"]}
STATUSES = {"", "active", "tobedeleted", "inactive"}
MODES = {"bulk", "delta", "absent"}


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str

    def __str__(self):
        where = f"{self.file}.csv" + (f", line {self.line}" if self.line else "")
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Row:
    file: str
    line: int
    fields: dict

    @property
    def sourced_id(self) -> str:
        return self.fields.get("sourcedId", "")

    @property
    def deleted(self) -> bool:
        return self.fields.get("status", "").lower() in {"tobedeleted", "inactive"}


@dataclass
class RosterFiles:
    """What was read: each file's mode (bulk, delta or absent) and its rows."""

    modes: dict = field(default_factory=dict)
    rows: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)
    fatal: bool = False

    def of(self, name: str) -> list[Row]:
        return self.rows.get(name, [])

    def stop(self, name: str, message: str) -> None:
        self.problems.append(Problem(name, 0, message))
        self.fatal = True


class _Source:
    """Files by name, from a zip or a folder, each at most the size limit."""

    def __init__(self, opener, names: Iterable[str]):
        self.opener = opener
        self.names = {Path(n).name: n for n in names if n.endswith(".csv")}

    def has(self, name: str) -> bool:
        return f"{name}.csv" in self.names

    def text(self, name: str) -> str:
        with self.opener(self.names[f"{name}.csv"]) as handle:
            data = handle.read(max_bytes() + 1)
        if len(data) > max_bytes():
            raise ValueError(_("the file is larger than the import limit"))
        return data.decode("utf-8-sig")


def max_bytes() -> int:
    return settings.PORTAL_ROSTER_MAX_BYTES


def roster_read_zip(fileobj) -> RosterFiles:
    """Read a OneRoster zip (the files at its top level or in one folder)."""
    try:
        archive = zipfile.ZipFile(fileobj)
    except zipfile.BadZipFile:
        files = RosterFiles()
        files.stop("manifest", _("This is not a zip file."))
        return files
    with archive:
        return _read(_Source(archive.open, archive.namelist()))


def roster_read_folder(path: Path) -> RosterFiles:
    """Read a folder holding a OneRoster export's CSV files."""
    names = [str(p) for p in Path(path).glob("*.csv")]
    return _read(_Source(lambda name: open(name, "rb"), names))  # noqa: SIM115


def _read(source: _Source) -> RosterFiles:
    files = RosterFiles()
    if not source.has("manifest"):
        files.stop("manifest", _("manifest.csv is missing."))
        return files
    files.modes = _manifest(source.text("manifest"), files)
    for name, columns in [*REQUIRED_COLUMNS.items(), *OPTIONAL_FILES.items()]:
        mode = files.modes.get(name, "absent" if name in OPTIONAL_FILES else "")
        if name in OPTIONAL_FILES and source.has(name):
            mode = files.modes.get(name) or "bulk"
            files.modes[name] = mode
        if mode == "absent" or files.fatal:
            continue
        if not source.has(name):
            files.stop(
                name,
                _("the manifest lists %(name)s.csv but it is missing.")
                % {"name": name},
            )
            continue
        try:
            text = source.text(name)
        except (ValueError, UnicodeDecodeError) as error:
            files.stop(name, str(error))
            continue
        files.rows[name] = _rows(name, text, columns, files)
    return files


def _manifest(text: str, files: RosterFiles) -> dict:
    modes = {}
    for number, record in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        key, value = record.get("propertyName", ""), (record.get("value") or "").strip()
        if key.startswith("file."):
            name = key.removeprefix("file.")
            if value.lower() not in MODES:
                files.problems.append(
                    Problem(
                        "manifest",
                        number,
                        _("“%(value)s” is not bulk, delta or absent.")
                        % {"value": value},
                    )
                )
                continue
            modes[name] = value.lower()
        elif key == "oneroster.version" and not value.startswith("1."):
            files.stop(
                "manifest",
                _("OneRoster version %(v)s is not supported (1.1 and 1.2 are).")
                % {"v": value},
            )
    for name in REQUIRED_COLUMNS:
        modes.setdefault(name, "absent")
    return modes


def _rows(name: str, text: str, columns: list[str], files: RosterFiles) -> list[Row]:
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in columns if c not in header]
    if missing:
        files.stop(name, _("columns missing: %(cols)s.") % {"cols": ", ".join(missing)})
        return []
    reader.fieldnames = header
    rows, seen = [], {}
    for number, record in enumerate(reader, start=2):
        fields = {k: (v or "").strip() for k, v in record.items() if k}
        problem = _row_problem(fields, seen, number, name)
        if problem:
            files.problems.append(Problem(name, number, problem))
            continue
        if fields.get("sourcedId"):
            seen[fields["sourcedId"]] = number
        rows.append(Row(name, number, fields))
    return rows


def _row_problem(fields: dict, seen: dict, number: int, name: str) -> str | None:
    sourced_id = fields.get("sourcedId", "")
    if name != "roles" and not sourced_id:
        return _("the sourcedId is empty.")
    if sourced_id in seen:
        return _("sourcedId “%(id)s” is also on line %(line)s.") % {
            "id": sourced_id,
            "line": seen[sourced_id],
        }
    if fields.get("status", "").lower() not in STATUSES:
        return _("status “%(s)s” is not active or tobedeleted.") % {
            "s": fields["status"]
        }
    if name == "users" and not (fields.get("givenName") or fields.get("familyName")):
        return _("the person has no name (givenName and familyName are empty).")
    return None
