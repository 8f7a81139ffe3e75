"""A page of search results kept by the process (sources.library_search): found
again only while the library is as it was, whatever wrote to it, and never shown
to a viewer it was not read for."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sources.models import Excerpt, Source, Theme
from sources.services import source_create, theme_ensure
from tests.builders import TeacherFactory, passage_build

pytestmark = pytest.mark.postgres


@pytest.fixture
def conference(db):
    return passage_build(
        title="Protocol of the Yalta Conference",
        passage="Poland",
        text="The Provisional Government which is now functioning in Poland.",
        themes=[theme_ensure(slug="diplomacy", name="Diplomacy")],
    ).source


def _search(client, words: str) -> tuple[str, int]:
    """The page of results for ``words``, and how many times the search's
    statement ran for it."""
    with CaptureQueriesContext(connection) as queries:
        answer = client.get(reverse("sources:source_list"), {"q": words})
    assert answer.status_code == 200
    statements = sum("WITH q AS MATERIALIZED" in q["sql"] for q in queries)
    return answer.content.decode(), statements


def test_the_same_search_again_is_answered_without_searching(
    client, teacher, conference
):
    client.force_login(teacher)
    first, searched = _search(client, "Yalta")
    assert searched == 1
    again, searched = _search(client, "Yalta")
    assert searched == 0
    assert "Protocol of the Yalta Conference" in again
    assert "1 passage · Diplomacy" in again
    # Other words are another search.
    _page, searched = _search(client, "Poland")
    assert searched == 1


def test_a_change_written_without_the_portal_shows_at_the_next_search(
    client, teacher, conference
):
    """Queryset updates send no signal; the database moves the version on."""
    client.force_login(teacher)
    _search(client, "Yalta")
    Source.objects.filter(pk=conference.pk).update(
        title="Protocol of the Crimea (Yalta) Conference"
    )
    page, searched = _search(client, "Yalta")
    assert searched == 1
    assert "Protocol of the Crimea (Yalta) Conference" in page

    Theme.objects.filter(slug="diplomacy").update(name="Summits")
    page, _searched = _search(client, "Yalta")
    assert "1 passage · Summits" in page  # the card's line; the sidebar lists themes

    Excerpt.objects.filter(source=conference).delete()
    page, _searched = _search(client, "Yalta")
    assert "No passage yet · Summits" in page

    conference.themes.clear()
    page, _searched = _search(client, "Yalta")
    assert "No passage yet" in page and "No passage yet ·" not in page


def test_a_viewers_own_source_is_never_shown_to_another(
    client, teacher, other_teacher, conference
):
    source_create(owner=teacher, title="My notes on Yalta")
    client.force_login(teacher)
    page, _searched = _search(client, "Yalta")
    assert "My notes on Yalta" in page

    client.force_login(other_teacher)
    page, searched = _search(client, "Yalta")
    assert searched == 1
    assert "My notes on Yalta" not in page
    assert "Protocol of the Yalta Conference" in page

    # Viewers who own nothing in the library share the shared library's page.
    client.force_login(TeacherFactory())
    page, searched = _search(client, "Yalta")
    assert searched == 0
    assert "My notes on Yalta" not in page


def test_a_change_rolled_back_leaves_no_page_behind(client, teacher, conference):
    """The version is a sequence's number: the one a rolled-back write took is
    never taken again, so its page is never found."""
    client.force_login(teacher)
    _search(client, "Yalta")

    class Undone(Exception):
        pass

    with pytest.raises(Undone), transaction.atomic():
        source_create(owner=None, title="Yalta, a draft never saved")
        page, _searched = _search(client, "Yalta")
        assert "Yalta, a draft never saved" in page
        raise Undone

    page, _searched = _search(client, "Yalta")
    assert "Yalta, a draft never saved" not in page
    source_create(owner=None, title="Yalta, the final text")
    page, searched = _search(client, "Yalta")
    assert searched == 1
    assert "Yalta, the final text" in page
    assert "Yalta, a draft never saved" not in page


def test_without_the_version_row_every_search_searches(client, teacher, conference):
    """A database restored without the version's row keeps nothing, and searches."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM sources_library_version")
    client.force_login(teacher)
    for _ in range(2):
        page, searched = _search(client, "Yalta")
        assert searched == 1
        assert "Protocol of the Yalta Conference" in page
