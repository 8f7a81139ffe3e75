"""When work is due: the date the assign form suggests, and how the school's time
zone is named beside every date field. One place, so the form, its help and the
tests agree."""

from datetime import datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

# The end of a school day, in the school's time zone: the suggested due time.
SCHOOL_DAY_ENDS = time(15, 30)
# The suggestion is this many days ahead (a week: the same weekday next week).
SUGGESTED_DAYS = 7
SATURDAY = 5


def suggested_due_at(now: datetime | None = None) -> datetime:
    """A week from today at the end of the school day (school time); a weekend day
    moves on to Monday."""
    local = timezone.localtime(now or timezone.now())
    day = local.date() + timedelta(days=SUGGESTED_DAYS)
    if day.weekday() >= SATURDAY:
        day += timedelta(days=7 - day.weekday())
    return timezone.make_aware(
        datetime.combine(day, SCHOOL_DAY_ENDS), timezone.get_current_timezone()
    )


def available_now(now: datetime | None = None) -> datetime:
    """Now, to the minute (what a datetime field can show)."""
    return timezone.localtime(now or timezone.now()).replace(second=0, microsecond=0)


def time_zone_named(now: datetime | None = None) -> str:
    """The school's time zone as a person reads it: "America/New_York (EST)"."""
    local = timezone.localtime(now or timezone.now())
    return _("%(zone)s (%(abbreviation)s)") % {
        "zone": timezone.get_current_timezone_name(),
        "abbreviation": local.tzname(),
    }


def personal_due_at(
    due_at: datetime,
    *,
    available_from: datetime | None = None,
    extra_days: int | None = 0,
    extra_percent: int | None = 0,
    own_due_at: datetime | None = None,
) -> datetime:
    """A student's own due date on an assignment due at ``due_at``: the date their
    teacher set for them on this assignment when there is one; otherwise the
    class's date moved by their standing extended time (``extra_days``, then
    ``extra_percent`` of the time the assignment gives, from ``available_from``
    to ``due_at``, rounded down to the minute)."""
    if own_due_at is not None:
        return own_due_at
    personal = due_at
    if extra_percent and available_from is not None and due_at > available_from:
        extra = (due_at - available_from) * extra_percent / 100
        personal += timedelta(minutes=int(extra.total_seconds() // 60))
    if extra_days:
        personal += timedelta(days=extra_days)
    return personal


def personal_due_apply(
    assignment,
    *,
    extra_days: int | None = 0,
    extra_percent: int | None = 0,
    own_due_at: datetime | None = None,
):
    """The assignment as one student sees it. With extended time (an accommodation
    the class teacher set on the roster: days, a share of the time given, or a date
    of their own on this assignment) its due date is the student's own
    (``personal_due_at``), so every check made on this instance (past due, due
    soon, late, refused, reminders, the calendar) and every date shown from it is
    theirs. The class's date stays in ``class_due_at``. The instance is that
    student's read of the row: nothing that holds one saves it."""
    assignment.student_extra_days = extra_days or 0
    assignment.student_extra_percent = extra_percent or 0
    assignment.student_own_due_at = own_due_at
    assignment.class_due_at = assignment.due_at
    assignment.due_at = personal_due_at(
        assignment.due_at,
        available_from=assignment.available_from,
        extra_days=extra_days,
        extra_percent=extra_percent,
        own_due_at=own_due_at,
    )
    assignment.has_own_due_date = assignment.due_at != assignment.class_due_at
    return assignment


def personal_due_apply_annotated(assignment):
    """``personal_due_apply`` with what ``assignments.permissions.with_accommodations``
    read for the student in the same query."""
    return personal_due_apply(
        assignment,
        extra_days=getattr(assignment, "student_extra_days", 0),
        extra_percent=getattr(assignment, "student_extra_percent", 0),
        own_due_at=getattr(assignment, "student_own_due_at", None),
    )
