"""A person's private calendar (iCalendar): the due dates of their assignments, in
their own time zone (or the school's) with the zone included, for a calendar
program to subscribe to. Students get the open assignments of the classes they
are in, each at their own due date (extended time included), teachers those of
the classes they run."""

import icalendar
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assignments.accommodated import with_accommodations
from assignments.models import Assignment
from assignments.schedule import personal_due_apply_annotated
from classrooms.permissions import classrooms_managed_by
from portal.school import school_base_url, school_name
from portal.times import zone_name_of, zone_of

FEED_DAYS_BACK = 60


def assignments_in_calendar(user):
    """The assignments whose due dates a person's calendar lists (their own
    classes only), from two months ago on."""
    since = timezone.now() - timezone.timedelta(days=FEED_DAYS_BACK)
    if user.is_student:
        # with_accommodations keeps the classes they are in now (one row each).
        visible = with_accommodations(
            Assignment.objects.filter(available_from__lte=timezone.now()), user
        )
    else:
        visible = Assignment.objects.filter(classroom__in=classrooms_managed_by(user))
    return (
        visible.filter(due_at__gte=since, classroom__archived_at__isnull=True)
        .select_related("lesson", "classroom")
        .order_by("due_at", "pk")
        .distinct()
    )


def _absolute(path: str) -> str:
    return school_base_url().rstrip("/") + path


def calendar_for(user) -> bytes:
    zone = zone_of(user)
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Sources & Voices//Due dates//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("%(portal)s: due dates") % {"portal": school_name()})
    calendar.add("x-wr-timezone", zone_name_of(user))
    host = school_base_url().split("://", 1)[-1].split("/", 1)[0]
    page = (
        "assignments:assignment_detail"
        if user.is_student
        else "assignments:assignment_manage"
    )
    for assignment in assignments_in_calendar(user):
        if user.is_student:
            # The student's own due date (extended time, or a date of their own on
            # this assignment), as on their to-do list.
            personal_due_apply_annotated(assignment)
        due = assignment.due_at.astimezone(zone)
        event = icalendar.Event()
        event.add("uid", f"assignment-{assignment.pk}@{host}")
        event.add("dtstamp", assignment.updated_at)
        event.add("summary", _("Due: %(title)s") % {"title": assignment.lesson.title})
        event.add("dtstart", due)
        event.add("dtend", due)
        event.add("description", str(assignment.classroom))
        event.add("url", _absolute(reverse(page, args=[assignment.pk])))
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
