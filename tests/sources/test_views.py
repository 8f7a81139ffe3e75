"""Library pages as teachers, admins and students meet them."""

import html
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sources.models import Excerpt, Source, Theme
from sources.selectors import LIBRARY_PAGE_SIZE
from sources.services import excerpt_create, source_create, theme_ensure
from tests.builders import passage_build

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
TEXT_FIELDS = [
    "title",
    "creator",
    "date_note",
    "language",
    "archive",
    "archive_identifier",
    "citation",
    "rights",
    "headnote",
]


def visible_text(content: bytes) -> str:
    """The page's text as a reader gets it: tags dropped, entities decoded."""
    body = content.decode()
    body = re.sub(r"<script\b[^>]*>.*?</script>", " ", body, flags=re.S)
    # Inline tags (a glossary mark, emphasis, a link) sit inside words' flow.
    body = re.sub(r"</?(?:span|em|strong|a|mark|dfn|code)\b[^>]*>", "", body)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def make_sources(n, owner=None):
    theme = theme_ensure(slug="lend-lease", name="Lend-Lease")
    for i in range(n):
        passage_build(
            owner=owner, title=f"Document {i}", text="A.\n\nB.", themes=[theme]
        )


# --- list, filters, search -------------------------------------------------


# Pinned: what the list costs today (session, user, the page with its total, the
# page's themes, the bell's count in the header, the theme filter's choices); one
# query more on every page fails here, not only a query per row.
LIST_QUERIES = 6
# A theme filter looks up the theme; on PostgreSQL a search's page brings its
# themes with it (sources.library_search), and the library's version is read
# before and after it (a page found kept costs the version's read alone:
# tests/sources/test_search_kept.py).
SEARCH_QUERIES = 8 if connection.vendor == "postgresql" else 7


def test_the_list_costs_the_same_queries_for_2_sources_as_for_200(
    teacher_client, django_assert_num_queries, django_assert_max_num_queries
):
    url = reverse("sources:source_list")
    search = {"q": "Document", "theme": "lend-lease"}
    make_sources(2)
    teacher_client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as browse_two:
        response = teacher_client.get(url)
    assert "2 sources" in visible_text(response.content)
    with CaptureQueriesContext(connection) as search_two:
        teacher_client.get(url, search)
    make_sources(198)
    with (
        django_assert_num_queries(len(browse_two)),
        django_assert_max_num_queries(LIST_QUERIES),
    ):
        response = teacher_client.get(url)
    assert "200 sources" in visible_text(response.content)
    # The rest of the 200 are on the following pages, at the same cost.
    with (
        django_assert_num_queries(len(browse_two)),
        django_assert_max_num_queries(LIST_QUERIES),
    ):
        response = teacher_client.get(url, {"page": 10})
    assert "Document 99" in visible_text(response.content)  # sorted by title
    with (
        django_assert_num_queries(len(search_two)),
        django_assert_max_num_queries(SEARCH_QUERIES),
    ):
        response = teacher_client.get(url, search)
    assert "200 sources match" in visible_text(response.content)


def test_results_come_20_a_page_and_the_page_links_keep_the_search(teacher_client):
    make_sources(45)
    url = reverse("sources:source_list")
    search = {"q": "Document", "theme": "lend-lease"}
    first = teacher_client.get(url, search).content.decode()
    assert "45 sources match" in visible_text(first.encode())
    assert first.count('class="source-item"') == LIBRARY_PAGE_SIZE == 20
    # Plain links (they work without JavaScript) that keep the words and filters.
    assert 'href="?q=Document&amp;theme=lend-lease&amp;page=3"' in first
    last = teacher_client.get(url, {**search, "page": 3}).content.decode()
    assert last.count('class="source-item"') == 5
    assert '<span class="page-link" aria-current="page">3</span>' in last
    # A page past the end (a stale link) shows the last page; not a number, the first.
    past = teacher_client.get(url, {**search, "page": 9}).content.decode()
    assert past.count('class="source-item"') == 5
    odd = teacher_client.get(url, {**search, "page": "x"}).content.decode()
    assert odd.count('class="source-item"') == 20
    assert "45 sources match" in visible_text(past.encode())


def test_a_teacher_sees_the_shared_library_and_their_own_but_not_others(
    teacher_client, teacher, other_teacher
):
    source_create(owner=None, title="Shared charter")
    source_create(owner=teacher, title="My letter")
    source_create(owner=other_teacher, title="Oscar's private diary")
    text = visible_text(teacher_client.get(reverse("sources:source_list")).content)
    assert "Shared charter" in text
    assert "My letter" in text
    assert "Oscar" not in text


