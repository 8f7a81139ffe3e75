"""OneRoster 1.2 CSV exports made up for the tests (no real person's data)."""

import csv
import io
import zipfile
from dataclasses import dataclass, field

ZERO_DATE = "2026-08-01T00:00:00.000Z"


@dataclass
class Export:
    """The rows of each file; ``zip_bytes`` writes them as a OneRoster zip."""

    modes: dict = field(default_factory=dict)
    files: dict = field(default_factory=dict)

    def zip_bytes(self) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("manifest.csv", _csv(self._manifest()))
            for name, rows in self.files.items():
                archive.writestr(f"{name}.csv", _csv(rows))
        return buffer.getvalue()

    def write_folder(self, folder) -> None:
        (folder / "manifest.csv").write_text(_csv(self._manifest()), encoding="utf-8")
        for name, rows in self.files.items():
            (folder / f"{name}.csv").write_text(_csv(rows), encoding="utf-8")

    def _manifest(self) -> list[dict]:
        rows = [
            {"propertyName": "manifest.version", "value": "1.0"},
            {"propertyName": "oneroster.version", "value": "1.2"},
        ]
        for name in ["academicSessions", "classes", "courses", "demographics",
                     "enrollments", "orgs", "users"]:  # fmt: skip
            rows.append(
                {
                    "propertyName": f"file.{name}",
                    "value": self.modes.get(name, "absent"),
                }
            )
        rows.append({"propertyName": "source.systemName", "value": "Test SIS"})
        return rows


def _csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _base(sourced_id: str, status: str = "") -> dict:
    return {"sourcedId": sourced_id, "status": status, "dateLastModified": ZERO_DATE}


def district(*, schools: int = 3, classes: int = 40, users: int = 1000) -> Export:
    """A bulk export: ``schools`` schools, ``classes`` classes each with one teacher,
    and the remaining ``users`` as students spread over the classes."""
    export = Export(modes=dict.fromkeys(["orgs", "academicSessions", "courses", "classes", "users", "enrollments"], "bulk"))  # fmt: skip
    orgs = [{**_base("org-district"), "name": "Riverside District", "type": "district",
             "identifier": "RD", "parentSourcedId": ""}]  # fmt: skip
    orgs += [{**_base(f"org-{s}"), "name": f"School {s}", "type": "school",
              "identifier": f"S{s}", "parentSourcedId": "org-district"}
             for s in range(schools)]  # fmt: skip
    sessions = [{**_base("term-1"), "title": "2026–27", "type": "schoolYear",
                 "startDate": "2026-08-20", "endDate": "2027-06-15",
                 "parentSourcedId": "", "schoolYear": "2027"}]  # fmt: skip
    courses, class_rows, people, enrollments = [], [], [], []
    students = users - classes
    for c in range(classes):
        school = f"org-{c % schools}"
        courses.append({**_base(f"course-{c}"), "schoolYearSourcedId": "term-1",
                        "title": f"World History {c}", "courseCode": f"WH{c}",
                        "grades": "10", "orgSourcedId": school})  # fmt: skip
        class_rows.append({**_base(f"class-{c}"), "title": f"World History {c}",
                           "grades": "10", "courseSourcedId": f"course-{c}",
                           "classCode": f"P{c % 8 + 1}", "classType": "scheduled",
                           "location": "", "schoolSourcedId": school,
                           "termSourcedIds": "term-1", "subjects": "History",
                           "subjectCodes": "", "periods": str(c % 8 + 1)})  # fmt: skip
        people.append(
            _person(f"t-{c}", "Teacher", f"Number{c}", f"teacher{c}", f"T{c}")
        )
        enrollments.append(
            _enrollment(f"e-t-{c}", f"class-{c}", school, f"t-{c}", "teacher", "true")
        )
    for s in range(students):
        c = s % classes
        people.append(
            _person(f"s-{s}", f"Student{s}", f"Family{s % 97}", f"stu{s}", f"S{s:05d}")
        )
        enrollments.append(
            _enrollment(
                f"e-s-{s}",
                f"class-{c}",
                f"org-{c % schools}",
                f"s-{s}",
                "student",
                "false",
            )
        )
    export.files = {"orgs": orgs, "academicSessions": sessions, "courses": courses,
                    "classes": class_rows, "users": people, "enrollments": enrollments}  # fmt: skip
    return export


def _person(sourced_id, given, family, username, identifier) -> dict:
    return {**_base(sourced_id), "enabledUser": "true", "username": username,
            "userIds": "", "givenName": given, "familyName": family, "middleName": "",
            "identifier": identifier, "email": f"{username}@riverside.test",
            "sms": "", "phone": "", "agentSourcedIds": "", "grades": "10",
            "password": "", "userMasterIdentifier": "", "resourceSourcedIds": "",
            "preferredGivenName": "", "preferredMiddleName": "",
            "preferredFamilyName": "", "primaryOrgSourcedId": "", "pronouns": ""}  # fmt: skip


def _enrollment(sourced_id, class_id, school, user, role, primary, status="") -> dict:
    return {**_base(sourced_id, status), "classSourcedId": class_id,
            "schoolSourcedId": school, "userSourcedId": user, "role": role,
            "primary": primary, "beginDate": "2026-08-20", "endDate": "2027-06-15"}  # fmt: skip


def enrollments_deleted(enrollment_rows: list[dict]) -> Export:
    """A delta export marking these enrollments ``tobedeleted``."""
    rows = [{**row, "status": "tobedeleted"} for row in enrollment_rows]
    return Export(modes={"enrollments": "delta"}, files={"enrollments": rows})
