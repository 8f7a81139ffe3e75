"""The school's own settings, kept in the database so an admin can change them in
the admin; each one left empty falls back to its environment variable (README,
"Settings"). Read through portal.school, never directly."""

import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


def validate_time_zone(value: str) -> None:
    if value and value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("“%(zone)s” is not a time zone name such as America/Chicago."),
            code="time_zone",
            params={"zone": value},
        )


class SchoolSettings(models.Model):
    """One row (pk 1) at most: the school's name, time zone, public address and
    whether teachers may ask for an account. Every change is kept (history)."""

    SINGLETON_PK = 1

    name = models.CharField(
        _("school or portal name"),
        max_length=120,
        blank=True,
        help_text=_(
            "In the header, on login cards and in e-mails. Empty: PORTAL_NAME."
        ),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        validators=[validate_time_zone],
        help_text=_(
            "Due dates and every time are shown in this zone, e.g. America/Chicago. "
            "Empty: PORTAL_TIME_ZONE."
        ),
    )
    base_url = models.URLField(
        _("public address"),
        blank=True,
        help_text=_(
            "Where students sign in, printed on login cards and in e-mails, e.g. "
            "https://portal.school.edu. Empty: PORTAL_BASE_URL."
        ),
    )
    teacher_signup = models.BooleanField(
        _("teachers may ask for an account"),
        null=True,
        blank=True,
        help_text=_(
            "Each account waits, switched off, until an admin approves it. "
            "Unknown: as PORTAL_TEACHER_SIGNUP says."
        ),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("school settings")
        verbose_name_plural = _("school settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pk=1), name="school_settings_single_row"
            )
        ]

    def __str__(self):
        return str(_("School settings"))
