"""Everything the portal holds about one person: export it as a file, and erase the
person by deleting or anonymising the account.

The registry ``RELATIONS`` names every path from a table to the user, and says for
each whether its rows go in the export and what happens to them when the person is
deleted or anonymised. tests/test_studentdata.py walks every model and fails when a
relation to the user (or a table hanging off a student's own records) is missing
here, so a new app cannot quietly keep data the export or the erasure misses.

Class statistics: **anonymising** keeps every row (enrolments, answers, submissions,
replies) attached to an account that no longer says who it was, so class sizes,
submission counts and scores stay exactly as they were. **Deleting** removes the
student's rows, so the class's figures are those of the students who remain.

Classmates' replies to a deleted student's answers are the classmates' words, so they
are kept. A reply must hang off an answer (``Reply.response`` is required) and an
answer off an account (``Response.student`` is required), so those answers are
emptied (text, evidence, submitted versions, feedback) and handed to a new, switched-
off placeholder account that says nothing about who wrote them. Having no submitted
version, they count as neither posted nor draft, and the placeholder is in no class.
"""

import io
import json
import uuid
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils.translation import gettext as _

EXPORT_FORMAT_VERSION = 1


class Erase(StrEnum):
    DELETE = "delete"  # the rows go
    CLEAR = "clear"  # the rows stay; the link to the person is emptied
    KEEP = "keep"  # the rows stay, linked to the (anonymised) account
    REFUSE = "refuse"  # a person with such rows cannot be deleted (hand over first)


@dataclass(frozen=True)
class Relation:
    model: str  # "app_label.ModelName"
    path: str  # lookup from the model to the user, e.g. "response__student"
    export: bool
    on_delete: Erase
    on_anonymise: Erase
    why: str

    @property
    def field(self) -> str:
        return self.path.split("__", 1)[0]

    def get_model(self):
        return apps.get_model(self.model)

    def rows(self, user):
        return self.get_model()._base_manager.filter(**{self.path: user})


D, C, K, R = Erase.DELETE, Erase.CLEAR, Erase.KEEP, Erase.REFUSE
_HISTORY = "edit history of library and lesson content (staff and teachers only)"

RELATIONS: list[Relation] = [
    # accounts and Django
    Relation("accounts.User_groups", "user", True, D, D, "permission groups"),
    Relation("accounts.User_user_permissions", "user", True, D, D, "permissions"),
    Relation("admin.LogEntry", "user", False, D, K, "admin actions by staff"),
    # classes
    Relation(
        "classrooms.Enrolment", "student", True, D, K, "the classes a student is in"
    ),
    Relation("classrooms.Classroom", "owner", True, R, K, "a teacher's classes"),
    Relation(
        "classrooms.Classroom_co_teachers", "user", True, D, K, "co-teaching a class"
    ),
    # the library and units (teachers' own content)
    Relation("sources.Source", "owner", True, C, K, "a teacher's own sources"),
    Relation("sources.Excerpt", "owner", True, C, K, "a teacher's own passages"),
    Relation("lessons.Unit", "owner", True, C, K, "a teacher's own units"),
    Relation("lessons.Unit_co_authors", "user", True, D, K, "co-authoring a unit"),
    Relation("sources.HistoricalTheme", "history_user", False, C, K, _HISTORY),
    Relation("sources.HistoricalSource", "history_user", False, C, K, _HISTORY),
    Relation("sources.HistoricalSource", "owner", False, C, K, _HISTORY),
    Relation("sources.HistoricalExcerpt", "history_user", False, C, K, _HISTORY),
    Relation("sources.HistoricalExcerpt", "owner", False, C, K, _HISTORY),
    Relation("sources.HistoricalGlossaryTerm", "history_user", False, C, K, _HISTORY),
    Relation("lessons.HistoricalUnit", "history_user", False, C, K, _HISTORY),
    Relation("lessons.HistoricalUnit", "owner", False, C, K, _HISTORY),
    Relation("lessons.HistoricalLesson", "history_user", False, C, K, _HISTORY),
    Relation("lessons.HistoricalLessonExcerpt", "history_user", False, C, K, _HISTORY),
    Relation("lessons.HistoricalPrompt", "history_user", False, C, K, _HISTORY),
    # assignments: a student's answers and everything hanging off them
    Relation("assignments.Assignment", "created_by", True, C, K, "assignments set"),
    Relation("assignments.Response", "student", True, D, K, "a student's answers"),
    Relation("assignments.Citation", "response__student", True, D, K, "evidence cited"),
    Relation(
        "assignments.SubmissionVersion",
        "response__student",
        True,
        D,
        K,
        "submitted versions of answers",
    ),
    Relation("assignments.Reply", "author", True, D, K, "replies a student wrote"),
    Relation(
        "assignments.Reply",
        "response__student",
        False,
        D,
        K,
        "classmates' replies to the student's answers (their words, not exported; "
        "on deletion the emptied answer and its replies move to a placeholder "
        "account, see _answers_with_replies_detach)",
    ),
    Relation("assignments.Reply", "hidden_by", False, C, K, "a teacher hid a reply"),
    Relation(
        "assignments.Feedback", "response__student", True, D, K, "scores and comments"
    ),
    Relation("assignments.Feedback", "graded_by", False, C, K, "a teacher graded"),
    Relation(
        "assignments.CriterionScore",
        "feedback__response__student",
        True,
        D,
        K,
        "rubric scores on answers",
    ),
    Relation("assignments.SavedComment", "owner", True, D, K, "a teacher's comments"),
    Relation("assignments.Rubric", "owner", True, R, K, "a teacher's rubrics"),
]

