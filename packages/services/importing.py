"""Import a unit package: one transaction (all or nothing) and idempotent. The unit
is matched by its package id (or its slug), sources by slug and content, themes by
slug, so importing the same package twice changes nothing the second time. A local
source that has the same slug but different content is never overwritten: the
package's version is added beside it under a new slug."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, Q
from django.utils.translation import gettext as _

from lessons.models import Lesson, LessonExcerpt, LessonSource, Prompt, Unit
from packages.archive import PackageError, package_read
from packages.models import UnitPackageIdentity
from packages.services.fields import (
    EXCERPT_FIELDS,
    LESSON_FIELDS,
    PROMPT_FIELDS,
    UNIT_FIELDS,
    packaged,
)
from packages.services.translations import translations_expect, translations_import
from sources.models import Excerpt, GlossaryTerm, Source, Theme
from sources.pictures import picture_attach, picture_files_kept_on_success
from sources.services import SOURCE_FIELDS

Progress = Callable[[str, int, int], None]


def _no_progress(stage: str, done: int, total: int) -> None:
    pass


@dataclass
class ImportResult:
    """What an import did, per kind of record: how many were created, updated or
    already as in the package."""

    unit: Unit | None = None
    title: str = ""
    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def count(self, kind: str, outcome: str) -> None:
        row = self.counts.setdefault(kind, {"created": 0, "updated": 0, "unchanged": 0})
        row[outcome] += 1

    @property
    def changed(self) -> bool:
        return any(row["created"] or row["updated"] for row in self.counts.values())

    def as_dict(self) -> dict:
        return {
            "unit_id": self.unit.pk if self.unit else None,
            "title": self.title,
            "counts": self.counts,
            "changed": self.changed,
        }


def _expect(value, kind, where: str):
    if not isinstance(value, kind):
        raise PackageError(
            _("The package's data is not in the expected form (at %(where)s).")
            % {"where": where}
        )
    return value


def _check_shape(unit_data, library) -> None:
    """Enough structure checking that the import below can read the data safely."""
    _expect(unit_data, dict, "unit.json")
    _expect(library, dict, "library.json")
    _expect(unit_data.get("unit"), dict, "unit")
    for key in ["title", "package_id"]:
        _expect(unit_data["unit"].get(key), str, f"unit.{key}")
    for i, lesson in enumerate(_expect(unit_data.get("lessons"), list, "lessons")):
        _expect(lesson, dict, f"lessons[{i}]")
        _expect(lesson.get("order"), int, f"lessons[{i}].order")
        for key in ["excerpts", "documents", "prompts"]:
            for j, item in enumerate(_expect(lesson.get(key), list, f"lessons[{i}]")):
                _expect(item, dict, f"lessons[{i}].{key}[{j}]")
                _expect(item.get("order"), int, f"lessons[{i}].{key}[{j}].order")
    for t in _expect(library.get("themes"), list, "themes"):
        _expect(_expect(t, dict, "themes").get("slug"), str, "themes.slug")
    for i, source in enumerate(_expect(library.get("sources"), list, "sources")):
        _expect(source, dict, f"sources[{i}]")
        _expect(source.get("slug"), str, f"sources[{i}].slug")
        _expect(source.get("themes"), list, f"sources[{i}].themes")
        for j, excerpt in enumerate(
            _expect(source.get("excerpts"), list, f"sources[{i}].excerpts")
        ):
            _expect(excerpt, dict, f"sources[{i}].excerpts[{j}]")
            _expect(excerpt.get("slug"), str, f"sources[{i}].excerpts[{j}].slug")
            _expect(excerpt.get("glossary"), list, f"sources[{i}].excerpts[{j}]")
            translations_expect(excerpt, f"sources[{i}].excerpts[{j}]")


def _parse_date(value):
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise PackageError(
            _("The package has an invalid date: %(value)s") % {"value": value}
        ) from None


def _save(obj, fields: dict, result: ImportResult, kind: str) -> bool:
    """Set ``fields`` on ``obj`` and save only when something differs (a new row is
    always saved). Returns whether it wrote."""
    is_new = obj.pk is None
    changed = [name for name, value in fields.items() if getattr(obj, name) != value]
    if not is_new and not changed:
        result.count(kind, "unchanged")
        return False
    for name in changed:
        setattr(obj, name, fields[name])
    obj.full_clean()
    obj.save()
    result.count(kind, "created" if is_new else "updated")
    return True


def _source_matches(source: Source, data: dict) -> bool:
    """Same record, same themes, and every packaged passage either absent (it can be
    added) or word for word the same."""
    fields = packaged(Source, data, SOURCE_FIELDS)
    fields["date"] = _parse_date(data.get("date"))
    if any(getattr(source, name) != value for name, value in fields.items()):
        return False
    if sorted(t.slug for t in source.themes.all()) != sorted(data["themes"]):
        return False
    existing = {e.slug: e for e in source.excerpts.select_related("image")}
    for item in data["excerpts"]:
        local = existing.get(item["slug"])
        if local is not None and (
            any(getattr(local, name) != item.get(name) for name in EXCERPT_FIELDS)
            or _picture_key(local) != _packaged_picture_key(item)
        ):
            return False
    return True


def _picture_key(excerpt: Excerpt) -> tuple:
    """What must match for a local excerpt to be the packaged one: its kind and,
    for a picture, the checksum of its file."""
    if not excerpt.is_image:
        return (excerpt.kind, "")
    return (excerpt.kind, getattr(getattr(excerpt, "image", None), "sha256", ""))


def _packaged_picture_key(item: dict) -> tuple:
    kind = item.get("kind") or Excerpt.Kind.TEXT
    if kind != Excerpt.Kind.IMAGE:
        return (kind, "")
    name = (item.get("picture") or {}).get("file") or ""
    return (kind, name.removeprefix("pictures/").split(".")[0])


def _variant_slug(base: str) -> str:
    stem = f"{base[:100]}-imported"
    slug, n = stem, 2
    while Source.objects.filter(slug=slug).exists():
        slug, n = f"{stem}-{n}", n + 1
    return slug


def _new_excerpt(source, item, order, files, result) -> Excerpt:
    """A packaged excerpt added to the library; a picture's file is checked and
    stored byte for byte."""
    kind = item.get("kind") or Excerpt.Kind.TEXT
    if kind not in Excerpt.Kind.values:
        raise PackageError(_("The package has an excerpt of an unknown kind."))
    excerpt = Excerpt(source=source, owner=None, slug=item["slug"], order=order)
    # Packages made before excerpts named their language were in English.
    excerpt.kind, excerpt.language = kind, str(item.get("language") or "en")
    _save(
        excerpt, {name: item.get(name) for name in EXCERPT_FIELDS}, result, "excerpts"
    )
    if kind == Excerpt.Kind.IMAGE:
        picture = item.get("picture")
        if not isinstance(picture, dict) or picture.get("file") not in files:
            raise PackageError(
                _("The package lacks the picture of “%(title)s”.")
                % {"title": excerpt.title}
            )
        try:
            picture_attach(
                excerpt=excerpt,
                data=files[picture["file"]],
                alt_text=str(picture.get("alt_text") or excerpt.title),
                details={
                    "caption": str(picture.get("caption") or ""),
                    "page": picture.get("page")
                    if isinstance(picture.get("page"), int)
                    else None,
                    "uploaded_format": str(picture.get("uploaded_format") or "")[:8],
                },
            )
        except ValidationError as error:
            raise PackageError(
                _("The picture of “%(title)s” was refused: %(why)s")
                % {"title": excerpt.title, "why": " ".join(error.messages)}
            ) from None
        result.count("pictures", "created")
    return excerpt


def _import_source(
    data: dict, themes: dict[str, Theme], result: ImportResult, files: dict
):
    slug = data["slug"]
    candidates = Source.objects.filter(owner__isnull=True).filter(
        Q(slug=slug) | Q(slug__startswith=f"{slug[:100]}-imported")
    )
    source = next((c for c in candidates if _source_matches(c, data)), None)
    fields = packaged(Source, data, SOURCE_FIELDS)
    fields["date"] = _parse_date(data.get("date"))
    if source is None:
        taken = Source.objects.filter(slug=slug).exists()
        source = Source(owner=None, slug=_variant_slug(slug) if taken else slug)
        _save(source, fields, result, "sources")
        source.themes.set([themes[s] for s in data["themes"]])
    else:
        result.count("sources", "unchanged")
    existing = {e.slug: e for e in source.excerpts.all()}
    excerpts = {}
    used_orders = {e.order for e in existing.values()}
    for item in data["excerpts"]:
        excerpt = existing.get(item["slug"])
        if excerpt is None:
            order = item.get("order") or 1
            if order in used_orders:
                order = max(used_orders) + 1
            used_orders.add(order)
            excerpt = _new_excerpt(source, item, order, files, result)
        else:
            result.count("excerpts", "unchanged")
        terms = {t.term: t for t in excerpt.glossary.all()}
        for entry in item["glossary"]:
            if entry.get("term") in terms:
                result.count("glossary_terms", "unchanged")
                continue
            term = GlossaryTerm(excerpt=excerpt)
            _save(
                term,
                {"term": entry.get("term"), "definition": entry.get("definition")},
                result,
                "glossary_terms",
            )
        translations_import(
            excerpt, item["translations"], lambda *a: _save(*a, result, "translations")
        )
        excerpts[item["slug"]] = excerpt
    return source, excerpts


def _find_unit(data: dict) -> Unit | None:
    identity = (
        UnitPackageIdentity.objects.select_related("unit")
        .filter(package_id=data["package_id"])
        .first()
    )
    if identity is not None:
        return identity.unit
    if data.get("slug"):
        return Unit.objects.filter(slug=data["slug"]).first()
    return None


def _delete(queryset, what: str) -> None:
    try:
        queryset.delete()
    except ProtectedError:
        raise PackageError(
            _(
                "The package would remove %(what)s that students have work on "
                "(it was assigned to a class). Nothing was imported."
            )
            % {"what": what}
        ) from None


def _import_themes(library: dict, result: ImportResult) -> dict[str, Theme]:
    """The package's themes, by slug (existing ones kept as they are); every theme a
    source names must be among them."""
    themes = {}
    for item in library["themes"]:
        theme = Theme.objects.filter(slug=item["slug"]).first() or Theme(
            slug=item["slug"]
        )
        if theme.pk is None:
            _save(theme, {"name": item.get("name") or item["slug"]}, result, "themes")
        else:
            result.count("themes", "unchanged")
        themes[theme.slug] = theme
    for source_data in library["sources"]:
        for slug in source_data["themes"]:
            if slug not in themes:
                raise PackageError(
                    _("The package refers to a theme it does not contain: %(slug)s")
                    % {"slug": slug}
                )
    return themes


def _import_library(
    library: dict, result: ImportResult, progress: Progress, files: dict
):
    """The package's sources and excerpts: sources by slug, excerpts by (source
    slug, excerpt slug)."""
    themes = _import_themes(library, result)
    sources: dict[str, Source] = {}
    excerpts: dict[tuple[str, str], Excerpt] = {}
    total = len(library["sources"])
    for done, source_data in enumerate(library["sources"], start=1):
        source, by_slug = _import_source(source_data, themes, result, files)
        sources[source_data["slug"]] = source
        for slug, excerpt in by_slug.items():
            excerpts[(source_data["slug"], slug)] = excerpt
        progress("sources", done, total)
    return sources, excerpts


def _import_unit(data: dict, result: ImportResult) -> Unit:
    """The unit the package carries: the one it was imported or exported as before,
    or a new shared unit (keeping its slug when that is free)."""
    unit = _find_unit(data)
    if unit is None:
        unit = Unit(owner=None)
        slug = data.get("slug") or ""
        if slug and Unit.objects.filter(slug=slug).exists():
            slug = ""
        unit.slug = slug
    _save(unit, {name: data.get(name) for name in UNIT_FIELDS}, result, "units")
    UnitPackageIdentity.objects.get_or_create(
        package_id=data["package_id"], defaults={"unit": unit}
    )
    return unit


def _import(contents, progress: Progress) -> ImportResult:
    unit_data = contents.members["unit.json"]
    library = contents.members["library.json"]
    _check_shape(unit_data, library)
    result = ImportResult(title=unit_data["unit"]["title"])
    sources, excerpts = _import_library(library, result, progress, contents.files)
    unit = result.unit = _import_unit(unit_data["unit"], result)

    lessons_data = sorted(unit_data["lessons"], key=lambda item: item["order"])
    wanted_orders = [item["order"] for item in lessons_data]
    _delete(unit.lessons.exclude(order__in=wanted_orders), _("a lesson of this unit"))
    existing_lessons = {lesson.order: lesson for lesson in unit.lessons.all()}
    total = len(lessons_data)
    for done, item in enumerate(lessons_data, start=1):
        lesson = existing_lessons.get(item["order"]) or Lesson(
            unit=unit, order=item["order"]
        )
        _save(
            lesson,
            {
                **{name: item.get(name) for name in LESSON_FIELDS},
                # Packages made before the setting existed carry no value: off.
                "source_first": item.get("source_first") is True,
            },
            result,
            "lessons",
        )
        placements = _import_placements(lesson, item, excerpts, result)
        _import_documents(lesson, item, sources, result)
        _import_prompts(lesson, item, placements, result)
        progress("lessons", done, total)
    return result


def _lookup(mapping: dict, key, what: str):
    if key not in mapping:
        raise PackageError(
            _("The package refers to %(what)s it does not contain: %(key)s")
            % {"what": what, "key": "/".join(key) if isinstance(key, tuple) else key}
        )
    return mapping[key]


def _import_placements(lesson, item, excerpts, result) -> dict[int, LessonExcerpt]:
    """The excerpts placed in the lesson, replaced only when they differ; returns
    them by order."""
    wanted = [
        (
            p["order"],
            _lookup(excerpts, (p.get("source"), p.get("excerpt")), _("an excerpt")).pk,
            p.get("teacher_note") or "",
        )
        for p in sorted(item["excerpts"], key=lambda p: p["order"])
    ]
    current = list(
        lesson.lesson_excerpts.order_by("order").values_list(
            "order", "excerpt_id", "teacher_note"
        )
    )
    if current != wanted:
        lesson.lesson_excerpts.all().delete()
        for order, excerpt_id, note in wanted:
            placement = LessonExcerpt(lesson=lesson, order=order, excerpt_id=excerpt_id)
            _save(placement, {"teacher_note": note}, result, "lesson_excerpts")
    else:
        for _row in wanted:
            result.count("lesson_excerpts", "unchanged")
    return {p.order: p for p in lesson.lesson_excerpts.all()}


def _import_documents(lesson, item, sources, result) -> None:
    """The lesson's related documents, replaced only when they differ."""
    wanted = [
        (d["order"], _lookup(sources, d.get("source"), _("a source")).pk)
        for d in sorted(item["documents"], key=lambda d: d["order"])
    ]
    current = list(
        lesson.lesson_sources.order_by("order").values_list("order", "source_id")
    )
    if current != wanted:
        lesson.lesson_sources.all().delete()
        for order, source_id in wanted:
            document = LessonSource(lesson=lesson, order=order, source_id=source_id)
            _save(document, {}, result, "documents")
    else:
        for _row in wanted:
            result.count("documents", "unchanged")


