"""Everything the portal holds about one person: export it as a file, and erase the
person by deleting or anonymising the account, following ``privacy.registry``.

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
from datetime import UTC, datetime

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.audit import Kind, audit_record
from accounts.models import User
from assignments.models import (
    Citation,
    Feedback,
    GridCell,
    Reply,
    Response,
    SubmissionVersion,
)
from privacy.permissions import can_anonymise_student
from privacy.registry import RELATIONS, USER_FIELDS_EXPORTED, USERNAME_TABLES, Erase

EXPORT_FORMAT_VERSION = 1


class StudentDataError(Exception):
    """The erasure cannot go ahead; the message says why."""


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
    answers = Response.objects.filter(student=user).filter(
        pk__in=Reply.objects.exclude(author=user).values("response_id")
    )
    ids = list(answers.values_list("pk", flat=True))
    if not ids:
        return 0
    placeholder = User(
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
    GridCell.objects.filter(response_id__in=ids).delete()
    Feedback.objects.filter(response_id__in=ids).delete()
    Response.objects.filter(pk__in=ids).update(
        student=placeholder,
        text="",
        words=0,
        essay={},
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
    audit_record(Kind.ERASURE, target=f"deleted user {user.pk}")
    detached = _answers_with_replies_detach(user)
    done = _apply(user, "on_delete")
    done["assignments.Response.detached"] = detached
    User.objects.filter(pk=user.pk).delete()
    return done


@transaction.atomic
def student_anonymise(*, user):
    """Keep the person's work (so every class figure stays as it was) but remove who
    they were: name, username, e-mail, school ID, password and sign-in records. The
    account is switched off for good."""
    audit_record(Kind.ERASURE, target=f"anonymised user {user.pk}")
    _apply(user, "on_anonymise")
    user.username = f"former-user-{user.pk}"
    user.first_name = _("Former")
    user.last_name = _("student") if user.is_student else _("user")
    user.email = ""
    user.student_number = ""
    # A later roster import makes a new account instead of naming this one again.
    user.roster_source_id = None
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.must_change_password = False
    user.last_login = None
    user.set_unusable_password()
    user.save()
    return user


@transaction.atomic
def student_anonymise_by_teacher(*, teacher: User, student: User) -> User:
    """A class teacher anonymises a student (see
    ``privacy.permissions.can_anonymise_student`` for when they may): the student's
    work stays, unnamed, so every class figure stays as it was. Raises
    ValidationError (code ``shared_student``) when the student is also in a class
    another teacher runs; an admin must do it then."""
    # Lock the account row: two confirmations (two teachers) run one at a time.
    student = User.objects.select_for_update().get(pk=student.pk)
    if not can_anonymise_student(teacher, student):
        raise ValidationError(
            _(
                "%(name)s is also in a class another teacher runs, so only an admin "
                "can anonymise or delete their account. Ask your portal's admin."
            )
            % {"name": student},
            code="shared_student",
        )
    return student_anonymise(user=student)
