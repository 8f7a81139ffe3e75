"""Reads for library pages. Every read takes the viewer and returns only what that
person may see, with what the page needs fetched in a fixed number of queries."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    Count,
    F,
    Func,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    StringAgg,
    Subquery,
    TextField,
    Value,
    Window,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from portal.cache import Remembered
from portal.search import Stored, search, snippet_of
from sources.library_search import search_rows
from sources.models import Excerpt, GlossaryTerm, Source, Theme
from sources.permissions import (
    can_use_library,
    excerpts_readable_by,
    excerpts_visible_to,
    sources_visible_to,
)
from sources.webpage import web_page_sections


@dataclass
class LibraryFilters:
    query: str = ""
    theme: Theme | None = None
    kind: str = ""
    primary: bool | None = None
    year_from: int | None = None
    year_to: int | None = None

    def in_use(self) -> dict:
        """The filters set, each by its name and the value it compares with (the
        years as their first and last days): the one reading of the filters that
        the ORM's query (``_conditions``) and the written-out search
        (``sources.library_search``) both use."""
        used = {
            "theme": self.theme.pk if self.theme is not None else None,
            "kind": self.kind or None,
            "primary": self.primary,
            "date_from": date(self.year_from, 1, 1)
            if self.year_from is not None
            else None,
            "date_to": date(self.year_to, 12, 31) if self.year_to is not None else None,
        }
        return {name: value for name, value in used.items() if value is not None}


def _visible_excerpt_text(visible: QuerySet) -> Subquery:
    """All the text of a source's ``visible`` passages, as one string."""
    rows = (
        visible.filter(source=OuterRef("pk"))
        .order_by()
        .values("source")
        .annotate(all_text=StringAgg("text", delimiter=Value("\n\n")))
        .values("all_text")
    )
    return Subquery(rows[:1])


# What a card in the list shows (``library_results``): the rest of a source (its
# headnote, citation, stored search vector) stays in the database.
LIST_COLUMNS = (
    "slug",
    "title",
    "creator",
    "date",
    "date_precision",
    "kind",
    "is_primary",
    "owner",
)


class _Joined(Func):
    """Texts joined with ``||``, for parts that are never NULL (the headnote is a
    required column). Django's ``Concat`` casts and coalesces every part again,
    and was a third of the time spent compiling a search's SQL."""

    arg_joiner = " || "
    template = "(%(expressions)s)"
    output_field = TextField()


# The ORM's lookup for each filter of ``LibraryFilters.in_use``.
_LOOKUPS = {
    "theme": "themes",
    "kind": "kind",
    "primary": "is_primary",
    "date_from": "date__gte",
    "date_to": "date__lte",
}


def _conditions(filters: LibraryFilters) -> dict:
    """The filters in use, as one ``filter()``'s arguments."""
    return {_LOOKUPS[name]: value for name, value in filters.in_use().items()}


def sources_for_library(*, user, filters: LibraryFilters | None = None) -> QuerySet:
    """The sources a viewer may see, filtered, and ranked by relevance when there is
    a search (PostgreSQL full text; elsewhere, every word must appear somewhere).
    Each row has ``excerpt_count`` and, when searching, what ``snippet_of`` needs;
    only the LIST_COLUMNS are read; ``library_results`` adds the themes."""
    filters = filters or LibraryFilters()
    # A subquery, not a join with GROUP BY: grouped, PostgreSQL cut a search
    # snippet for every match (twice, with the count), not just the page's.
    passages = (
        Excerpt.objects.filter(source=OuterRef("pk"))
        .filter(Q(owner__isnull=True) | Q(owner=user))
        .order_by()
        .values("source")
        .annotate(n=Count("pk"))
        .values("n")
    )
    qs = (
        sources_visible_to(user)
        .filter(**_conditions(filters))
        .annotate(excerpt_count=Coalesce(Subquery(passages[:1]), Value(0)))
        .only(*LIST_COLUMNS)
    )

    query = (filters.query or "").strip()
    if not query:
        return qs.order_by(F("date").asc(nulls_last=True), "title")
    visible = excerpts_visible_to(user)
    passages = _visible_excerpt_text(visible)
    # Title outranks creator, which outranks headnote and citation, which outrank
    # the passages: a source named for the search beats one that mentions it.
    return search(
        qs,
        query,
        fields={
            "A": ["title"],
            "B": ["creator"],
            "C": ["headnote", "citation"],
            "D": [passages],
        },
        snippet_from=_Joined(
            F("headnote"),
            Value("\n", output_field=TextField()),
            Coalesce(passages, Value(""), output_field=TextField()),
        ),
        then=(F("date").asc(nulls_last=True), "title"),
        # PostgreSQL: the same fields at the same weights, stored and indexed
        # (the source's own vector, and each passage's the viewer may see).
        stored=Stored(parts=[(visible, "source")]),
    )


