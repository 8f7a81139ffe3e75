"""A page of the library's search on PostgreSQL, as one query written by hand.

``sources.selectors.sources_for_library`` says what a search finds and how it
ranks; built through the ORM it cost more to put together and compile (some
20,000 Python calls) than the database took to answer it. This is the same
search for the one page shown, in SQL that is the same for every search of the
same filters (PostgreSQL keeps it prepared):

- the sources found: those whose own stored vector matches, and those with a
  passage the viewer may see that matches (each through its GIN index), the
  query read once from ``q`` (a sub-select: under the generic plan PostgreSQL
  keeps, ``websearch_to_tsquery`` written in the condition ran for every row,
  14 % of the statement's time on the bench library);
- each ranked as ``portal.search`` ranks them: the source's vector's rank plus its
  best visible passage's, then by date and title (the best passage's rank comes
  with the source found, grouped once: joined back to the passages' matches, it
  ran as a loop over both, a tenth of the statement);
- the total found, with the page (a window count);
- for the page's sources only: the count of visible passages, the text the
  snippet is cut from (the headnote and the visible passages, gathered once),
  the database's headline of it, and the names of the themes.

Only for viewers who may use the library (``can_use_library``); the rows a viewer
may see are ``sources.permissions.shared_or_own_sql``, the library's rule.
tests/sources/test_search_postgres.py holds this to ``sources_for_library``.

A page of rows, once read, is kept by the process under the library's version
(``sources_library_version``, moved on by the database at every write to the
tables read here: sources/migrations/0009_library_version.py) and everything else
the rows depend on: the statement, its values, and the viewer, unless the viewer
owns nothing in the library (then the rows are the shared library's, the same for
every such viewer: a class searching the word its teacher gave). A kept page is
found only while nothing in the library changed; one query (the version) stands
for the search's statement. tests/sources/test_search_kept.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import connection

from portal.cache import Remembered
from portal.search import CONFIG, headline_options
from sources.models import Source
from sources.permissions import shared_or_own_sql

if TYPE_CHECKING:
    from sources.selectors import LibraryFilters

# The columns of a card (the selectors' LIST_COLUMNS), as the model's attributes.
CARD_COLUMNS = (
    "id",
    "slug",
    "title",
    "creator",
    "date",
    "date_precision",
    "kind",
    "is_primary",
    "owner_id",
)
_CARD_SELECT = ", ".join(f"s.{name}" for name in CARD_COLUMNS)
_PAGE_SELECT = ", ".join(f"p.{name}" for name in CARD_COLUMNS)
_ORDER = "rank DESC, date ASC NULLS LAST, title ASC, id ASC"

# The search as a text query. Matched against in place (not through ``q``, the
# same computed once) so the planner sees a constant it can look up in an index.
_QUERY = "websearch_to_tsquery(%(config)s::regconfig, %(query)s)"

_FILTERS = {
    "theme": (
        "EXISTS (SELECT 1 FROM sources_source_themes st"
        " WHERE st.source_id = s.id AND st.theme_id = %(theme)s)"
    ),
    "kind": "s.kind = %(kind)s",
    "primary": "s.is_primary = %(primary)s",
    "date_from": "s.date >= %(date_from)s",
    "date_to": "s.date <= %(date_to)s",
}

# Only this module's constants go into the text (every value is a parameter).
PAGE_SQL = f"""
WITH q AS MATERIALIZED (
  SELECT {_QUERY} AS query
),
passage_hits AS (
  SELECT e.source_id, MAX(ts_rank(e.search_vector, q.query)) AS best
  FROM sources_excerpt e JOIN sources_source es ON es.id = e.source_id, q
  WHERE e.search_vector @@ (SELECT query FROM q)
    AND {shared_or_own_sql("es")} AND {shared_or_own_sql("e")}
  GROUP BY e.source_id
),
found AS (
  SELECT id, MAX(best) AS best FROM (
    SELECT s.id, NULL::real AS best FROM sources_source s
      WHERE s.search_vector @@ (SELECT query FROM q)
    UNION ALL
    SELECT source_id, best FROM passage_hits
  ) AS hits GROUP BY id
),
page AS (
  SELECT {_CARD_SELECT}, s.headnote,
    (0.0::float8 + COALESCE(ts_rank(s.search_vector, q.query), 0.0::float8))
      + COALESCE(found.best, 0.0::float8) AS rank,
    COUNT(*) OVER () AS total_found
  FROM found JOIN sources_source s ON s.id = found.id CROSS JOIN q
  WHERE {shared_or_own_sql("s")}{{filters}}
  ORDER BY {_ORDER}
  LIMIT %(size)s OFFSET %(start)s
)
SELECT {_PAGE_SELECT}, p.rank, p.total_found,
  (SELECT COUNT(*) FROM sources_excerpt e
    WHERE e.source_id = p.id AND {shared_or_own_sql("e")}) AS excerpt_count,
  t.snippet_text,
  ts_headline(%(config)s::regconfig, t.snippet_text, q.query, %(headline)s)
    AS headline,
  ARRAY(SELECT th.name FROM sources_source_themes st
    JOIN sources_theme th ON th.id = st.theme_id
    WHERE st.source_id = p.id ORDER BY th.name) AS theme_names
