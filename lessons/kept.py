"""What a lesson shows every student, fetched once per process and kept while its
content stays the same: its excerpts (with their sources, pictures, glossary and
translations), its prompts (with the excerpts they point to) and its related
documents. Six queries and about 15,000 Python calls of the ORM's prefetching on
every assignment page; kept, it is one query and an unpickling.

Why a kept copy is never stale: it is looked up by a digest of every row it was
made from (the lesson's own row too), computed by PostgreSQL at each use from the
rows as they are now. Any change, whether it comes through a form, the admin, a
queryset update that sends no signal, or another process, gives another digest,
so the copy is not found and the rows are read again. Nothing personal is in it:
the same lesson reads the same for every student. Each use gets its own objects
(unpickled from the kept bytes), so what a page sets on them stays in that page.

On SQLite (a laptop) nothing is kept: the rows are read each time."""

import pickle
from functools import cache

from django.db import connection

from lessons.models import Lesson, LessonExcerpt, LessonSource, Prompt
from portal.cache import Remembered
from sources.models import (
    Excerpt,
    ExcerptImage,
    ExcerptTranslation,
    GlossaryTerm,
    Source,
)

# Lessons kept per process: a school's timetable of lessons in a week fits.
MOST_KEPT = 64
_kept = Remembered(most=MOST_KEPT)


# The models whose rows the digest covers: markup kept under it may be made from
# these and nothing else (portal.fragments.PerContentNode checks the rows it is
# given).
DIGESTED = (
    Lesson,
    LessonExcerpt,
    LessonSource,
    Prompt,
    Excerpt,
    ExcerptImage,
    ExcerptTranslation,
    GlossaryTerm,
    Source,
)


@cache
def _digest_sql() -> str:
    """One statement giving the md5 of every row the kept copy is made from, each
    as PostgreSQL prints the whole row, sorted."""
    t = {model.__name__: model._meta.db_table for model in DIGESTED}
    pe = Prompt.lesson_excerpts.through._meta.db_table
    # Table names from the models, no input: nothing to inject.
    return f"""
WITH p AS (SELECT * FROM {t["Prompt"]} WHERE lesson_id = %(lesson)s),
pe AS (SELECT * FROM {pe} WHERE prompt_id IN (SELECT id FROM p)),
le AS (
  SELECT * FROM {t["LessonExcerpt"]} WHERE lesson_id = %(lesson)s
  OR id IN (SELECT lessonexcerpt_id FROM pe)
),
ls AS (SELECT * FROM {t["LessonSource"]} WHERE lesson_id = %(lesson)s),
e AS (SELECT * FROM {t["Excerpt"]} WHERE id IN (SELECT excerpt_id FROM le))
SELECT md5(coalesce(string_agg(r, E'\\n' ORDER BY r), '')) FROM (
  SELECT 'l' || l::text FROM {t["Lesson"]} l WHERE id = %(lesson)s
  UNION ALL SELECT 'p' || p::text FROM p
  UNION ALL SELECT 'pe' || pe::text FROM pe
  UNION ALL SELECT 'le' || le::text FROM le
  UNION ALL SELECT 'ls' || ls::text FROM ls
  UNION ALL SELECT 'e' || e::text FROM e
  UNION ALL SELECT 's' || s::text FROM {t["Source"]} s
    WHERE id IN (SELECT source_id FROM e UNION SELECT source_id FROM ls)
  UNION ALL SELECT 'i' || i::text FROM {t["ExcerptImage"]} i
    WHERE excerpt_id IN (SELECT id FROM e)
  UNION ALL SELECT 'g' || g::text FROM {t["GlossaryTerm"]} g
    WHERE excerpt_id IN (SELECT id FROM e)
  UNION ALL SELECT 't' || t::text FROM {t["ExcerptTranslation"]} t
    WHERE excerpt_id IN (SELECT id FROM e)
) AS rows (r)"""  # noqa: S608


def _digest(lesson_pk: int) -> str | None:
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(_digest_sql(), {"lesson": lesson_pk})
        return cursor.fetchone()[0]


def with_students_content(lesson: Lesson, fetch) -> None:
    """Give ``lesson`` (a copy with nothing prefetched) what ``fetch(lesson)``
    prefetches onto it, from the kept copy when its rows are unchanged. The lesson
    then carries the digest its content matches (``content_digest``, what markup
    made from it is kept under: portal.fragments.PerContentNode), or None.

    A copy is kept only when the rows read are the rows digested: the digest is
    computed again after reading them, and a change in between (a teacher saving at
    that moment) keeps nothing and marks nothing, so the next request reads again.
    The lesson's own fields were read before (with the assignment): the markup's key
    holds them too (PerContentNode), so a lesson row older than the digest is kept
    under a key no request with the newer row looks up."""
    digest = _digest(lesson.pk)
    lesson.content_digest = None
    lesson.content_models = DIGESTED
    key = (lesson.pk, digest)
    kept = _kept.get(key) if digest else None
    if kept is not None:
        lesson._prefetched_objects_cache = pickle.loads(kept)  # noqa: S301 - our own bytes
        lesson.content_digest = digest
        return
    fetch(lesson)
    if digest and _digest(lesson.pk) == digest:
        _kept.put(
            key,
            pickle.dumps(lesson._prefetched_objects_cache, pickle.HIGHEST_PROTOCOL),
        )
        lesson.content_digest = digest


def forget() -> None:
    """Drop every kept copy (a test measuring the first read of a lesson)."""
    _kept.clear()
