"""The one search: how a query becomes words, which rows match, how they rank and
how the snippet under each result is cut. The library (sources) and the lesson
editor's excerpt picker both search through ``search``, so they cannot drift apart.

On PostgreSQL it is full-text search (English stemming, weighted fields, the
database's highlighted headline). A caller whose table keeps stored vectors (kept by
the database, GIN-indexed: sources and excerpts, see sources migration 0005) passes
``stored``, and the rows are matched and ranked on those instead of vectors computed
from every row's text on every query. Elsewhere (SQLite, one small server) every word
must appear, in any case, in one of the fields, and a result ranks by how many of
the words its weight-"A" fields (titles) hold; the snippet is cut in Python.
Either way each row comes back with ``rank`` and what ``snippet_of`` needs.
"""

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Expression,
    F,
    FloatField,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from portal.rendering import HIGHLIGHT_START, HIGHLIGHT_STOP

WORD = re.compile(r"[\w’'-]+", re.UNICODE)
# More words than this is a pasted sentence, not a search; each word costs a
# condition in the simple search.
MAX_WORDS = 12
# Characters of context either side of the first match in a snippet.
SNIPPET_WIDTH = 110
CONFIG = "english"

Fields = Mapping[str, Sequence[str | Expression]]


@dataclass(frozen=True)
class Stored:
    """Stored search vectors to use on PostgreSQL instead of ``fields``.

    ``own``: the searched rows' vector fields (the row's, a related row's such as
    "source__search_vector"). ``parts``: other rows whose vectors count for a
    searched row, as (queryset of those rows, the field naming the searched row),
    e.g. (the passages this viewer may see, "source"). A row matches when any of
    its vectors or any of its parts' matches, and ranks by the sum of its vectors'
    ranks plus its best part's. A part's vector field is ``search_vector``."""

    own: Sequence[str] = ("search_vector",)
    parts: Sequence[tuple[QuerySet, str]] = ()


def search_words(query: str) -> list[str]:
    """The words of a query worth searching for (one letter alone is noise, one
    digit is not), at most MAX_WORDS."""
    words = [w for w in WORD.findall(query or "") if len(w) > 1 or w.isdigit()]
    return words[:MAX_WORDS]


def snippet(text: str, words: Sequence[str], *, width: int = SNIPPET_WIDTH) -> str:
    """The text around the first place a word appears, words wrapped in highlight
    markers, "…" where it was cut; empty when no word appears."""
    plain = " ".join((text or "").split())
    if not words:
        return ""
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    found = pattern.search(plain)
    if not found:
        return ""
    start = max(0, found.start() - width)
    end = min(len(plain), found.end() + width)
    piece = pattern.sub(
        lambda m: f"{HIGHLIGHT_START}{m.group(0)}{HIGHLIGHT_STOP}", plain[start:end]
    )
    return f"{'… ' if start else ''}{piece.strip()}{' …' if end < len(plain) else ''}"


def opening(text: str, *, width: int = SNIPPET_WIDTH) -> str:
    """The start of a text, as long as a snippet, "…" when there is more."""
    plain = " ".join((text or "").split())
    piece = plain[: width * 2]
    return piece + (" …" if len(plain) > len(piece) else "")


def snippet_of(row, query: str, *, or_opening: bool = False) -> str:
    """The snippet for a row ``search`` returned: the database's headline when it
    highlighted something, otherwise one cut here; with ``or_opening``, the start
    of the text when no word appears in it (the match was in a title)."""
    made = getattr(row, "headline", "") or ""
    if HIGHLIGHT_START in made:
        return made
    text = getattr(row, "snippet_text", "") or ""
    found = snippet(text, search_words(query))
    return found or (opening(text) if or_opening else "")


def search(
    qs: QuerySet,
    query: str,
    *,
    fields: Fields,
    snippet_from: Expression,
    then: Sequence = (),
    stored: Stored | None = None,
) -> QuerySet:
    """The rows of ``qs`` that match ``query``, best first (then by ``then``).

    ``fields`` maps a weight ("A" most important … "D") to the fields or
    expressions searched at that weight; ``snippet_from`` is the text the snippet
    is cut from. Rows get ``rank``, ``snippet_text`` and, on PostgreSQL,
    ``headline``. An empty query matches nothing. ``stored`` (PostgreSQL only):
    match and rank on stored vectors that hold the same fields at the same weights.
    """
    text = Coalesce(snippet_from, Value(""), output_field=TextField())
    qs = qs.annotate(snippet_text=text)
    if connection.vendor == "postgresql" and stored is not None:
        qs = _stored(qs, query, stored=stored)
    elif connection.vendor == "postgresql":
        qs = _full_text(qs, query, fields=fields)
    else:
        qs = _every_word(qs, query, fields=fields)
    return qs.order_by("-rank", *then)


def _search_query(query: str) -> SearchQuery:
    return SearchQuery(query, config=CONFIG, search_type="websearch")


