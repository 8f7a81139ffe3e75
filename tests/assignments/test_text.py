"""Cleaning what students type, finding and marking quotations."""

import pytest

from assignments.text import (
    highlight_quotations,
    question_label,
    quotation_in_paragraph,
)


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


def test_a_question_is_named_by_its_first_words_as_plain_text():
    assert question_label("Why did *Roosevelt* say it?") == "Why did Roosevelt say it?"
    long = "One two three four five six seven eight nine ten eleven twelve thirteen."
    assert question_label(long) == (
        "One two three four five six seven eight nine ten eleven twelve…"
    )
    assert question_label("A\n\nB") == "A B"
