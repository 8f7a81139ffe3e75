"""Full-text search on PostgreSQL: English stemming, weights, highlighted snippets."""

import pytest
from django.urls import reverse

from sources.selectors import LibraryFilters, sources_for_library
from sources.services import excerpt_create, source_create

pytestmark = pytest.mark.postgres


@pytest.fixture
def two_sources(db):
    # The passing mention is created first, so insertion order cannot explain the result.
    memoir = source_create(
        owner=None, title="Memoirs of a wartime diplomat", kind="memoir"
    )
    excerpt_create(
        source=memoir,
        owner=None,
        title="Chapter 12",
        text=(
            "We spent the winter arguing about shipping schedules and convoys. "
            "In February the President flew on to Yalta, and I stayed behind in "
            "Cairo with the papers.\n\nThe convoys were the real story of that year."
        ),
    )
    conference = source_create(
        owner=None, title="Protocol of the proceedings of the Yalta Conference"
    )
    return memoir, conference


def test_a_title_match_ranks_above_a_passing_mention(teacher, two_sources):
    memoir, conference = two_sources
    results = list(
        sources_for_library(user=teacher, filters=LibraryFilters(query="Yalta"))
    )
    assert results == [conference, memoir]
    assert results[0].rank > results[1].rank


def test_search_stems_words_and_highlights_the_match(teacher_client, two_sources):
    body = teacher_client.get(reverse("sources:source_list"), {"q": "convoy"}).content
    body = body.decode()
    assert "Memoirs of a wartime diplomat" in body
    assert "<mark>convoys</mark>" in body


def test_a_query_with_no_match_says_so(teacher_client, two_sources):
    body = teacher_client.get(reverse("sources:source_list"), {"q": "zeppelin"})
    assert "No source matches “zeppelin”" in body.content.decode()


def test_search_does_not_see_another_teachers_passages(
    client, teacher, other_teacher, two_sources
):
    memoir, _conference = two_sources
    excerpt_create(
        source=memoir, owner=other_teacher, title="Private", text="Quartermaster notes."
    )
    client.force_login(teacher)
    body = client.get(reverse("sources:source_list"), {"q": "quartermaster"})
    assert "No source matches" in body.content.decode()
