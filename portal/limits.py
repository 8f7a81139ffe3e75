"""The bounds every input is held to before it reaches the database.

A value outside these bounds is refused with a message next to its field (forms,
model validators) or read as "no such thing" (ids), never passed on for the database
or the driver to fail on with a server error:

- dates: a teacher types a date in the school's zone and the database keeps it in
  UTC; a year past 9999 there cannot be read back by the driver. Dates people choose
  stay within ``EARLIEST`` … ``LATEST``, where every year has four digits in every
  zone.
- whole numbers: PostgreSQL's ``integer`` holds up to 2**31 - 1 (revisions, points,
  orders); ids are ``bigint``.
- ids: typed by a person or posted by a page, read by ``id_from`` alone (ASCII
  digits, in range); anything else is no id at all.
"""

from datetime import UTC, datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

# A date a person picks (due dates, availability): readable everywhere, and far
# enough either way for any school year.
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)

INT_MAX = 2**31 - 1
BIGINT_MAX = 2**63 - 1


def datetime_validators() -> list:
    """Validators for a date and time a person chooses (model fields and forms)."""
    return [
        MinValueValidator(
            EARLIEST,
            message=_("Choose a date in the year 2000 or later."),
        ),
        MaxValueValidator(
            LATEST,
            message=_("Choose a date before the year 2100."),
        ),
    ]


def id_from(value) -> int | None:
    """The id a posted or typed value names, or None when it names none: only ASCII
    digits count (``"²".isdigit()`` is true, but ``int("²")`` fails), and only
    values a database id can hold."""
    text = str(value).strip() if value is not None else ""
    if not text or len(text) > 19 or not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 0 < number <= BIGINT_MAX else None


def int_from(value, *, minimum: int = 0, maximum: int = INT_MAX) -> int | None:
    """A whole number a page sent (a revision, a paragraph number), or None when it
    is not one or lies outside ``minimum`` … ``maximum``."""
    text = str(value).strip() if value is not None else ""
    if not text or len(text) > 19:
        return None
    sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
    if not (digits.isascii() and digits.isdigit()):
        return None
    number = int(sign + digits)
    return number if minimum <= number <= maximum else None
