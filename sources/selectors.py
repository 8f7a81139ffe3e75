"""Reads for library pages. Every read takes the viewer and returns only what that
person may see, with what the page needs fetched in a fixed number of queries."""

import re
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    StringAgg,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat

from portal.rendering import HIGHLIGHT_START, HIGHLIGHT_STOP
from sources.models import Excerpt, GlossaryTerm, Source, Theme
from sources.permissions import excerpts_visible_to, sources_visible_to

WORD = re.compile(r"[\w’'-]+", re.UNICODE)


@dataclass
class LibraryFilters:
    query: str = ""
    theme: Theme | None = None
    kind: str = ""
    primary: bool | None = None
    year_from: int | None = None
    year_to: int | None = None


def _visible_excerpt_text(user) -> Subquery:
    """All the text of the passages this viewer may see in a source, as one string."""
    rows = (
        excerpts_visible_to(user)
        .filter(source=OuterRef("pk"))
        .order_by()
        .values("source")
        .annotate(all_text=StringAgg("text", delimiter=Value("\n\n")))
        .values("all_text")
    )
    return Subquery(rows[:1])


def search_words(query: str) -> list[str]:
    return [w for w in WORD.findall(query or "") if len(w) > 1 or w.isdigit()][:12]


def sources_for_library(*, user, filters: LibraryFilters | None = None) -> QuerySet:
    """The sources a viewer may see, filtered, and ranked by relevance when there is
    a search (PostgreSQL full text; elsewhere, every word must appear somewhere).
    Each row has ``excerpt_count`` and, when searching, ``snippet`` (plain text with
    highlight markers); themes are prefetched."""
    filters = filters or LibraryFilters()
    qs = (
        sources_visible_to(user)
        .annotate(
            excerpt_count=Count(
                "excerpts",
                filter=Q(excerpts__owner__isnull=True) | Q(excerpts__owner=user),
                distinct=True,
            )
        )
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("name")))
    )
    if filters.theme is not None:
        qs = qs.filter(themes=filters.theme)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.primary is not None:
        qs = qs.filter(is_primary=filters.primary)
    if filters.year_from is not None:
        qs = qs.filter(date__gte=date(filters.year_from, 1, 1))
    if filters.year_to is not None:
        qs = qs.filter(date__lte=date(filters.year_to, 12, 31))

    query = (filters.query or "").strip()
    if not query:
        return qs.order_by(F("date").asc(nulls_last=True), "title")
    if connection.vendor == "postgresql":
        return _search_postgres(qs, query, user)
    return _search_simple(qs, query, user)


def _search_postgres(qs: QuerySet, query: str, user) -> QuerySet:
    from django.contrib.postgres.search import (
        SearchHeadline,
        SearchQuery,
        SearchRank,
        SearchVector,
    )

    text = _visible_excerpt_text(user)
    # Title outranks creator, which outranks headnote and citation, which outrank
    # the passages: a source named for the search beats one that mentions it.
    vector = (
        SearchVector("title", weight="A", config="english")
        + SearchVector("creator", weight="B", config="english")
        + SearchVector("headnote", "citation", weight="C", config="english")
        + SearchVector(text, weight="D", config="english")
    )
    search = SearchQuery(query, config="english", search_type="websearch")
    return (
        qs.annotate(document=vector)
        .filter(document=search)
        .annotate(
            rank=SearchRank(vector, search),
            snippet=SearchHeadline(
                Concat(
                    "headnote",
                    Value("\n", output_field=TextField()),
                    Coalesce(
                        text,
                        Value("", output_field=TextField()),
                        output_field=TextField(),
                    ),
                    output_field=TextField(),
                ),
                search,
                config="english",
                start_sel=HIGHLIGHT_START,
                stop_sel=HIGHLIGHT_STOP,
                max_words=35,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )
        .order_by("-rank", "title")
    )


def _search_simple(qs: QuerySet, query: str, user) -> QuerySet:
    """Without PostgreSQL: each word must appear (any case) in a field or a visible
    passage; title matches come first."""
    words = search_words(query)
    if not words:
        return qs.none()
    visible = excerpts_visible_to(user)
    for word in words:
        in_passage = visible.filter(source=OuterRef("pk"), text__icontains=word)
        qs = qs.filter(
            Q(title__icontains=word)
            | Q(creator__icontains=word)
            | Q(headnote__icontains=word)
            | Q(citation__icontains=word)
            | Exists(in_passage)
        )
    title_hits = sum(
        (
            Case(
                When(title__icontains=w, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
            for w in words
        ),
        Value(0),
    )
    return qs.annotate(
        rank=title_hits, passage_text=_visible_excerpt_text(user)
    ).order_by("-rank", F("date").asc(nulls_last=True), "title")


def snippet_for(source: Source, query: str, *, width: int = 110) -> str:
    """A snippet with highlight markers: the database's when it made one, otherwise
    the first place in headnote or passages where a search word appears."""
    made = getattr(source, "snippet", None)
    if made and HIGHLIGHT_START in made:
        return made
    words = search_words(query)
    if not words:
        return ""
    haystack = "\n".join(
        t for t in [source.headnote, getattr(source, "passage_text", "") or ""] if t
    )
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    found = pattern.search(haystack)
    if not found:
        return ""
    start = max(0, found.start() - width)
    end = min(len(haystack), found.end() + width)
    piece = haystack[start:end].replace("\n", " ")
    piece = pattern.sub(
        lambda m: f"{HIGHLIGHT_START}{m.group(0)}{HIGHLIGHT_STOP}", piece
    )
    return (
        f"{'… ' if start else ''}{piece.strip()}{' …' if end < len(haystack) else ''}"
    )


def source_for_detail(*, user, source: Source) -> Source:
    """A source with the passages (and their glossaries) this viewer may see."""
    excerpts = (
        excerpts_visible_to(user)
        .filter(source=source)
        .annotate(term_count=Count("glossary"))
        .order_by("order")
    )
    return (
        Source.objects.filter(pk=source.pk)
        .prefetch_related(
            Prefetch("excerpts", queryset=excerpts, to_attr="visible_excerpts"),
            Prefetch("themes", queryset=Theme.objects.order_by("name")),
        )
        .select_related("owner")
        .get()
    )


def excerpt_for_reading(*, user, excerpt: Excerpt) -> Excerpt:
    """An excerpt with its source and glossary, ready for the reading view."""
    return (
        excerpts_visible_to(user)
        .select_related("source")
        .prefetch_related(
            Prefetch("glossary", queryset=GlossaryTerm.objects.order_by("term"))
        )
        .get(pk=excerpt.pk)
    )


def themes_in_use() -> QuerySet:
    return Theme.objects.order_by("name")