# Tables that name a person by username rather than by a link (django-axes keeps
# sign-in attempts and a sign-in log this way).
USERNAME_TABLES = ["axes.AccessAttempt", "axes.AccessLog", "axes.AccessFailureLog"]

USER_FIELDS_EXPORTED = [
    "username",
    "first_name",
    "last_name",
    "email",
    "role",
    "student_number",
    "is_active",
    "is_staff",
    "date_joined",
    "last_login",
    "must_change_password",
]


class StudentDataError(Exception):
    """The erasure cannot go ahead; the message says why."""


def registry_problems() -> list[str]:
    """Registry entries that name a model or a path that does not exist (a model was
    renamed or removed): each is a sentence for the failing test."""
    problems = []
    for relation in RELATIONS:
        try:
            model = relation.get_model()
        except LookupError:
            problems.append(
                f"{relation.model} is in portal.studentdata.RELATIONS but is not an "
                "installed model (renamed? not committed yet?)"
            )
            continue
        try:
            model._base_manager.filter(**{relation.path: None}).query  # noqa: B018
        except Exception as error:  # noqa: BLE001 - any lookup error is a problem
            problems.append(f"{relation.model}.{relation.path}: {error}")
    return problems


# --- export ----------------------------------------------------------------------


def _rows_as_data(queryset) -> list[dict]:
    return serializers.serialize("python", queryset.order_by("pk"))


def student_data_collect(*, user) -> dict:
    """Everything held about ``user``: their account (never the password hash) and
    the rows of every exported relation, as JSON-able data."""
    sections: dict[str, list] = {}
    for relation in RELATIONS:
        if not relation.export:
            continue
        rows = _rows_as_data(relation.rows(user))
        if rows:
            sections.setdefault(relation.model, []).extend(rows)
    for label in USERNAME_TABLES:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        rows = _rows_as_data(
            model._base_manager.filter(username=user.username).defer(
                *[f for f in ("post_data", "get_data") if _has_field(model, f)]
            )
        )
        if rows:
            sections[label] = rows
    return {
        "format_version": EXPORT_FORMAT_VERSION,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "account": {
            "id": user.pk,
            **{name: getattr(user, name) for name in USER_FIELDS_EXPORTED},
        },
        "records": sections,
    }


def _has_field(model, name: str) -> bool:
    return any(f.name == name for f in model._meta.concrete_fields)


