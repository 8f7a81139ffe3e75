"""One way to write a moment on the student pages: in the viewer's time zone (the
active one: the school's), always naming the zone, e.g. "Tue 3 Dec, 11:59 p.m. EST".
Templates use the ``when`` and ``when_time`` filters of ``portal_tags``."""

from datetime import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import pgettext

# Django date-format letters: D weekday, j day, M month, g:i hour:minute, a a.m./p.m.,
# T the zone's abbreviation (EST, EDT).
_MOMENT = "D j M, g:i a T"
_TIME = "g:i a T"


def _local(value: datetime) -> datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def moment_text(value: datetime | None) -> str:
    """Day, date, time and zone as plain text; "" for no moment."""
    if value is None:
        return ""
    return date_format(_local(value), pgettext("date and time with zone", _MOMENT))


def time_text(value: datetime | None) -> str:
    """Time of day and zone as plain text (a moment of today, such as a save)."""
    if value is None:
        return ""
    return date_format(_local(value), pgettext("time with zone", _TIME))


def moment_html(value: datetime | None, *, time_only: bool = False) -> SafeString:
    """The moment in a <time> element whose ``datetime`` machines can read (in the
    same zone as the text, as ``|date:'c'`` writes it)."""
    if value is None:
        return SafeString("")
    text = time_text(value) if time_only else moment_text(value)
    return format_html('<time datetime="{}">{}</time>', _local(value).isoformat(), text)