def test_search_finds_a_word_and_a_miss_says_so(teacher_client):
    call_command("load_alliance_sources", verbosity=0)
    url = reverse("sources:source_list")
    found = visible_text(teacher_client.get(url, {"q": "Yalta"}).content)
    assert "match “Yalta”" in found
    assert "Agreement Regarding Japan (Yalta Conference)" in found
    # A word that only appears inside a passage is found too.
    found = visible_text(teacher_client.get(url, {"q": "Oumansky"}).content)
    assert "U.S.-Soviet Alliance, 1941–1945" in found
    missed = visible_text(teacher_client.get(url, {"q": "zeppelin"}).content)
    assert "No source matches “zeppelin”" in missed


def test_a_card_shows_what_the_search_found_in_a_source(teacher_client, teacher):
    theme = theme_ensure(slug="convoys", name="Convoys")
    source = source_create(
        owner=teacher,
        title="Arctic log",
        creator="A. Sailor",
        kind="diary",
        is_primary=False,
    )
    source.themes.set([theme])
    for text in ("The convoy sailed.", "Ice."):
        excerpt_create(source=source, owner=teacher, title=text, text=text)
    body = teacher_client.get(reverse("sources:source_list"), {"q": "convoy"})
    card = body.content.decode().split('class="source-item"')[1]
    assert f'aria-labelledby="src-{source.pk}"' in card
    assert f'<a href="{source.get_absolute_url()}">Arctic log</a>' in card
    assert "<mark>convoy</mark> sailed" in card
    assert "Yours" in card and "Secondary" in card and "Diary" in card
    assert "A. Sailor" in visible_text(card.encode())
    assert "2 passages · Convoys" in visible_text(card.encode())


def test_filters_by_theme_kind_primary_and_years(teacher_client):
    call_command("load_alliance_sources", verbosity=0)
    url = reverse("sources:source_list")
    text = visible_text(teacher_client.get(url, {"theme": "second-front"}).content)
    assert "White House press release on the visit" in text
    assert "Long Telegram" not in text
    text = visible_text(teacher_client.get(url, {"kind": "telegram"}).content)
    assert "1 source" in text and "Long Telegram" in text
    text = visible_text(teacher_client.get(url, {"primary": "secondary"}).content)
    assert "3 sources" in text
    text = visible_text(
        teacher_client.get(url, {"year_from": "1945", "year_to": "1945"}).content
    )
    assert "3 sources" in text and "Atlantic Charter" not in text


