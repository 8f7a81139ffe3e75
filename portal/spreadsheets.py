"""Files people open in a spreadsheet program (login cards, gradebooks, exports)."""

import csv
from collections.abc import Iterable
from decimal import Decimal

from django.http import HttpResponse

# A spreadsheet runs a cell that starts with one of these as a formula (CSV
# injection); the tab and carriage return let a formula hide behind whitespace.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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