# Sources a page of the library. A search's snippets are cut per row of the page,
# so the page's size is most of a search's cost; 20 fill a screen or two.
LIBRARY_PAGE_SIZE = 20


def _page_number(number) -> int:
    try:
        return int(number)
    except (TypeError, ValueError):
        return 1


def library_search_page(*, user, filters: LibraryFilters, number) -> Page | None:
    """Page ``number`` of a search (PostgreSQL, a viewer who may use the library)
    through ``sources.library_search``: the page ``library_page`` would give of
    ``sources_for_library``, at a fraction of the cost. None when it does not
    apply (no search, another database, a page before the first or past the
    end): the caller pages ``sources_for_library``."""
    wanted = _page_number(number)
    query = (filters.query or "").strip()
    if not (query and connection.vendor == "postgresql" and can_use_library(user)):
        return None
    if wanted < 1:
        return None
    start = (wanted - 1) * LIBRARY_PAGE_SIZE
    rows = search_rows(user=user, filters=filters, start=start, size=LIBRARY_PAGE_SIZE)
    if not rows and wanted > 1:
        return None
    paginator = Paginator([], LIBRARY_PAGE_SIZE)
    paginator.count = rows[0].total_found if rows else 0
    return Page(rows, wanted, paginator)


def library_page(sources: QuerySet, number) -> Page:
    """Page ``number`` of ``sources_for_library`` (LIBRARY_PAGE_SIZE sources), as
    ``Paginator.get_page`` answers: not a number gives the first page, a number
    past the end the last. The total comes with the page's rows (a window count)
    instead of from a COUNT that would find every match a second time; only a page
    past the end costs the count and a second read."""
    paginator = Paginator(sources, LIBRARY_PAGE_SIZE)
    wanted = _page_number(number)
    if wanted >= 1:
        start = (wanted - 1) * LIBRARY_PAGE_SIZE
        counted = sources.annotate(total_found=Window(Count("*")))
        rows = list(counted[start : start + LIBRARY_PAGE_SIZE])
        if rows or wanted == 1:
            paginator.count = rows[0].total_found if rows else 0
            return Page(rows, wanted, paginator)
    return paginator.get_page(wanted)


@dataclass(frozen=True)
class LibraryResult:
    """One source in the library's list with what its card shows worked out once
    (the card only prints it): the link, the kind and the date in words, the names
    of its themes, and the snippet a search found in it."""

    source: Source
    url: str
    kind: str
    date: str
    themes: list[str]
    snippet: str = ""


# A slug is URL-safe as it stands, so the page reverses the detail URL once and
# puts each card's slug in it (reversing per card was a tenth of the page's time).
_SLUG_HOLE = "__slug__"


def _theme_names(sources: list[Source]) -> dict[int, list[str]]:
    """Each source's themes by name, as the search's rows bring them
    (``theme_names``) or in one query."""
    if hasattr(sources[0], "theme_names"):
        return {source.pk: source.theme_names for source in sources}
    themes: dict[int, list[str]] = {source.pk: [] for source in sources}
    tagged = (
        Source.themes.through.objects.filter(source_id__in=themes)
        .order_by("theme__name")
        .values_list("source_id", "theme__name")
    )
    for source_id, name in tagged:
        themes[source_id].append(name)
    return themes