# How the database cuts a headline (``ts_headline``'s options, by its names).
HEADLINE = {
    "StartSel": HIGHLIGHT_START,
    "StopSel": HIGHLIGHT_STOP,
    "MaxWords": 35,
    "MinWords": 15,
    "MaxFragments": 2,
    "FragmentDelimiter": " … ",
}


@functools.cache
def headline_options() -> str:
    """HEADLINE as ``ts_headline``'s options argument, as ``SearchHeadline`` writes
    it (for a query written by hand, e.g. the library's page of results). PostgreSQL
    only; the same text every time, so worked out once a process."""
    return ", ".join(
        connection.ops.compose_sql(f"{option}=%s", [value])
        for option, value in HEADLINE.items()
    )


def _headline(found: SearchQuery) -> SearchHeadline:
    return SearchHeadline(
        F("snippet_text"),
        found,
        config=CONFIG,
        start_sel=HEADLINE["StartSel"],
        stop_sel=HEADLINE["StopSel"],
        max_words=HEADLINE["MaxWords"],
        min_words=HEADLINE["MinWords"],
        max_fragments=HEADLINE["MaxFragments"],
        fragment_delimiter=HEADLINE["FragmentDelimiter"],
    )


def _full_text(qs: QuerySet, query: str, *, fields: Fields) -> QuerySet:
    if not query.strip():
        return qs.annotate(rank=Value(0.0)).none()
    vectors = [
        SearchVector(*names, weight=weight, config=CONFIG)
        for weight, names in sorted(fields.items())
    ]
    vector = vectors[0]
    for more in vectors[1:]:
        vector = vector + more
    found = _search_query(query)
    return (
        qs.annotate(document=vector)
        .filter(document=found)
        .annotate(rank=SearchRank(vector, found), headline=_headline(found))
    )


def _stored(qs: QuerySet, query: str, *, stored: Stored) -> QuerySet:
    """Match and rank on stored vectors. The matching rows are gathered as one
    UNION of index lookups (each vector's GIN index), never by computing a vector
    or testing every row."""
    if not query.strip():
        return qs.annotate(rank=Value(0.0)).none()
    found = _search_query(query)
    everyone = qs.model._base_manager
    hits = [
        everyone.filter(**{vector: found}).order_by().values("pk")
        for vector in stored.own
    ]
    rank = Value(0.0)
    for vector in stored.own:
        rank = rank + Coalesce(SearchRank(F(vector), found), Value(0.0))
    for rows, link in stored.parts:
        part_hits = rows.filter(search_vector=found)
        hits.append(part_hits.order_by().values(link))
        best = (
            part_hits.filter(**{link: OuterRef("pk")})
            .order_by()
            .values(link)
            .annotate(best=Max(SearchRank(F("search_vector"), found)))
            .values("best")
        )
        rank = rank + Coalesce(
            Subquery(best[:1], output_field=FloatField()), Value(0.0)
        )
    first, *more = hits
    found_pks = ArraySubquery((first.union(*more) if more else first).order_by())
    return qs.filter(_AnyOf(F("pk"), found_pks)).annotate(
        rank=rank, headline=_headline(found)
    )


class _AnyOf(Func):
    """``value = ANY(ARRAY(subquery))``. As ``pk IN (subquery)`` the planner, which
    cannot guess how many rows a text search finds, joined every visible row to
    the matches (316 × 97 comparisons for "Yalta"); an array is computed once and
    its rows are then fetched by primary key."""

    arg_joiner = " = ANY("
    template = "%(expressions)s)"
    output_field = BooleanField()


def _every_word(qs: QuerySet, query: str, *, fields: Fields) -> QuerySet:
    words = search_words(query)
    if not words:
        return qs.annotate(rank=Value(0)).none()
    qs, names = _named(qs, fields)
    for word in words:
        qs = qs.filter(_any_contains([name for _weight, name in names], word))
    # A word in a title (any weight-"A" field) counts once.
    titles = [name for weight, name in names if weight == "A"]
    hits = [
        Case(
            When(_any_contains(titles, word), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
        for word in words
        if titles
    ]
    return qs.annotate(rank=sum(hits, Value(0)))


def _named(qs: QuerySet, fields: Fields) -> tuple[QuerySet, list[tuple[str, str]]]:
    """(weight, name) of each field; an expression gets an alias so it can be
    filtered on."""
    names = []
    for weight, group in sorted(fields.items()):
        for number, field in enumerate(group):
            if isinstance(field, str):
                names.append((weight, field))
            else:
                alias = f"_search_{weight}{number}"
                qs = qs.alias(**{alias: field})
                names.append((weight, alias))
    return qs, names


def _any_contains(names: Sequence[str], word: str) -> Q:
    found = Q()
    for name in names:
        found |= Q(**{f"{name}__icontains": word})
    return found
