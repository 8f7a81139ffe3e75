"""The suggested due date and the named time zone (school time: New York)."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from assignments.schedule import available_now, suggested_due_at, time_zone_named

NEW_YORK = ZoneInfo("America/New_York")


def at(*args):
    return datetime(*args, tzinfo=NEW_YORK)


def test_due_a_week_from_a_weekday_at_the_end_of_the_school_day(settings):
    settings.TIME_ZONE = "America/New_York"
    with timezone.override(NEW_YORK):
        # Tuesday 1 December 2026, 23:50: the next Tuesday, 15:30 school time.
        due = suggested_due_at(at(2026, 12, 1, 23, 50))
    assert due == at(2026, 12, 8, 15, 30)


def test_a_suggestion_on_a_weekend_moves_to_monday():
    with timezone.override(NEW_YORK):
        assert suggested_due_at(at(2026, 12, 5, 10, 0)) == at(2026, 12, 14, 15, 30)
        assert suggested_due_at(at(2026, 12, 6, 10, 0)) == at(2026, 12, 14, 15, 30)


def test_the_zone_is_named_with_its_abbreviation_of_the_season():
    with timezone.override(NEW_YORK):
        assert time_zone_named(at(2026, 12, 1, 9, 0)) == "America/New_York (EST)"
        assert time_zone_named(at(2026, 7, 1, 9, 0)) == "America/New_York (EDT)"
        assert available_now(at(2026, 7, 1, 9, 0, 42, 7)) == at(2026, 7, 1, 9, 0)