def _import_prompts(lesson, item, placements, result) -> None:
    """The lesson's prompts by order, and the placed excerpts each refers to."""
    prompts_data = sorted(item["prompts"], key=lambda p: p["order"])
    _delete(
        lesson.prompts.exclude(order__in=[p["order"] for p in prompts_data]),
        _("a prompt"),
    )
    existing = {prompt.order: prompt for prompt in lesson.prompts.all()}
    for spec in prompts_data:
        prompt = existing.get(spec["order"]) or Prompt(
            lesson=lesson, order=spec["order"]
        )
        # A package from before a field existed leaves it at its default.
        _save(prompt, packaged(Prompt, spec, PROMPT_FIELDS), result, "prompts")
        refers = {
            _lookup(placements, order, _("a lesson excerpt")).pk
            for order in spec.get("refers_to") or []
        }
        if set(prompt.lesson_excerpts.values_list("pk", flat=True)) != refers:
            prompt.lesson_excerpts.set(refers)


def _validation_message(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        parts = [
            f"{name}: {' '.join(messages)}"
            for name, messages in error.message_dict.items()
        ]
    else:
        parts = error.messages
    return "; ".join(parts)


def unit_package_import(
    *, data: bytes, progress: Progress | None = None
) -> ImportResult:
    """Check and import a package file, all or nothing. Raises PackageError (the
    database unchanged) when the package is damaged, too large, of another format
    version, unsafe, or its content does not fit this portal."""
    contents = package_read(data)
    progress = progress or _no_progress
    try:
        # A failure after a picture was stored removes its file with the rows.
        with picture_files_kept_on_success(), transaction.atomic():
            return _import(contents, progress)
    except ValidationError as error:
        raise PackageError(
            _("The package's content is not valid here: %(details)s")
            % {"details": _validation_message(error)}
        ) from None
    except IntegrityError as error:
        raise PackageError(
            _("The package's content clashes with this portal's data: %(error)s")
            % {"error": error}
        ) from None
    except (KeyError, TypeError, AttributeError) as error:
        raise PackageError(
            _("The package's data is incomplete or malformed (%(error)s).")
            % {"error": error}
        ) from None