FROM page p CROSS JOIN q
  CROSS JOIN LATERAL (
    SELECT COALESCE(p.headnote || E'\\n' || COALESCE((
      SELECT STRING_AGG(e.text, E'\\n\\n') FROM sources_excerpt e
      WHERE e.source_id = p.id AND {shared_or_own_sql("e")}), ''), '')
      AS snippet_text
  ) t
ORDER BY {_ORDER}
"""  # noqa: S608


# Pages of results kept per process (each 20 rows, with their snippets' text).
MOST_KEPT = 128
_kept = Remembered(most=MOST_KEPT)

# The library's version, and whether the viewer owns a source or a passage (the
# same snapshot: an owned row's writing moves the version on).
_VERSION_SQL = """
SELECT v.version,
  EXISTS (SELECT 1 FROM sources_source WHERE owner_id = %(viewer)s)
  OR EXISTS (SELECT 1 FROM sources_excerpt WHERE owner_id = %(viewer)s)
FROM sources_library_version v
"""


def _version(cursor, viewer: int) -> tuple[int | None, bool]:
    """The version (None without its row: nothing is kept) and whether the
    viewer owns anything in the library."""
    cursor.execute(_VERSION_SQL, {"viewer": viewer})
    return cursor.fetchone() or (None, True)


def _read(sql: str, params: dict) -> list[tuple]:
    """The statement's rows, from the kept page when the library is as it was
    when the page was read. A page is kept only when the version is the same
    after the statement as before it (no write landed in between)."""
    with connection.cursor() as cursor:
        version, owns = _version(cursor, params["viewer"])
        viewer = params["viewer"] if owns else None
        values = tuple(sorted((k, v) for k, v in params.items() if k != "viewer"))
        key = (connection.settings_dict["NAME"], version, viewer, sql, values)
        rows = _kept.get(key) if version is not None else None
        if rows is None:
            cursor.execute(sql, params)
            # Each row's theme names (the last column) as a tuple: kept rows are
            # shared by the requests that find them, and nothing may change them.
            rows = [(*row[:-1], tuple(row[-1])) for row in cursor.fetchall()]
            if version is not None and _version(cursor, params["viewer"])[0] == version:
                _kept.put(key, rows)
    return rows


def search_rows(*, user, filters: LibraryFilters, start: int, size: int) -> list:
    """Sources ``start`` to ``start + size`` of the viewer's search (a viewer who
    may use the library), best first, each with ``rank``, ``total_found``,
    ``excerpt_count``, ``snippet_text``, ``headline`` and ``theme_names``."""
    params = filters.in_use()  # by the names of _FILTERS
    where = "".join(f" AND {_FILTERS[name]}" for name in params)
    params.update(
        config=CONFIG,
        query=filters.query.strip(),
        headline=headline_options(),
        viewer=user.pk,
        size=size,
        start=start,
    )
    rows = _read(PAGE_SQL.format(filters=where), params)
    width = len(CARD_COLUMNS)
    found = []
    for row in rows:
        source = Source.from_db(connection.alias, CARD_COLUMNS, row[:width])
        (
            source.rank,
            source.total_found,
            source.excerpt_count,
            source.snippet_text,
            source.headline,
            themes,
        ) = row[width:]
        source.theme_names = list(themes)  # its own list (a kept row holds a tuple)
        found.append(source)
    return found