# A card's kind and date in words, by language: the same few hundred for everyone
# (a date in words was a fifth of ``library_results``). Forgotten on a change of
# settings (the formats, the languages) or of a translation catalogue.
_CARD_WORDS = Remembered(most=4096)
_KINDS = dict(Source.Kind.choices)


def _kind_label(kind: str, language: str) -> str:
    return _CARD_WORDS.get_or_make(
        (language, kind), lambda: str(_KINDS.get(kind, kind))
    )


def _date_label(source: Source, language: str) -> str:
    return _CARD_WORDS.get_or_make(
        (language, source.date, source.date_precision), lambda: source.date_label
    )


def library_results(sources, *, query: str) -> list[LibraryResult]:
    """The sources of one page of ``sources_for_library``, each with its card's
    words and, when there is a search, its snippet (highlight markers around the
    words found). One query: the themes of the page's sources, by name."""
    sources = list(sources)
    if not sources:
        return []
    themes = _theme_names(sources)
    language = get_language()
    detail = reverse("sources:source_detail", kwargs={"slug": _SLUG_HOLE})
    return [
        LibraryResult(
            source=s,
            url=detail.replace(_SLUG_HOLE, s.slug),
            kind=_kind_label(s.kind, language),
            date=_date_label(s, language),
            themes=themes[s.pk],
            snippet=snippet_of(s, query) if query else "",
        )
        for s in sources
    ]


def source_for_detail(*, user, source: Source) -> Source:
    """A source with the passages (and their glossaries) this viewer may see."""
    excerpts = (
        excerpts_visible_to(user)
        .filter(source=source)
        .select_related("image")
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
        .select_related("source", "image")
        .prefetch_related(
            Prefetch("glossary", queryset=GlossaryTerm.objects.order_by("term")),
            "translations",
        )
        .get(pk=excerpt.pk)
    )


def themes_in_use() -> QuerySet:
    return Theme.objects.order_by("name")


@dataclass(frozen=True)
class PictureRelatives:
    """The pictures a picture excerpt is tied to, as far as the viewer may read
    them: the whole it is a detail of, and the details cut from it."""

    whole: Excerpt | None
    details: list[Excerpt]


def picture_relatives(*, user, excerpt: Excerpt) -> PictureRelatives:
    if not excerpt.is_image:
        return PictureRelatives(whole=None, details=[])
    visible = excerpts_visible_to(user).select_related("source")
    whole_id = excerpt.image.detail_of_id
    whole = visible.filter(pk=whole_id).first() if whole_id else None
    details = list(visible.filter(image__detail_of=excerpt).order_by("order"))
    return PictureRelatives(whole=whole, details=details)


@dataclass(frozen=True)
class WebPage:
    """A web page source laid out as a page (``sources.webpage``), with only the
    excerpts the viewer may read."""

    source: Source
    sections: list


def web_page_for_reader(*, user, slug: str) -> WebPage | None:
    """The page a "web page" source holds, for anyone who may read its excerpts
    (its teachers in the library, the students of a lesson using it); None when the
    viewer may read none of them (the view answers 404)."""
    excerpts = list(
        excerpts_readable_by(user)
        .filter(
            source__slug=slug,
            source__kind=Source.Kind.WEB_PAGE,
            kind=Excerpt.Kind.TEXT,
        )
        .select_related("source")
        .order_by("order")
    )
    if not excerpts:
        return None
    return WebPage(source=excerpts[0].source, sections=web_page_sections(excerpts))


def quoted_paragraphs(*, excerpt: Excerpt, language: str = "") -> list[str]:
    """The paragraphs a quotation is checked against: the excerpt's own, or those of
    its translation into ``language`` (paragraph n of which stands for original
    paragraph n). A language the excerpt has no translation into is refused."""
    if not language:
        return excerpt.paragraphs
    translation = excerpt.translations.filter(language=language).first()
    if translation is None:
        raise ValidationError(
            _("“%(title)s” has no translation into that language.")
            % {"title": excerpt.title},
            code="no_translation",
        )
    return translation.paragraphs