def test_reversed_years_are_an_error_next_to_the_field_not_a_crash(teacher_client):
    response = teacher_client.get(
        reverse("sources:source_list"), {"year_from": "1945", "year_to": "1941"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "data-error-summary" in body
    assert 'id="id_year_to-error"' in body
    assert "The end year comes before the start year." in body
    # The box keeps the year sent, marked invalid and pointing at its message.
    year_to = body.split('id="id_year_to"')[1].split(">")[0]
    assert 'value="1941"' in year_to and 'aria-invalid="true"' in year_to
    assert 'aria-describedby="id_year_to-error"' in year_to
    response = teacher_client.get(
        reverse("sources:source_list"), {"year_from": "abc", "kind": "telegram"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Enter a whole number." in body
    assert 'value="abc"' in body.split('id="id_year_from"')[1].split(">")[0]
    assert '<option value="telegram" selected>' in body


def test_htmx_search_gets_only_the_results_fragment(teacher_client):
    make_sources(2)
    response = teacher_client.get(
        reverse("sources:source_list"),
        {"q": "Document"},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="library-results"')
    assert "<html" not in body


# --- detail and citation ----------------------------------------------------


def test_detail_shows_headnote_passages_and_a_chicago_citation(teacher_client):
    call_command("load_alliance_sources", verbosity=0)
    source = Source.objects.get(slug="lend-lease-act-1941")
    text = visible_text(teacher_client.get(source.get_absolute_url()).content)
    assert "About this source" in text
    assert (
        "77th Congress of the United States; approved by President Franklin D. "
        "Roosevelt. “An Act to Promote the Defense of the United States (the "
        "Lend-Lease Act).” March 11, 1941. Public Law 77-11 (H.R. 1776), 55 Stat. "
        "31, March 11, 1941. National Archives, General Records of the United "
        "States Government (Record Group 11)."
    ) in text
    assert "No passage yet" in text
    assert "Add a passage" in text


# --- XSS --------------------------------------------------------------------


def test_script_in_every_text_field_of_a_source_renders_as_text(
    teacher_client, teacher
):
    fields = {name: f"{name} {XSS}" for name in TEXT_FIELDS}
    fields["title"] = f"Title {XSS}"
    fields["language"] = XSS
    source = source_create(
        owner=teacher,
        slug="xss",
        url="https://example.org/?a=<b>",
        **{k: v for k, v in fields.items() if k != "title"},
        title=fields["title"],
    )
    excerpt = excerpt_create(
        source=source,
        owner=teacher,
        title=f"Passage {XSS}",
        text=f"Para {XSS}\n\nTwo",
        adapted_text=f"Simple {XSS}\n\nTwo",
        glossary=[("Para", f"Def {XSS}")],
    )
    pages = [
        reverse("sources:source_list"),
        reverse("sources:source_list") + "?q=Title",
        source.get_absolute_url(),
        excerpt.get_absolute_url(),
        reverse("sources:source_edit", args=[source.slug]),
        reverse("sources:excerpt_edit", args=[source.slug, excerpt.slug]),
    ]
    for url in pages:
        body = teacher_client.get(url).content.decode()
        assert "<script>alert" not in body, url
        assert "<img src=x" not in body, url
        assert "&lt;script&gt;" in body or "&amp;lt;script" in body, url


# --- who may change what ------------------------------------------------------


@pytest.mark.parametrize("name", ["source_edit", "source_delete"])
def test_a_teacher_cannot_touch_another_teachers_source(
    client, teacher, other_teacher, name
):
    theirs = source_create(owner=other_teacher, title="Oscar's source")
    client.force_login(teacher)
    assert client.get(reverse(f"sources:{name}", args=[theirs.slug])).status_code == 404
    assert (
        client.post(
            reverse(f"sources:{name}", args=[theirs.slug]), {"title": "Mine now"}
        ).status_code
        == 404
    )
    assert client.get(theirs.get_absolute_url()).status_code == 404
    theirs.refresh_from_db()
    assert theirs.title == "Oscar's source"


def test_a_teacher_cannot_edit_another_teachers_passage(client, teacher, other_teacher):
    source = source_create(owner=None, title="Shared")
    theirs = excerpt_create(
        source=source, owner=other_teacher, title="Theirs", text="x"
    )
    client.force_login(teacher)
    for name in ["excerpt_read", "excerpt_edit", "excerpt_delete"]:
        url = reverse(f"sources:{name}", args=[source.slug, theirs.slug])
        assert client.get(url).status_code == 404


def test_shared_items_are_changed_by_admins_only(client, teacher, staff):
    shared = source_create(owner=None, title="Shared charter")
    edit = reverse("sources:source_edit", args=[shared.slug])
    client.force_login(teacher)
    assert client.get(edit).status_code == 404
    assert "Edit source" not in visible_text(
        client.get(shared.get_absolute_url()).content
    )
    client.force_login(staff)
    response = client.post(
        edit,
        {
            "title": "Shared charter (1941)",
            "kind": "declaration",
            "is_primary": "on",
            "date_precision": "day",
            "language": "English",
        },
    )
    assert response.status_code == 302
    shared.refresh_from_db()
    assert shared.title == "Shared charter (1941)"


def test_a_student_cannot_reach_the_library(student_client, teacher):
    excerpt = passage_build(owner=teacher, title="Mine", passage="P", text="x")
    source = excerpt.source
    urls = [
        reverse("sources:source_list"),
        reverse("sources:source_create"),
        reverse("sources:source_edit", args=[source.slug]),
        reverse("sources:source_delete", args=[source.slug]),
        reverse("sources:excerpt_create", args=[source.slug]),
        reverse("sources:excerpt_edit", args=[source.slug, excerpt.slug]),
        reverse("sources:excerpt_delete", args=[source.slug, excerpt.slug]),
    ]
    for url in urls:
        assert student_client.get(url).status_code == 403, url
        assert student_client.post(url, {"title": "hacked"}).status_code == 403, url
    source.refresh_from_db()
    assert source.title == "Mine"


# --- create, edit, delete -----------------------------------------------------


def test_a_teacher_adds_a_source_and_bad_input_is_shown_by_the_field(
    teacher_client, teacher
):
    theme = Theme.objects.create(slug="second-front", name="The second front")
    url = reverse("sources:source_create")
    response = teacher_client.post(
        url,
        {
            "title": "",
            "url": "not a link",
            "kind": "letter",
            "date_precision": "day",
            "language": "English",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "data-error-summary" in body
    assert 'id="error_1_id_title"' in body or "This field is required." in body
    assert "Enter a valid URL." in body
    response = teacher_client.post(
        url,
        {
            "title": "Stalin to Churchill on the second front",
            "creator": "Joseph V. Stalin",
            "kind": "letter",
            "is_primary": "on",
            "date": "1942-07-23",
            "date_precision": "day",
            "language": "English",
            "themes": [theme.pk],
        },
    )
    assert response.status_code == 302
    source = Source.objects.get(title="Stalin to Churchill on the second front")
    assert source.owner == teacher
    assert list(source.themes.all()) == [theme]
    assert response["Location"] == source.get_absolute_url()


def test_adding_a_passage_previews_the_numbered_paragraphs_then_saves(
    teacher_client, teacher
):
    call_command("load_alliance_sources", verbosity=0)
    source = Source.objects.get(slug="kennan-long-telegram-1946")
    url = reverse("sources:excerpt_create", args=[source.slug])
    pasted = "First paragraph of the telegram.\r\n\r\n\r\nSecond one,\r\nwith a line break.\r\n\r\n   \r\nThird."
    data = {
        "title": "Part 1",
        "text": pasted,
        "glossary": "telegram: A message sent by wire.",
    }
    preview = teacher_client.post(url, {**data, "preview": "1"})
    assert preview.status_code == 200
    text = visible_text(preview.content)
    assert "Preview: 3 numbered paragraphs" in text
    assert not Excerpt.objects.filter(source=source).exists()
    saved = teacher_client.post(url, data)
    excerpt = Excerpt.objects.get(source=source)
    assert saved["Location"] == excerpt.get_absolute_url()
    assert excerpt.owner == teacher
    assert excerpt.paragraphs == [
        "First paragraph of the telegram.",
        "Second one,\nwith a line break.",
        "Third.",
    ]
    assert excerpt.glossary.get().term == "telegram"
    page = teacher_client.get(excerpt.get_absolute_url()).content.decode()
    assert f'id="ex-{excerpt.pk}-p3"' in page


def test_one_line_per_paragraph_paste(teacher_client, teacher):
    source = source_create(owner=teacher, title="Mine")
    url = reverse("sources:excerpt_create", args=[source.slug])
    teacher_client.post(
        url, {"title": "P", "text": "One\nTwo\nThree", "one_per_line": "on"}
    )
    assert Excerpt.objects.get(source=source).paragraphs == ["One", "Two", "Three"]


def test_passage_mistakes_are_explained_by_their_fields(teacher_client, teacher):
    source = source_create(owner=teacher, title="Mine")
    url = reverse("sources:excerpt_create", args=[source.slug])
    response = teacher_client.post(
        url,
        {
            "title": "P",
            "text": "One.\n\nTwo.",
            "adapted_text": "Just one.",
            "glossary": "zeppelin: an airship\nno colon here",
        },
    )
    assert response.status_code == 200
    body = visible_text(response.content)
    assert "Please fix these 2 problems" in body
    assert "Line 2: write each entry as “term: definition”." in body
    assert "The adapted text has 1 paragraphs but the original has 2." in body
    assert not Excerpt.objects.exists()
    response = teacher_client.post(url, {"title": "P", "text": "   \n\n  "})
    assert response.status_code == 200
    assert not Excerpt.objects.exists()


def test_editing_and_deleting_your_own_passage_and_source(teacher_client, teacher):
    excerpt = passage_build(owner=teacher, title="Mine", passage="P", text="x")
    source = excerpt.source
    edit = reverse("sources:excerpt_edit", args=[source.slug, excerpt.slug])
    teacher_client.post(edit, {"title": "P2", "text": "x\n\ny", "glossary": ""})
    excerpt.refresh_from_db()
    assert (excerpt.title, excerpt.paragraphs) == ("P2", ["x", "y"])
    teacher_client.post(
        reverse("sources:excerpt_delete", args=[source.slug, excerpt.slug])
    )
    assert not Excerpt.objects.exists()
    teacher_client.post(reverse("sources:source_delete", args=[source.slug]))
    assert not Source.objects.exists()


# --- the reading view ----------------------------------------------------------


def test_reading_view_numbers_paragraphs_marks_terms_and_keeps_both_wordings(
    teacher_client,
):
    call_command("load_alliance_sources", verbosity=0)
    excerpt = Excerpt.objects.get(slug="big-three-at-tehran-and-yalta")
    body = teacher_client.get(excerpt.get_absolute_url()).content.decode()
    assert f'id="ex-{excerpt.pk}-p1"' in body and f'id="ex-{excerpt.pk}-p2"' in body
    assert 'class="gloss-term"' in body
    assert "<dfn" in body and "Payments a defeated country must make" in body
    assert body.count('class="para-adapted"') == 2
    assert 'aria-pressed="false"' in body


def test_every_shipped_paragraph_reaches_the_reader_unchanged(teacher_client):
    call_command("load_alliance_sources", verbosity=0)
    for excerpt in Excerpt.objects.select_related("source"):
        page = visible_text(teacher_client.get(excerpt.get_absolute_url()).content)
        for paragraph in excerpt.paragraphs:
            assert " ".join(paragraph.split()) in page, (excerpt.slug, paragraph[:40])
