"""The school's settings as every part of the portal reads them: what an admin set
in the admin (portal.models.SchoolSettings), else the environment's value. One
function each, so a later rule (a person's own time zone) wraps these, never the
settings module. The school's time zone is read through
portal.times.school_zone_name (a person's own zone falls back to it).

The stored row is cached (shared cache: Redis when several machines serve) for a
minute and dropped when it is saved, so a request costs no query in the common
case; a machine with a process-local cache sees a change within CACHE_SECONDS."""

import contextlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction

from portal.cache import shared_get, shared_set
from portal.models import SchoolSettings
from portal.requestlog import current_request

CACHE_KEY = "portal:school-settings:v1"
CACHE_SECONDS = 60
# Where a request keeps what it read (see _stored).
REQUEST_ATTRIBUTE = "_portal_school_settings"
STORED_FIELDS = ("name", "time_zone", "base_url", "teacher_signup")


@dataclass(frozen=True)
class School:
    name: str
    time_zone: str
    base_url: str
    teacher_signup: bool


def _stored() -> dict:
    """What the admin set ({} when nothing is stored yet). Read once a request
    (the time zone middleware and the page's context both ask): kept on the
    request being answered, so a page never mixes two versions of the settings."""
    request = current_request.get()
    held = getattr(request, REQUEST_ATTRIBUTE, None)
    if held is not None:
        return held
    values = shared_get(CACHE_KEY)  # a cache that is down: read the database
    if values is None:
        try:
            values = (
                SchoolSettings.objects.filter(pk=SchoolSettings.SINGLETON_PK)
                .values(*STORED_FIELDS)
                .first()
            ) or {}
        except DatabaseError:
            # Before the first migrate (a fresh checkout running a command).
            return {}
        shared_set(CACHE_KEY, values, CACHE_SECONDS)
    if request is not None:
        setattr(request, REQUEST_ATTRIBUTE, values)
    return values


def school_settings_stored() -> bool:
    """Whether an admin has saved the school settings yet (from the cache)."""
    return bool(_stored())


def school_cache_forget() -> None:
    request = current_request.get()
    if request is not None:
        request.__dict__.pop(REQUEST_ATTRIBUTE, None)
    with contextlib.suppress(Exception):  # a cache that is down holds nothing
        cache.delete(CACHE_KEY)


def school_cache_assume_none_stored() -> None:
    """For the test suite, whose database starts empty each test: the cache says
    so, so that pinned query counts are not one higher on a test's first page."""
    cache.set(CACHE_KEY, {}, CACHE_SECONDS)


def school() -> School:
    stored = _stored()
    signup = stored.get("teacher_signup")
    return School(
        name=stored.get("name") or settings.PORTAL_NAME,
        time_zone=stored.get("time_zone") or settings.TIME_ZONE,
        base_url=stored.get("base_url") or settings.PORTAL_BASE_URL,
        teacher_signup=settings.PORTAL_TEACHER_SIGNUP if signup is None else signup,
    )


def school_name() -> str:
    return school().name


def school_base_url() -> str:
    return school().base_url


def teacher_signup_open() -> bool:
    return school().teacher_signup


@transaction.atomic
def school_settings_save(*, values: dict, by=None) -> SchoolSettings:
    """Store the school's settings (the one row), validated; the cache is
    dropped once the change is committed, so every page shows it."""
    row = SchoolSettings.objects.select_for_update().filter(
        pk=SchoolSettings.SINGLETON_PK
    ).first() or SchoolSettings(pk=SchoolSettings.SINGLETON_PK)
    for name in STORED_FIELDS:
        if name in values:
            setattr(row, name, values[name])
    row.full_clean()
    row._history_user = by
    row.save()
    # Now for this request and at commit for everyone (a page read meanwhile
    # may have cached the old row again).
    school_cache_forget()
    transaction.on_commit(school_cache_forget)
    return row
