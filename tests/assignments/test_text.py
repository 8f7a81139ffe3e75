"""Cleaning what students type, finding and marking quotations."""

import pytest

from assignments.text import highlight_quotations, quotation_in_paragraph


@pytest.mark.parametrize(
    "quotation",
    [
        "lend or lease",
        'lease "defense   articles" to',  # straight quotes, extra spaces
        "LEASE “DEFENSE ARTICLES”",
        "The President may lend",  # emphasis in the Markdown
    ],
)
def test_quotation_found_despite_spacing_quotes_and_case(quotation):
    paragraph = "The President may *lend* or lease “defense articles” to any country."
    assert quotation_in_paragraph(quotation, paragraph)


def test_highlight_escapes_the_paragraph_before_marking():
    html = highlight_quotations("Tom & <Jerry> said “go now”", ['"go now"', "<jerry>"])
    assert html == "Tom &amp; <mark>&lt;Jerry&gt;</mark> said <mark>“go now”</mark>"
