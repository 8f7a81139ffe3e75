"""One way to write a moment: in the viewer's time zone (the active one, which
accounts' middleware sets to the person's own zone or else the school's), always
naming the zone, e.g. "Tue 3 Dec, 11:59 p.m. EST". Templates use the ``when`` and
``when_time`` filters of ``portal_tags``.

Also the one place that says which zone is the school's (``school_zone``) and which
is a person's (``zone_of``): pages, the calendar feed, reminders and e-mails written
by workers (where no request activated anything) all ask here."""

import zoneinfo
from datetime import datetime
from functools import cache
from html import escape

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import get_language, pgettext

from portal.cache import Remembered
from portal.school import school

# Django date-format letters: D weekday, j day, M month, g:i hour:minute, a a.m./p.m.,
# T the zone's abbreviation (EST, EDT).
_MOMENT = "D j M, g:i a T"
_TIME = "g:i a T"


def school_zone_name() -> str:
    """The school's time zone (an IANA name such as "America/New_York"). Every
    reader of the school's zone comes through here: the admin's school settings,
    else PORTAL_TIME_ZONE (portal.school)."""
    name = school().time_zone
    return name if name in _every_zone() else settings.TIME_ZONE


@cache
def _every_zone() -> frozenset[str]:
    # available_timezones() reads the zone database from disk: once per process.
    return frozenset(zoneinfo.available_timezones())


@cache
def _zone(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name)


def zone_valid(name: str) -> bool:
    return name in available_zones()


@cache
def available_zones() -> frozenset[str]:
    """The zone names a person may choose (the IANA database's Area/Place ones)."""
    return frozenset(
        name
        for name in zoneinfo.available_timezones()
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "posix/", "right/"))
    )


def school_zone() -> zoneinfo.ZoneInfo:
    return _zone(school_zone_name())


def zone_name_of(user) -> str:
    """A person's own zone (``User.time_zone``), or the school's when they chose
    none (or what they chose is no longer a zone)."""
    chosen = getattr(user, "time_zone", "") or ""
    return chosen if chosen and zone_valid(chosen) else school_zone_name()


def zone_of(user) -> zoneinfo.ZoneInfo:
    return _zone(zone_name_of(user))


def _local(value: datetime) -> datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


# Moments already written, by what decides the words: the wall-clock time, the
# zone's name and offset, the language and the format. Formatting one costs a few
# hundred Python calls, and a page shows the same due dates on every load.
_written = Remembered(most=4096)


def _write(local: datetime, context: str, default: str) -> str:
    """The words of a moment already in the viewer's zone (``_local``)."""
    key = (
        local.replace(tzinfo=None),
        local.tzname(),
        local.utcoffset(),
        get_language(),
        context,
    )
    text = _written.get(key)
    if text is None:
        text = date_format(local, pgettext(context, default))
        _written.put(key, text)
    return text


def moment_text(value: datetime | None) -> str:
    """Day, date, time and zone as plain text; "" for no moment."""
    if value is None:
        return ""
    return _write(_local(value), "date and time with zone", _MOMENT)


def time_text(value: datetime | None) -> str:
    """Time of day and zone as plain text (a moment of today, such as a save)."""
    if value is None:
        return ""
    return _write(_local(value), "time with zone", _TIME)


def moment_html(value: datetime | None, *, time_only: bool = False) -> SafeString:
    """The moment in a <time> element whose ``datetime`` machines can read (in the
    same zone as the text, as ``|date:'c'`` writes it). Escaped as format_html
    would, without its layers: a student's page writes a dozen moments."""
    if value is None:
        return SafeString("")
    local = _local(value)
    text = (
        _write(local, "time with zone", _TIME)
        if time_only
        else _write(local, "date and time with zone", _MOMENT)
    )
    return SafeString(
        f'<time datetime="{escape(local.isoformat())}">{escape(text)}</time>'
    )
