"""The sources app's models, by subject: the library (themes, sources, excerpts,
their glossary and pictures) and excerpts' translations. Code imports them from
here: ``from sources.models import Excerpt``."""

from sources.languages import LANGUAGE_CODE_MAX, language_known, language_name
from sources.models.library import (
    PARAGRAPH_BREAK,
    Excerpt,
    ExcerptImage,
    GlossaryTerm,
    Source,
    Theme,
    _image_path,  # noqa: F401 - migration 0004 names it sources.models._image_path
    split_paragraphs,
)
from sources.models.translations import ExcerptTranslation

__all__ = [
    "LANGUAGE_CODE_MAX",
    "PARAGRAPH_BREAK",
    "Excerpt",
    "ExcerptImage",
    "ExcerptTranslation",
    "GlossaryTerm",
    "Source",
    "Theme",
    "language_known",
    "language_name",
    "split_paragraphs",
]
