"""portal.spreadsheets: cells a spreadsheet opens as text, never as a formula."""

import csv
import io
from decimal import Decimal

import pytest

from portal.spreadsheets import csv_response, csv_safe


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_login_card_csv_cells_never_start_a_formula(value):
    assert csv_safe(value) == "'" + value


def test_numbers_stay_numbers_and_nothing_is_empty():
    assert csv_safe(7) == 7
    assert csv_safe(-2) == -2
    assert csv_safe(Decimal("7.50")) == Decimal("7.5")
    assert csv_safe(None) == ""
    assert csv_safe("Plain") == "Plain"


def test_the_download_is_utf8_with_a_byte_order_mark_and_safe_cells():
    response = csv_response(
        [["Name"], [csv_safe("=HYPERLINK(1)")], [csv_safe("Zoë")]],
        filename="names.csv",
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="names.csv"'
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows == [["Name"], ["'=HYPERLINK(1)"], ["Zoë"]]
