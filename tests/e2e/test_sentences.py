"""The keyboard's sentence list (static/js/sentences.js) in Chromium's own
Intl.Segmenter: sentences never end at an initial, a run of initials or a title,
on the shipped readings and on made-up lines."""

import re

import pytest

from tests.browser import ROOT

READINGS = sorted((ROOT / "fixtures" / "content" / "readings").glob("*.md"))
SCRIPT = ROOT / "static" / "js" / "sentences.js"
# What a sentence must not end with: "D.", "U.S.", "U.S.S.R.", "Mr.".
CUT_SHORT = re.compile(r"(?:^|\s)(?:[A-Z]\.|(?:[A-Z]\.){2,}|Mr\.|Mrs\.|Dr\.)$")


def _paragraphs(path) -> list[str]:
    """The reading's paragraphs as the loader numbers them: blocks between blank
    lines after the front matter, spaces collapsed as the page's text has them."""
    body = path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    blocks = [b for b in re.split(r"\n\s*\n", body) if b.strip()]
    return [" ".join(block.split()) for block in blocks]


@pytest.fixture
def split(page):
    page.goto("about:blank")
    page.add_script_tag(content=SCRIPT.read_text(encoding="utf-8"))

    def run(text, lang="en"):
        return page.evaluate(
            "([t, l]) => window.portalSentences.split(t, l)", [text, lang]
        )

    return run


def test_the_shipped_readings_split_whole_sentences(split):
    assert len(READINGS) == 2
    seen = 0
    for path in READINGS:
        for paragraph in _paragraphs(path):
            sentences = split(paragraph)
            # Nothing lost or added: the sentences are the paragraph.
            assert " ".join(sentences) == paragraph
            for sentence in sentences:
                assert not CUT_SHORT.search(sentence), (path.name, sentence)
            seen += len(sentences)
            if "Franklin D. Roosevelt" in paragraph:
                assert any("Franklin D. Roosevelt" in s for s in sentences)
            if "the U.S. Government" in paragraph:
                assert any("the U.S. Government did lift" in s for s in sentences)
    assert seen > 50


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "President F. D. Roosevelt met Stalin. They spoke for hours.",
            ["President F. D. Roosevelt met Stalin.", "They spoke for hours."],
        ),
        (
            "Aid reached the U.S.S.R. In 1942 it grew. Mr. Hopkins flew to Moscow.",
            [
                "Aid reached the U.S.S.R. In 1942 it grew.",
                "Mr. Hopkins flew to Moscow.",
            ],
        ),
        (
            "The U.S. Government lifted the embargo. Then Lend-Lease began.",
            ["The U.S. Government lifted the embargo.", "Then Lend-Lease began."],
        ),
        (
            "Was it wise? Dr. Smith thought not! George F. Kennan agreed.",
            ["Was it wise?", "Dr. Smith thought not!", "George F. Kennan agreed."],
        ),
    ],
)
def test_initials_and_titles_stay_inside_their_sentence(split, text, expected):
    assert split(text) == expected


def test_spanish_pages_split_the_same_way(split):
    assert split("Lo dijo F. D. Roosevelt. Stalin calló.", "es") == [
        "Lo dijo F. D. Roosevelt.",
        "Stalin calló.",
    ]