def student_data_export(*, user) -> bytes:
    """The export as a zip file holding ``data.json`` and a short README."""
    data = student_data_collect(user=user)
    blob = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)
    readme = _(
        "Everything the portal holds about %(name)s (%(username)s), exported on "
        "%(date)s. data.json lists the account and, under 'records', the rows of "
        "each table that refers to it (classes, answers, evidence, submitted "
        "versions, replies)."
    ) % {
        "name": user.get_full_name() or user.username,
        "username": user.username,
        "date": data["exported_at"],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", blob)
        archive.writestr("README.txt", readme)
    return buffer.getvalue()


def student_data_filename(user) -> str:
    return f"student-data-{user.username}.zip"


# --- erasure ---------------------------------------------------------------------


def _apply(user, action: str) -> dict[str, int]:
    """Run the registry's plan for ``action`` ("on_delete" or "on_anonymise")."""
    done: dict[str, int] = {}
    for relation in RELATIONS:
        plan = getattr(relation, action)
        rows = relation.rows(user)
        if plan == Erase.REFUSE:
            if rows.exists():
                raise StudentDataError(
                    _(
                        "%(user)s still has %(what)s; hand them over to someone else "
                        "before deleting the account."
                    )
                    % {"user": user, "what": relation.why}
                )
        elif plan == Erase.DELETE:
            count, _per_model = rows.delete()
            done[f"{relation.model}.{relation.path}"] = count
        elif plan == Erase.CLEAR:
            done[f"{relation.model}.{relation.path}"] = rows.update(
                **{relation.field: None}
            )
    for label in USERNAME_TABLES:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        model._base_manager.filter(username=user.username).delete()
    # The admin's log names the account in words: say no more than "a former user".
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(user), object_id=str(user.pk)
    ).update(object_repr=_("former user #%(id)s") % {"id": user.pk})
    return done


PLACEHOLDER_PREFIX = "deleted-"


def _answers_with_replies_detach(user) -> int:
    """Keep classmates' replies to ``user``'s answers: empty each such answer of the
    student's words and move it to a placeholder account made for this deletion (one
    per deleted person, as an account answers each prompt once). Returns how many
    answers were moved."""
    from assignments.models import Citation, Feedback, Response, SubmissionVersion

    answers = Response.objects.filter(student=user).filter(
        pk__in=apps.get_model("assignments.Reply")
        .objects.exclude(author=user)
        .values("response_id")
    )
    ids = list(answers.values_list("pk", flat=True))
    if not ids:
        return 0
    placeholder = get_user_model()(
        username=f"{PLACEHOLDER_PREFIX}{uuid.uuid4().hex[:12]}",
        first_name=_("Deleted"),
        last_name=_("student"),
        role=user.role,
        is_active=False,
    )
    placeholder.set_unusable_password()
    placeholder.save()
    # The student's words and marks go; the answer row stays as the replies' anchor.
    Response.objects.filter(pk__in=ids).update(latest_version=None)
    SubmissionVersion.objects.filter(response_id__in=ids).delete()
    Citation.objects.filter(response_id__in=ids).delete()
    Feedback.objects.filter(response_id__in=ids).delete()
    Response.objects.filter(pk__in=ids).update(
        student=placeholder,
        text="",
        revision=0,
        status=Response.Status.DRAFT,
        draft_saved_at=None,
        first_submitted_at=None,
        returned_at=None,
    )
    return len(ids)


@transaction.atomic
def student_delete(*, user) -> dict[str, int]:
    """Delete a person and everything of theirs, following the registry. The class's
    figures then count only the students who remain. Classmates' replies to their
    answers are kept, under emptied answers of a placeholder account."""
    detached = _answers_with_replies_detach(user)
    done = _apply(user, "on_delete")
    done["assignments.Response.detached"] = detached
    get_user_model().objects.filter(pk=user.pk).delete()
    return done


@transaction.atomic
def student_anonymise(*, user):
    """Keep the person's work (so every class figure stays as it was) but remove who
    they were: name, username, e-mail, school ID, password and sign-in records. The
    account is switched off for good."""
    _apply(user, "on_anonymise")
    user.username = f"former-user-{user.pk}"
    user.first_name = _("Former")
    user.last_name = _("student") if user.is_student else _("user")
    user.email = ""
    user.student_number = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.must_change_password = False
    user.last_login = None
    user.set_unusable_password()
    user.save()
    return user
