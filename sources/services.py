"""Changes to the library: one function per action, used by views, admin, the
content loader and tests alike."""

from collections.abc import Iterable
from datetime import date as date_type

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max, ProtectedError
from django.db.models.deletion import Collector
from django.utils.text import slugify
from django.utils.translation import gettext as _

from sources.models import (
    Excerpt,
    ExcerptImage,
    ExcerptTranslation,
    GlossaryTerm,
    Source,
    Theme,
    split_paragraphs,
)

SOURCE_FIELDS = [
    "title",
    "creator",
    "date",
    "date_precision",
    "date_note",
    "kind",
    "is_primary",
    "language",
    "perspective",
    "archive",
    "archive_identifier",
    "citation",
    "url",
    "rights",
    "headnote",
]


def normalize_paragraphs(text: str, *, one_per_line: bool = False) -> str:
    """Pasted text as the portal stores it: paragraphs separated by one blank line,
    each trimmed. With ``one_per_line``, every non-empty line is a paragraph (text
    copied from many web pages arrives that way)."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    if one_per_line:
        blocks = [line.strip() for line in text.split("\n") if line.strip()]
    else:
        blocks = split_paragraphs(text)
    return "\n\n".join(blocks)


# Slugs that are addresses of library pages themselves.
RESERVED_SLUGS = {"new", "edit", "delete", "passages", "pictures", "images"}


def unique_slug(base: str, taken) -> str:
    base = slugify(base)[:100].strip("-") or "item"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or taken(slug):
        slug = f"{base}-{n}"
        n += 1
    return slug


@transaction.atomic
def theme_ensure(*, slug: str, name: str) -> Theme:
    """The theme with this slug, created or renamed to ``name``."""
    theme, _ = Theme.objects.update_or_create(slug=slug, defaults={"name": name})
    return theme


@transaction.atomic
def source_create(
    *,
    owner,
    title: str,
    slug: str = "",
    themes: Iterable[Theme] = (),
    **fields,
) -> Source:
    """Add a source to the library. ``owner`` None makes it a shared item (admins
    only); the slug is made from the title unless given."""
    unknown = set(fields) - set(SOURCE_FIELDS)
    if unknown:
        raise TypeError(f"unknown source fields: {sorted(unknown)}")
    source = Source(owner=owner, title=title, **fields)
    source.slug = slug or unique_slug(
        title, lambda s: Source.objects.filter(slug=s).exists()
    )
    source.full_clean()
    source.save()
    source.themes.set(themes)
    return source


@transaction.atomic
def source_update(
    *, source: Source, themes: Iterable[Theme] | None = None, **fields
) -> Source:
    """Change a source's record (its slug, and so its address, stays)."""
    unknown = set(fields) - set(SOURCE_FIELDS)
    if unknown:
        raise TypeError(f"unknown source fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(source, name, value)
    source.full_clean()
    source.save(update_fields=[*fields, "updated_at"])
    if themes is not None:
        source.themes.set(themes)
    return source


def _refuse_if_used_elsewhere(obj, what: str) -> None:
    """Deleting a source or passage must never take lessons or students' evidence
    with it: if anything outside the library would go too (or is protected), refuse
    with a message that says where it is used."""
    collector = Collector(using="default")
    try:
        collector.collect([obj])
    except ProtectedError as error:
        raise ValidationError(
            _(
                "Students have cited this %(what)s in their answers, so it stays: "
                "their evidence must keep pointing at it."
            )
            % {"what": what},
            code="cited",
        ) from error
    outside = {
        model._meta.verbose_name_plural: len(objs)
        for model, objs in collector.data.items()
        if model._meta.app_label != "sources" and objs
    }
    if outside:
        where = ", ".join(f"{count} {name}" for name, count in sorted(outside.items()))
        raise ValidationError(
            _(
                "This %(what)s is used in lessons (%(where)s). Remove it from those "
                "lessons first, so nothing disappears from a lesson by surprise."
            )
            % {"what": what, "where": where},
            code="in_use",
        )


@transaction.atomic
def source_delete(*, source: Source) -> None:
    """Remove a source with its passages and their glossaries, unless a lesson or
    a student's evidence uses one of them."""
    _refuse_if_used_elsewhere(source, _("source"))
    _files_delete_on_commit(ExcerptImage.objects.filter(excerpt__source=source))
    source.delete()


def _files_delete_on_commit(images) -> None:
    """The pictures' files go once their rows are gone for good (not before: a
    rolled-back delete keeps its rows, so it must keep their files)."""
    names = [
        name
        for row in images.values_list("original", "display", "thumbnail")
        for name in row
        if name
    ]
    if names:
        transaction.on_commit(lambda: [default_storage.delete(n) for n in names])


def next_order(source: Source) -> int:
    top = source.excerpts.aggregate(top=Max("order"))["top"]
    return (top or 0) + 1


@transaction.atomic
def glossary_set(*, excerpt: Excerpt, terms: Iterable[tuple[str, str]]) -> None:
    """Make the excerpt's glossary exactly ``terms`` (term, definition)."""
    wanted = {}
    for term, definition in terms:
        term = term.strip()
        if term:
            wanted[term.lower()] = (term, definition.strip())
    for existing in excerpt.glossary.all():
        if existing.term.lower() not in wanted:
            existing.delete()
    current = {t.term.lower(): t for t in excerpt.glossary.all()}
    for key, (term, definition) in wanted.items():
        item = current.get(key) or GlossaryTerm(excerpt=excerpt)
        item.term, item.definition = term, definition
        item.full_clean()
        item.save()


@transaction.atomic
def excerpt_create(
    *,
    source: Source,
    owner,
    title: str,
    text: str,
    adapted_text: str = "",
    glossary: Iterable[tuple[str, str]] = (),
    slug: str = "",
    order: int | None = None,
) -> Excerpt:
    """Add a passage to a source. The text is stored as numbered paragraphs
    (blocks between blank lines); ``owner`` None makes it part of the shared
    library."""
    excerpt = Excerpt(
        source=source,
        owner=owner,
        title=title,
        text=normalize_paragraphs(text),
        adapted_text=normalize_paragraphs(adapted_text),
        order=order or next_order(source),
    )
    excerpt.slug = slug or unique_slug(
        title, lambda s: source.excerpts.filter(slug=s).exists()
    )
    excerpt.full_clean()
    excerpt.save()
    glossary_set(excerpt=excerpt, terms=glossary)
    return excerpt


@transaction.atomic
def excerpt_update(
    *,
    excerpt: Excerpt,
    title: str,
    text: str,
    adapted_text: str = "",
    glossary: Iterable[tuple[str, str]] | None = None,
) -> Excerpt:
    """Change a passage. Changing the text renumbers its paragraphs, so lessons
    that cite "¶3" should be checked after a change."""
    excerpt.title = title
    excerpt.text = normalize_paragraphs(text)
    excerpt.adapted_text = normalize_paragraphs(adapted_text)
    excerpt.full_clean()
    excerpt.save(update_fields=["title", "text", "adapted_text", "updated_at"])
    if glossary is not None:
        glossary_set(excerpt=excerpt, terms=glossary)
    return excerpt


@transaction.atomic
def excerpt_delete(*, excerpt: Excerpt) -> None:
    """Remove a passage and its glossary, unless a lesson or a student's evidence
    uses it."""
    _refuse_if_used_elsewhere(excerpt, _("passage"))
    _files_delete_on_commit(ExcerptImage.objects.filter(excerpt=excerpt))
    excerpt.delete()


@transaction.atomic
def excerpt_translation_save(
    *, excerpt: Excerpt, language: str, text: str
) -> ExcerptTranslation:
    """Add the excerpt's translation into ``language``, or replace the words of the
    one already there: one translated paragraph for each original paragraph, in
    the same order (paragraph n stands for original paragraph n)."""
    translation = excerpt.translations.filter(language=language).first()
    if translation is None:
        translation = ExcerptTranslation(excerpt=excerpt, language=language)
    translation.text = normalize_paragraphs(text)
    translation.full_clean(validate_constraints=False)
    translation.save()
    return translation


@transaction.atomic
def excerpt_translation_delete(*, translation: ExcerptTranslation) -> None:
    """Remove a translation. A student's quotation from it stays in their answer
    (the citation keeps its words and the paragraph it stands for)."""
    translation.delete()


class PrivateCopies:
    """Copies of other people's private sources and passages for one new owner,
    each made once (a unit places one passage in several lessons)."""

    def __init__(self, owner):
        self.owner = owner
        self.sources: dict[int, Source] = {}
        self.excerpts: dict[int, Excerpt] = {}

    def _is_someone_elses(self, owner_id) -> bool:
        return owner_id is not None and owner_id != self.owner.pk

    def source(self, source: Source) -> Source:
        """The source itself when it is shared or the owner's; otherwise the
        owner's own copy of its record."""
        if not self._is_someone_elses(source.owner_id):
            return source
        if source.pk not in self.sources:
            self.sources[source.pk] = source_create(
                owner=self.owner,
                themes=list(source.themes.all()),
                **{name: getattr(source, name) for name in SOURCE_FIELDS},
            )
        return self.sources[source.pk]

    def excerpt(self, excerpt: Excerpt) -> Excerpt:
        """The passage itself when it is shared (on a shared source) or the
        owner's; otherwise the owner's own copy, on the owner's copy of a private
        source or on the same shared source."""
        private = self._is_someone_elses(excerpt.owner_id) or self._is_someone_elses(
            excerpt.source.owner_id
        )
        if not private:
            return excerpt
        if excerpt.pk not in self.excerpts:
            self.excerpts[excerpt.pk] = excerpt_create(
                source=self.source(excerpt.source),
                owner=self.owner,
                title=excerpt.title,
                text=excerpt.text,
                adapted_text=excerpt.adapted_text,
                glossary=[(t.term, t.definition) for t in excerpt.glossary.all()],
            )
        return self.excerpts[excerpt.pk]


def parse_year_date(value) -> tuple[date_type | None, str]:
    """A date from content files: a date, "YYYY-MM" or "YYYY" (or None), with the
    precision it was given at."""
    if value in (None, ""):
        return None, Source.DatePrecision.DAY
    if isinstance(value, date_type):
        return value, Source.DatePrecision.DAY
    text = str(value).strip()
    parts = text.split("-")
    if len(parts) == 1:
        return date_type(int(parts[0]), 1, 1), Source.DatePrecision.YEAR
    if len(parts) == 2:
        return date_type(int(parts[0]), int(parts[1]), 1), Source.DatePrecision.MONTH
    return date_type.fromisoformat(text), Source.DatePrecision.DAY
