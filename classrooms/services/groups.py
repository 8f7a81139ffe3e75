"""Small groups in a class: making, renaming and deleting them, putting students in
them (several at once), and splitting the whole class into N groups at random.
A student is in one group of a class at most (the group is kept on the enrolment)."""

import random
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from classrooms.models import Classroom, Enrolment, Group

# Enough for a class split into pairs; a form refusing more keeps the page usable.
MAX_GROUPS = 100


def _group_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Give the group a name.")}, code="empty")
    return name


def _save_named(group: Group, fields: list[str] | None = None) -> Group:
    try:
        with transaction.atomic():
            group.full_clean(validate_unique=False, validate_constraints=False)
            group.save(update_fields=fields)
    except IntegrityError as error:
        raise ValidationError(
            {"name": _("This class already has a group with that name.")},
            code="duplicate",
        ) from error
    return group


@transaction.atomic
def group_create(*, classroom: Classroom, name: str) -> Group:
    """A new group in the class; its name is unique within the class."""
    if classroom.groups.count() >= MAX_GROUPS:
        raise ValidationError(
            {"name": _("A class can have at most %(n)s groups.") % {"n": MAX_GROUPS}},
            code="too_many",
        )
    return _save_named(Group(classroom=classroom, name=_group_name(name)))


@transaction.atomic
def group_rename(*, group: Group, name: str) -> Group:
    """Another name for the group (still unique within its class)."""
    group.name = _group_name(name)
    return _save_named(group, ["name"])


@transaction.atomic
def group_delete(*, group: Group) -> int:
    """Delete the group; its students stay in the class, in no group. Returns how
    many students it had."""
    count = Enrolment.objects.filter(group=group).update(group=None)
    group.delete()
    return count


@transaction.atomic
def group_members_set(
    *, classroom: Classroom, enrolment_ids: Iterable[int], group: Group | None
) -> int:
    """Put the chosen students of the class in ``group`` (None: in no group). Ids
    of another class's enrolments are ignored; a group of another class is
    refused. Returns how many students moved."""
    if group is not None and group.classroom_id != classroom.pk:
        raise ValidationError(_("Choose one of this class's groups."), code="group")
    ids = {int(pk) for pk in enrolment_ids}
    if not ids:
        raise ValidationError(_("Tick at least one student."), code="none")
    return Enrolment.objects.filter(
        classroom=classroom, removed_at__isnull=True, pk__in=ids
    ).update(group=group)


@transaction.atomic
def groups_split(
    *, classroom: Classroom, count: int, rng: random.Random | None = None
) -> list[Group]:
    """Replace the class's groups with ``count`` new ones ("Group 1" …), sharing
    its current students among them at random, their sizes differing by one at
    most. Answers and replies are kept; only who is in which group changes."""
    students = list(
        Enrolment.objects.filter(classroom=classroom, removed_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not 1 <= count <= min(MAX_GROUPS, max(len(students), 1)):
        raise ValidationError(
            {
                "count": _(
                    "Choose between 1 and %(n)s groups (one student at least in each)."
                )
                % {"n": min(MAX_GROUPS, max(len(students), 1))}
            },
            code="count",
        )
    Enrolment.objects.filter(classroom=classroom).update(group=None)
    classroom.groups.all().delete()
    groups = Group.objects.bulk_create(
        [
            Group(classroom=classroom, name=_("Group %(n)s") % {"n": n + 1})
            for n in range(count)
        ]
    )
    (rng or random.SystemRandom()).shuffle(students)
    for index, group in enumerate(groups):
        Enrolment.objects.filter(pk__in=students[index::count]).update(group=group)
    return groups
