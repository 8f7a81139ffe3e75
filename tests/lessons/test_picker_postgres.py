"""The lesson editor's excerpt picker on PostgreSQL: it matches on the stored,
indexed vectors of the excerpt and of its source (sources migration 0005)."""

import pytest

from lessons.selectors import excerpts_for_picker
from lessons.services import lesson_create, unit_create
from portal.rendering import HIGHLIGHT_START
from sources.services import excerpt_create, source_create

pytestmark = pytest.mark.postgres


@pytest.fixture
def two_sources(db):
    memoir = source_create(owner=None, title="Memoirs of a wartime diplomat")
    excerpt_create(
        source=memoir,
        owner=None,
        title="Chapter 12",
        text="The convoys were the real story of that year.",
    )
    conference = source_create(owner=None, title="Protocol of the Yalta Conference")
    excerpt_create(
        source=conference, owner=None, title="Declaration", text="On liberated Europe."
    )
    return memoir, conference


def test_the_picker_finds_passages_by_their_stored_vectors(teacher, two_sources):
    unit = unit_create(owner=teacher, title="Alliance")
    lesson = lesson_create(unit=unit, title="Convoys")
    found = excerpts_for_picker(user=teacher, lesson=lesson, query="convoy")
    assert [r.excerpt.title for r in found] == ["Chapter 12"]
    assert HIGHLIGHT_START in found[0].snippet
    by_source = excerpts_for_picker(user=teacher, lesson=lesson, query="diplomat")
    assert [r.excerpt.title for r in by_source] == ["Chapter 12"]
    by_title = excerpts_for_picker(user=teacher, lesson=lesson, query="Yalta")
    assert [r.excerpt.title for r in by_title] == ["Declaration"]
