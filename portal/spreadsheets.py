"""Files people open in a spreadsheet program (login cards, gradebooks, exports)."""

import csv
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _

# A spreadsheet runs a cell that starts with one of these as a formula (CSV
# injection); the tab and carriage return let a formula hide behind whitespace.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# What a spreadsheet program writes with "Unicode text" or "CSV UTF-16": the byte
# order mark says which end comes first.
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def csv_text(data: bytes) -> str:
    """The text of an uploaded CSV file: UTF-8 (with or without a byte order mark)
    or UTF-16 with one. Anything else (Latin-1, Windows-1252, Shift-JIS, ...) is
    refused rather than guessed, since a wrong guess makes accounts with garbled
    names without a word; so is a file holding NUL characters, which no text
    column can keep."""
    refusal = ValidationError(
        _(
            "This file is not saved as UTF-8, so its names would come out garbled. "
            "In your spreadsheet program, save it as “CSV UTF-8” and upload it again."
        ),
        code="encoding",
    )
    try:
        if data.startswith(UTF16_BOMS):
            text = data.decode("utf-16")
        else:
            text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise refusal from None
    if "\x00" in text:
        raise ValidationError(
            _(
                "This file holds NUL characters, so it is not a text file. Save it "
                "from your spreadsheet program as “CSV UTF-8” and upload it again."
            ),
            code="nul",
        )
    return text.removeprefix("\ufeff")


def csv_safe(value):
    """A value for a spreadsheet cell: numbers stay numbers (a Decimal without
    trailing zeros), None is empty, and text a spreadsheet would run as a formula is
    prefixed with a single quote so it opens as text."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return value.normalize()
    if isinstance(value, int):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_response(rows: Iterable[Iterable], *, filename: str) -> HttpResponse:
    """A CSV download of ``rows`` as given (make cells safe with ``csv_safe`` first),
    UTF-8 with a byte-order mark so spreadsheet programs read accents correctly."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    csv.writer(response).writerows(rows)
    return response
