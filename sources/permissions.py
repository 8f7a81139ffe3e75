"""Who may see and change what in the library.

The library belongs to teachers (and admins). Each teacher sees the shared library
(items with no owner) and their own items; only admins change shared items. Another
teacher's source or passage is out of sight: fetching it answers 404, as a missing
one does.
"""

from collections.abc import Callable

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from sources.models import Excerpt, ExcerptImage, ExcerptTranslation, Source


def can_use_library(user) -> bool:
    """Teachers and admins use the library."""
    return bool(user.is_authenticated and (user.is_teacher or user.is_staff))


def can_view_source(user, source: Source) -> bool:
    """A shared source, or one of your own."""
    return can_use_library(user) and (
        source.owner_id is None or source.owner_id == user.pk
    )


def can_edit_source(user, source: Source) -> bool:
    """Your own source; a shared one only if you are an admin."""
    if not can_use_library(user):
        return False
    if source.owner_id is None:
        return bool(user.is_staff)
    return source.owner_id == user.pk


def can_add_excerpt(user, source: Source) -> bool:
    """Any teacher may add their own passage to a source they can see (this is how a
    catalogued document gets its text)."""
    return can_view_source(user, source)


def can_edit_excerpt(user, excerpt: Excerpt) -> bool:
    """Your own passage; a shared one only if you are an admin."""
    if not can_use_library(user):
        return False
    if excerpt.owner_id is None:
        return bool(user.is_staff)
    return excerpt.owner_id == user.pk


def _shared_or_own(user) -> Q:
    return Q(owner__isnull=True) | Q(owner=user)


def shared_or_own_sql(table: str) -> str:
    """``_shared_or_own`` in SQL, for the rows of ``table`` (an alias), the viewer's
    id in the parameter ``%(viewer)s``: for the library's search, written by hand
    (sources.library_search), which holds only to viewers who may use the library
    (``can_use_library``). tests/sources/test_search_postgres.py holds the two
    rules to the same rows."""
    return f"({table}.owner_id IS NULL OR {table}.owner_id = %(viewer)s)"


def sources_visible_to(user, queryset: QuerySet | None = None) -> QuerySet:
    queryset = Source.objects.all() if queryset is None else queryset
    if not can_use_library(user):
        return queryset.none()
    return queryset.filter(_shared_or_own(user))


def sources_editable_by(user, queryset: QuerySet | None = None) -> QuerySet:
    queryset = Source.objects.all() if queryset is None else queryset
    if not can_use_library(user):
        return queryset.none()
    if user.is_staff:
        return queryset.filter(_shared_or_own(user))
    return queryset.filter(owner=user)


def excerpts_visible_to(user, queryset: QuerySet | None = None) -> QuerySet:
    queryset = Excerpt.objects.all() if queryset is None else queryset
    if not can_use_library(user):
        return queryset.none()
    return queryset.filter(
        Q(source__owner__isnull=True) | Q(source__owner=user)
    ).filter(_shared_or_own(user))


def excerpts_editable_by(user, queryset: QuerySet | None = None) -> QuerySet:
    queryset = excerpts_visible_to(user, queryset)
    return queryset if user.is_staff else queryset.filter(owner=user)


def get_source_for_user_or_404(user, slug: str, *, edit: bool = False) -> Source:
    scope = sources_editable_by(user) if edit else sources_visible_to(user)
    return get_object_or_404(scope, slug=slug)


def get_excerpt_for_user_or_404(
    user, source_slug: str, excerpt_slug: str, *, edit: bool = False
) -> Excerpt:
    scope = excerpts_editable_by(user) if edit else excerpts_visible_to(user)
    return get_object_or_404(
        scope.select_related("source").prefetch_related("glossary"),
        source__slug=source_slug,
        slug=excerpt_slug,
    )


def get_translation_for_user_or_404(
    user, source_slug: str, excerpt_slug: str, language: str
) -> ExcerptTranslation:
    """A translation of an excerpt the viewer may edit (its owner, or an admin for
    the shared library); anyone else's answers 404."""
    return get_object_or_404(
        ExcerptTranslation.objects.select_related("excerpt__source").filter(
            excerpt__in=excerpts_editable_by(user)
        ),
        excerpt__source__slug=source_slug,
        excerpt__slug=excerpt_slug,
        language=language,
    )


# --- who reads an excerpt beyond the library ---------------------------------------
# The library's rule above is for teachers at work. Others read an excerpt because a
# higher app puts it in front of them: a co-author's unit (lessons), an assignment
# of a student's class (assignments). Those apps register a scope here from their
# AppConfig.ready(): a function of the viewer answering a queryset of excerpt ids.
ReaderScope = Callable[[object], QuerySet]
_READER_SCOPES: list[ReaderScope] = []


def excerpt_readers_register(scope: ReaderScope) -> None:
    if scope not in _READER_SCOPES:
        _READER_SCOPES.append(scope)


def excerpts_readable_by(user) -> QuerySet:
    """Every excerpt the viewer may read anywhere in the portal: the library's, and
    those the registered scopes put in front of them."""
    if not user.is_authenticated:
        return Excerpt.objects.none()
    readable = Q(pk__in=excerpts_visible_to(user).values("pk"))
    for scope in _READER_SCOPES:
        readable |= Q(pk__in=scope(user))
    return Excerpt.objects.filter(readable)


def get_excerpt_image_for_user_or_404(user, pk: int) -> ExcerptImage:
    """The picture of an excerpt the viewer may read; anyone else's answers 404,
    as a missing one does (a picture of a teacher's own source is never public)."""
    return get_object_or_404(
        ExcerptImage.objects.filter(excerpt__in=excerpts_readable_by(user)), pk=pk
    )
