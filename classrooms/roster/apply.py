"""Applying a OneRoster export, idempotently by ``sourcedId``.

1. Every row of orgs, academic sessions, courses, classes and enrollments is kept
   as a RosterRecord (new, changed, or switched off by ``status=tobedeleted`` or,
   in a bulk file, by no longer being there).
2. People are made and updated through accounts.roster.
3. Classes: each class record with a teacher becomes a Classroom owned by its
   primary teacher (other teachers co-teach); a class without a teacher waits
   until one is enrolled. A deleted class is archived, never deleted.
4. Student enrollments become Enrolments; a deleted one stamps ``removed_at``,
   so the student leaves the class and keeps every answer.

Everything runs in one transaction: a dry run rolls it back at the end, so its
report is exactly what applying would do, and nothing changes.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roster import RosterPerson, roster_people_sync
from classrooms.models import Classroom, Enrolment, RosterRecord
from classrooms.roster.read import Problem, RosterFiles
from classrooms.services import classroom_create, usernames_generate

Progress = Callable[[int, str], None]
RECORD_FILES = [
    ("orgs", RosterRecord.Kind.ORG),
    ("academicSessions", RosterRecord.Kind.SESSION),
    ("courses", RosterRecord.Kind.COURSE),
    ("classes", RosterRecord.Kind.CLASS),
    ("enrollments", RosterRecord.Kind.ENROLLMENT),
]
TEACHER_ROLES = {"teacher", "administrator", "aide", "proctor"}
ACTIONS = ["created", "updated", "deactivated"]
EXAMPLES = 50  # sourcedIds listed per kind and action (the counts are complete)


@dataclass
class RosterReport:
    """What an import did (or a dry run would do): per kind and action the
    sourcedIds, every problem by file and line, and notes."""

    changes: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    def add(self, kind: str, action: str, ids) -> None:
        self.changes.setdefault(kind, {a: [] for a in ACTIONS})[action].extend(ids)

    def counts(self) -> dict:
        return {
            kind: {action: len(ids) for action, ids in actions.items()}
            for kind, actions in self.changes.items()
        }

    def as_json(self) -> dict:
        return {
            "counts": self.counts(),
            "examples": {
                kind: {action: ids[:EXAMPLES] for action, ids in actions.items()}
                for kind, actions in self.changes.items()
            },
            "problems": [str(p) for p in self.problems],
            "notes": self.notes,
        }


def roster_import(
    *, files: RosterFiles, dry_run: bool, progress: Progress | None = None
) -> RosterReport:
    """Apply a OneRoster export (see the module's docstring for the rules); with
    ``dry_run`` nothing is kept. Files that could not be read change nothing."""
    progress = progress or (lambda percent, stage: None)
    report = RosterReport(problems=list(files.problems))
    if files.fatal:
        return report
    with transaction.atomic():
        progress(5, _("Reading records"))
        for name, kind in RECORD_FILES:
            _records(files, name, kind, report)
        progress(30, _("People"))
        _people(files, report)
        _check_references(files, report)
        progress(60, _("Classes"))
        classes = _classes(report)
        progress(75, _("Enrollments"))
        _enrolments(classes, report)
        progress(100, _("Done"))
        if dry_run:
            transaction.set_rollback(True)
    return report


# --- 1. records ------------------------------------------------------------------


def _records(files: RosterFiles, name: str, kind: str, report: RosterReport) -> None:
    mode = files.modes.get(name, "absent")
    if mode == "absent":
        return
    existing = {r.sourced_id: r for r in RosterRecord.objects.filter(kind=kind)}
    new, changed, seen = [], [], set()
    for row in files.of(name):
        seen.add(row.sourced_id)
        data = {
            k: v
            for k, v in row.fields.items()
            if k not in {"status", "dateLastModified"}
        }
        record = existing.get(row.sourced_id)
        if record is None:
            new.append(
                RosterRecord(
                    kind=kind,
                    sourced_id=row.sourced_id,
                    active=not row.deleted,
                    data=data,
                )
            )
        elif record.data != data or record.active == row.deleted:
            record.active, record.data = not row.deleted, data
            changed.append(record)
    if mode == "bulk":
        for sourced_id, record in existing.items():
            if sourced_id not in seen and record.active:
                record.active = False
                changed.append(record)
    RosterRecord.objects.bulk_create(new, batch_size=1000)
    RosterRecord.objects.bulk_update(changed, ["active", "data"], batch_size=1000)
    if kind in {
        RosterRecord.Kind.ORG,
        RosterRecord.Kind.SESSION,
        RosterRecord.Kind.COURSE,
    }:
        report.add(name, "created", [r.sourced_id for r in new])
        report.add(name, "updated", [r.sourced_id for r in changed if r.active])
        report.add(name, "deactivated", [r.sourced_id for r in changed if not r.active])


# --- 2. people -------------------------------------------------------------------


def _roles(files: RosterFiles) -> dict[str, str]:
    """Each person's role: users.csv's own column (OneRoster 1.1), roles.csv, or
    their enrollments; a teacher role wins over a student one."""
    found: dict[str, set[str]] = {}
    for row in files.of("users"):
        if row.fields.get("role"):
            found.setdefault(row.sourced_id, set()).add(row.fields["role"].lower())
    for row in files.of("roles"):
        found.setdefault(row.fields.get("userSourcedId", ""), set()).add(
            row.fields["role"].lower()
        )
    for record in RosterRecord.objects.filter(
        kind=RosterRecord.Kind.ENROLLMENT, active=True
    ):
        found.setdefault(record.data.get("userSourcedId", ""), set()).add(
            record.data.get("role", "").lower()
        )
    roles = {}
    for sourced_id, names in found.items():
        if names & TEACHER_ROLES:
            roles[sourced_id] = User.Role.TEACHER
        elif "student" in names:
            roles[sourced_id] = User.Role.STUDENT
    return roles


def _person(row, role: str | None) -> RosterPerson:
    fields = row.fields
    enabled = fields.get("enabledUser", "true").lower() not in {"false", "0", "no"}
    return RosterPerson(
        sourced_id=row.sourced_id,
        first_name=fields.get("preferredGivenName") or fields.get("givenName", ""),
        last_name=fields.get("preferredFamilyName") or fields.get("familyName", ""),
        email=fields.get("email", ""),
        identifier=fields.get("identifier", ""),
        username=fields.get("username", ""),
        role=role,
        active=enabled and not row.deleted,
    )


def _people(files: RosterFiles, report: RosterReport) -> None:
    mode = files.modes.get("users", "absent")
    if mode == "absent":
        return
    roles = _roles(files)
    people = []
    for row in files.of("users"):
        if row.sourced_id not in roles and mode == "bulk":
            report.notes.append(
                _("%(id)s: not a student or teacher in any class; not imported.")
                % {"id": row.sourced_id}
            )
            continue
        people.append(_person(row, roles.get(row.sourced_id)))
    changes = roster_people_sync(
        people=people,
        deactivate_missing=mode == "bulk",
        generate_usernames=usernames_generate,
    )
    report.add("users", "created", changes.created)
    report.add("users", "updated", changes.updated)
    report.add("users", "deactivated", changes.deactivated)


def _check_references(files: RosterFiles, report: RosterReport) -> None:
    """An enrollment in this import must name a known class and person."""
    classes = set(
        RosterRecord.objects.filter(kind=RosterRecord.Kind.CLASS).values_list(
            "sourced_id", flat=True
        )
    )
    wanted = {row.fields["userSourcedId"] for row in files.of("enrollments")}
    people = set(
        User.objects.filter(roster_source_id__in=wanted).values_list(
            "roster_source_id", flat=True
        )
    )
    for row in files.of("enrollments"):
        if row.deleted:
            continue
        if row.fields["classSourcedId"] not in classes:
            report.problems.append(
                Problem(
                    "enrollments",
                    row.line,
                    _("class “%(id)s” is in no classes file.")
                    % {"id": row.fields["classSourcedId"]},
                )
            )
        elif row.fields["userSourcedId"] not in people:
            report.problems.append(
                Problem(
                    "enrollments",
                    row.line,
                    _("person “%(id)s” is in no users file.")
                    % {"id": row.fields["userSourcedId"]},
                )
            )


# --- 3. classes ------------------------------------------------------------------


@dataclass
class _ClassTeachers:
    owner: int | None
    others: list[int]
    removed: list[int]


def _teachers(users: dict[str, int]) -> dict[str, _ClassTeachers]:
    """Per class sourcedId: its primary teacher, the others, and teachers whose
    enrollment was deleted."""
    found: dict[str, _ClassTeachers] = {}
    records = RosterRecord.objects.filter(kind=RosterRecord.Kind.ENROLLMENT).order_by(
        "sourced_id"
    )
    for record in records:
        data = record.data
        user_id = users.get(data.get("userSourcedId"))
        if data.get("role", "").lower() not in TEACHER_ROLES or user_id is None:
            continue
        entry = found.setdefault(
            data.get("classSourcedId"), _ClassTeachers(None, [], [])
        )
        if not record.active:
            entry.removed.append(user_id)
        elif data.get("primary", "").lower() == "true" and entry.owner is None:
            entry.owner = user_id
        else:
            entry.others.append(user_id)
    for entry in found.values():
        if entry.owner is None and entry.others:
            entry.owner = entry.others.pop(0)
    return found


def _class_fields(record: RosterRecord, titles: dict[str, str]) -> dict:
    data = record.data
    term = (data.get("termSourcedIds") or "").split(",")[0].strip()
    return {
        "name": (data.get("title") or record.sourced_id)[:120],
        "section": (data.get("classCode") or data.get("periods") or "")[:60],
        "school_year": titles.get(term, "")[:20],
    }


def _users_by_sourced_id() -> dict[str, int]:
    return dict(
        User.objects.filter(roster_source_id__isnull=False).values_list(
            "roster_source_id", "pk"
        )
    )


def _classes(report: RosterReport) -> dict[str, Classroom]:
    """Classrooms for the class records; returns them by sourcedId."""
    users = _users_by_sourced_id()
    teachers = _teachers(users)
    titles = {
        r.sourced_id: r.data.get("title", "")
        for r in RosterRecord.objects.filter(kind=RosterRecord.Kind.SESSION)
    }
    existing = {
        c.roster_source_id: c
        for c in Classroom.objects.filter(roster_source_id__isnull=False)
    }
    for record in RosterRecord.objects.filter(kind=RosterRecord.Kind.CLASS).order_by(
        "sourced_id"
    ):
        entry = teachers.get(record.sourced_id, _ClassTeachers(None, [], []))
        classroom = existing.get(record.sourced_id)
        if not record.active:
            if classroom is not None and classroom.archived_at is None:
                Classroom.objects.filter(pk=classroom.pk).update(
                    archived_at=timezone.now()
                )
                report.add("classes", "deactivated", [record.sourced_id])
            continue
        if entry.owner is None and classroom is None:
            report.notes.append(
                _("Class %(id)s has no teacher yet: it is made when one is enrolled.")
                % {"id": record.sourced_id}
            )
            continue
        existing[record.sourced_id] = _class_sync(
            record, classroom, entry, _class_fields(record, titles), report
        )
    return existing


def _class_sync(
    record, classroom, entry: _ClassTeachers, fields: dict, report
) -> Classroom:
    if classroom is None:
        classroom = classroom_create(
            owner=User(pk=entry.owner), join_enabled=False, **fields
        )
        Classroom.objects.filter(pk=classroom.pk).update(
            roster_source_id=record.sourced_id
        )
        classroom.roster_source_id = record.sourced_id
        report.add("classes", "created", [record.sourced_id])
    else:
        wanted = {**fields, "owner_id": entry.owner or classroom.owner_id}
        if any(getattr(classroom, k) != v for k, v in wanted.items()):
            Classroom.objects.filter(pk=classroom.pk).update(**wanted)
            report.add("classes", "updated", [record.sourced_id])
    co_teachers = [pk for pk in entry.others if pk != entry.owner]
    classroom.co_teachers.add(*co_teachers)
    classroom.co_teachers.remove(*[pk for pk in entry.removed if pk not in co_teachers])
    return classroom


# --- 4. student enrollments --------------------------------------------------------


def _enrolments(classes: dict[str, Classroom], report: RosterReport) -> None:
    users = _users_by_sourced_id()
    students = set(
        User.objects.filter(role=User.Role.STUDENT, is_staff=False).values_list(
            "pk", flat=True
        )
    )
    current = {
        (e.classroom_id, e.student_id): e
        for e in Enrolment.objects.filter(
            classroom__in=[c.pk for c in classes.values()]
        )
    }
    new, changed = {}, []
    records = RosterRecord.objects.filter(kind=RosterRecord.Kind.ENROLLMENT)
    for record in records:
        data = record.data
        classroom = classes.get(data.get("classSourcedId"))
        student_id = users.get(data.get("userSourcedId"))
        if (
            data.get("role", "").lower() != "student"
            or classroom is None
            or student_id not in students
        ):
            continue
        key = (classroom.pk, student_id)
        enrolment = current.get(key)
        if enrolment is None and record.active and key not in new:
            new[key] = Enrolment(
                classroom_id=classroom.pk,
                student_id=student_id,
                roster_source_id=record.sourced_id,
            )
        elif enrolment is not None and _enrolment_change(enrolment, record):
            changed.append(enrolment)
            report.add(
                "enrollments",
                "updated" if record.active else "deactivated",
                [record.sourced_id],
            )
    Enrolment.objects.bulk_create(new.values(), batch_size=1000)
    Enrolment.objects.bulk_update(
        changed, ["removed_at", "roster_source_id"], batch_size=1000
    )
    report.add("enrollments", "created", [e.roster_source_id for e in new.values()])


def _enrolment_change(enrolment: Enrolment, record: RosterRecord) -> bool:
    """Bring an enrolment in line with its record; whether it changed. Removing
    stamps the time and deletes nothing, so the student's answers stay."""
    if record.active and (
        enrolment.removed_at is not None
        or enrolment.roster_source_id != record.sourced_id
    ):
        enrolment.removed_at = None
        enrolment.roster_source_id = record.sourced_id
        return True
    if (
        not record.active
        and enrolment.removed_at is None
        and enrolment.roster_source_id in {None, record.sourced_id}
    ):
        enrolment.removed_at = timezone.now()
        enrolment.roster_source_id = record.sourced_id
        return True
    return False
