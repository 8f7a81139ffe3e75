"""Full-text search on PostgreSQL: English stemming, weights, highlighted snippets."""

import pytest
from django.db import connection
from django.urls import reverse

from portal.search import CONFIG
from sources.library_search import PAGE_SQL
from sources.models import Excerpt, Source
from sources.selectors import (
    LibraryFilters,
    library_search_page,
    sources_for_library,
)
from sources.services import (
    excerpt_create,
    excerpt_update,
    source_create,
    source_update,
    theme_ensure,
)

pytestmark = pytest.mark.postgres

_SQL_PARAMS = {
    "config": CONFIG,
    "query": "Yalta",
    "headline": "",
    "size": 20,
    "start": 0,
}


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


def _titles(user, query):
    return [
        s.title
        for s in sources_for_library(user=user, filters=LibraryFilters(query=query))
    ]


def test_the_stored_vectors_follow_every_change(teacher, two_sources):
    memoir, conference = two_sources
    source_update(source=conference, title="Protocol of the Potsdam Conference")
    assert _titles(teacher, "Potsdam") == ["Protocol of the Potsdam Conference"]
    assert _titles(teacher, "Yalta") == ["Memoirs of a wartime diplomat"]
    passage = memoir.excerpts.get()
    excerpt_update(excerpt=passage, title="Chapter 12", text="Icebreakers at Murmansk.")
    assert _titles(teacher, "Yalta") == []
    assert _titles(teacher, "icebreaker") == ["Memoirs of a wartime diplomat"]
    # A source saved whole (the admin's form, an import) is kept up to date too.
    memoir.creator = "Averell Harriman"
    memoir.save()
    assert _titles(teacher, "Harriman") == ["Memoirs of a wartime diplomat"]


def test_rows_written_in_bulk_are_found(teacher, db):
    (source,) = Source.objects.bulk_create(
        [Source(slug="bulk", title="Lend-Lease shipping tables")]
    )
    Excerpt.objects.bulk_create(
        [
            Excerpt(
                source=source,
                slug="p",
                title="Table 3",
                text="Convoy tonnage by month.",
            )
        ]
    )
    assert _titles(teacher, "tonnage") == ["Lend-Lease shipping tables"]
    assert _titles(teacher, "shipping") == ["Lend-Lease shipping tables"]


def test_the_search_reads_the_indexed_vectors(teacher, two_sources):
    """The sources are found through the GIN index (sequential scans switched off,
    since on a handful of rows the planner rightly prefers them), and no vector
    is computed while searching: the passages are matched on their stored ones."""
    found = sources_for_library(user=teacher, filters=LibraryFilters(query="Yalta"))
    sql, params = found.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Bitmap Index Scan on sources_source_search" in plan
    assert "to_tsvector" not in plan
    assert "sources_excerpt" in plan and "search_vector @@" in plan


def _searched(user, **filters):
    """What the page's hand-written query gives and what ``sources_for_library``
    does, each as the card shows them."""

    def card(source, themes):
        return (
            source.title,
            round(source.rank, 6),
            source.excerpt_count,
            source.snippet_text,
            source.headline,
            themes,
        )

    wanted = LibraryFilters(**filters)
    page = library_search_page(user=user, filters=wanted, number=1)
    reference = list(sources_for_library(user=user, filters=wanted))
    themes = [sorted(t.name for t in s.themes.all()) for s in reference]
    return (
        [card(s, s.theme_names) for s in page.object_list],
        [card(s, names) for s, names in zip(reference, themes, strict=True)],
        page.paginator.count,
    )


def test_the_page_of_a_search_is_what_sources_for_library_finds(
    teacher, other_teacher, two_sources
):
    memoir, conference = two_sources
    theme = theme_ensure(slug="yalta", name="Yalta")
    other = theme_ensure(slug="allies", name="Allies")
    conference.themes.set([theme, other])
    excerpt_create(
        source=conference, owner=teacher, title="Mine", text="Yalta notes, convoys."
    )
    excerpt_create(
        source=memoir, owner=other_teacher, title="Not mine", text="Yalta convoys."
    )
    hidden = source_create(owner=other_teacher, title="Yalta, privately")
    own = source_create(owner=teacher, title="My Yalta reading", kind="memoir")
    for query, filters in [
        ("Yalta", {}),
        ("convoy", {}),
        ("Yalta convoys", {}),
        ("Yalta", {"kind": "memoir"}),
        ("Yalta", {"theme": theme}),
        ("zeppelin", {}),
    ]:
        page, reference, total = _searched(teacher, query=query, **filters)
        assert page == reference
        assert total == len(reference)
    page, _reference, _total = _searched(teacher, query="Yalta")
    titles = [row[0] for row in page]
    assert own.title in titles and hidden.title not in titles
    # The other teacher's passage on the memoir is neither counted nor cut from.
    assert all("Not mine" not in row[3] for row in page)


def test_the_hand_written_search_is_only_for_those_who_use_the_library(
    student, teacher, two_sources
):
    yalta = LibraryFilters(query="Yalta")
    assert library_search_page(user=student, filters=yalta, number=1) is None
    assert library_search_page(user=teacher, filters=yalta, number=9) is None
    assert library_search_page(user=teacher, filters=LibraryFilters(), number=1) is None
    page = library_search_page(user=teacher, filters=yalta, number="x")
    assert page.number == 1 and page.paginator.count == 2


def test_the_page_of_a_search_reads_the_indexed_vectors(teacher, two_sources):
    """As ``sources_for_library`` above: the hand-written query of the page."""
    params = {**_SQL_PARAMS, "viewer": teacher.pk}
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + PAGE_SQL.format(filters=""), params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Bitmap Index Scan on sources_source_search" in plan
    assert "to_tsvector" not in plan
    assert "sources_excerpt" in plan and "search_vector @@" in plan
