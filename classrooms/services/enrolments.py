"""A student's place in a class: joining (once, even twice at the same moment),
being taken off the roster and put back, and the accommodations the class's teacher
sets for them (docs/accommodations.md)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from classrooms.events import roster_changed_notify
from classrooms.models import Classroom, Enrolment


def _enrolment_ensure(*, classroom: Classroom, student) -> tuple[Enrolment, bool]:
    if not student.is_student:
        raise ValidationError(_("Only students can join a class."), code="not_student")
    try:
        with transaction.atomic():
            enrolment, created = Enrolment.objects.get_or_create(
                classroom=classroom, student=student
            )
    except IntegrityError:
        # Another request enrolled the same student a moment ago.
        enrolment, created = (
            Enrolment.objects.get(classroom=classroom, student=student),
            False,
        )
    if enrolment.removed_at is not None:
        Enrolment.objects.filter(pk=enrolment.pk).update(removed_at=None)
        enrolment.removed_at = None
        created = True
    return enrolment, created


def enrolment_ensure(*, classroom: Classroom, student) -> Enrolment:
    """Put a student in a class; joining twice (or at the same moment) leaves one
    enrolment, which the database's unique constraint guarantees. A student who was
    removed comes back with their earlier work."""
    return _enrolment_ensure(classroom=classroom, student=student)[0]


@transaction.atomic
def enrolment_remove(*, enrolment: Enrolment, by=None) -> Enrolment:
    """Take a student off a class's roster. Nothing is deleted: the enrolment is
    stamped as removed, so their account and work stay and they can be restored.
    ``by``: the teacher who did it (the class's other teachers hear of it)."""
    enrolment.removed_at = timezone.now()
    enrolment.save(update_fields=["removed_at"])
    roster_changed_notify(enrolment.classroom, by=by, removed=1)
    return enrolment


@transaction.atomic
def enrolment_accommodations_set(
    *,
    enrolment: Enrolment,
    extra_days: int,
    extra_percent: int = 0,
    first_version: str = "",
    read_aloud: bool = False,
) -> Enrolment:
    """Set a student's accommodations in one class: days added to every due date
    of the class for them (0 to MAX_EXTRA_DAYS), a share of each assignment's time
    added (0 to MAX_EXTRA_PERCENT), the version their reading opens on ("" the
    original, "adapted", or a translation's language) and whether read-aloud shows
    from the start. Only for a student on the roster."""
    if not enrolment.is_active:
        raise ValidationError(
            _("This student is no longer on the roster."), code="removed"
        )
    enrolment.extra_days = extra_days
    enrolment.extra_percent = extra_percent
    enrolment.first_version = first_version
    enrolment.read_aloud = read_aloud
    enrolment.full_clean(validate_unique=False, validate_constraints=False)
    enrolment.save(
        update_fields=["extra_days", "extra_percent", "first_version", "read_aloud"]
    )
    return enrolment


@transaction.atomic
def enrolment_restore(*, enrolment: Enrolment, by=None) -> Enrolment:
    """Put a removed student back on the roster (``by``: as for removing)."""
    enrolment.removed_at = None
    enrolment.save(update_fields=["removed_at"])
    roster_changed_notify(enrolment.classroom, by=by, added=1)
    return enrolment
