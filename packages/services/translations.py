"""An excerpt's translations in a package: each {"language", "text"}."""

from collections.abc import Callable

from django.utils.translation import gettext as _

from packages.archive import PackageError
from sources.models import Excerpt, ExcerptTranslation


def translations_expect(data: dict, where: str) -> None:
    """A packaged excerpt's translations are a list of {"language", "text"}
    (packages made before translations existed have none: an empty list)."""
    entries = data.setdefault("translations", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise PackageError(
            _("The package's data is not in the expected form (at %(where)s).")
            % {"where": f"{where}.translations"}
        )


def translations_import(
    excerpt: Excerpt, entries: list, save: Callable[[object, dict], bool]
) -> None:
    """The packaged translations of an excerpt: added, or their words brought up
    to the package's (``save`` sets the fields, validates, saves and counts)."""
    local = {t.language: t for t in excerpt.translations.all()}
    for entry in entries:
        language = str(entry.get("language") or "")
        translation = local.get(language) or ExcerptTranslation(
            excerpt=excerpt, language=language
        )
        save(translation, {"text": str(entry.get("text") or "")})
