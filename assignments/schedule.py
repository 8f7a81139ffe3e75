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


def personal_due_apply(assignment, *, extra_days: int | None):
    """The assignment as one student sees it. With extended time (an accommodation
    the class teacher set on the roster) its due date moves that many days later,
    so every check made on this instance (past due, due soon, late, refused) and
    every date shown from it is the student's own. The instance is that student's
    read of the row: nothing that holds one saves it."""
    assignment.student_extra_days = extra_days or 0
    if extra_days:
        assignment.due_at = assignment.due_at + timedelta(days=extra_days)
    return assignment
