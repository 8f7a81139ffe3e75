"""portal.search: one search for the library and the lesson editor's picker."""

from django.db.models import F

from portal.rendering import HIGHLIGHT_START, HIGHLIGHT_STOP
from portal.search import (
    MAX_WORDS,
    SNIPPET_WIDTH,
    opening,
    search,
    search_words,
    snippet,
    snippet_of,
)
from sources.models import Source
from sources.services import source_create


def test_words_leave_out_single_letters_but_not_single_digits():
    assert search_words("a Yalta 1 Soviet’s") == ["Yalta", "1", "Soviet’s"]
    assert len(search_words(" ".join(f"w{n}" for n in range(40)))) == MAX_WORDS


def test_a_snippet_highlights_every_word_around_the_first_match():
    text = "x " * 200 + "the Yalta accords and yalta again " + "y " * 200
    cut = snippet(text, ["yalta"])
    assert cut.startswith("… ") and cut.endswith(" …")
    assert cut.count(HIGHLIGHT_START) == 2 and cut.count(HIGHLIGHT_STOP) == 2
    assert len(cut) < 2 * SNIPPET_WIDTH + 60
    assert snippet(text, ["zeppelin"]) == ""


def test_the_opening_stands_in_when_the_match_was_in_a_title():
    assert opening("Short text.") == "Short text."
    assert opening("word " * 200).endswith(" …")


def test_one_search_ranks_title_matches_first_and_needs_every_word(db):
    source_create(owner=None, title="Minutes", headnote="About Yalta and Tehran.")
    source_create(owner=None, title="Yalta protocol", headnote="Tehran too.")
    source_create(owner=None, title="Yalta alone", headnote="Nothing else.")
    found = search(
        Source.objects.all(),
        "yalta tehran",
        fields={"A": ["title"], "C": ["headnote"]},
        snippet_from=F("headnote"),
        then=("title",),
    )
    assert [s.title for s in found] == ["Yalta protocol", "Minutes"]
    assert HIGHLIGHT_START in snippet_of(found[1], "yalta tehran")
    assert not search(
        Source.objects.all(),
        "   ",
        fields={"A": ["title"]},
        snippet_from=F("headnote"),
    ).exists()
