"""A passage in other languages: its translations, paragraph by paragraph."""

import simple_history
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sources.languages import LANGUAGE_CODE_MAX, language_known, language_name
from sources.models.library import Excerpt, split_paragraphs


class ExcerptTranslation(models.Model):
    """The excerpt in another language, paragraph by paragraph: paragraph n of
    ``text`` says in ``language`` what paragraph n of the original says, so a
    quotation from it stands for that original paragraph. One per language."""

    excerpt = models.ForeignKey(
        Excerpt,
        on_delete=models.CASCADE,
        related_name="translations",
        verbose_name=_("excerpt"),
    )
    language = models.CharField(_("language"), max_length=LANGUAGE_CODE_MAX)
    text = models.TextField(
        _("translated text"),
        help_text=_(
            "One translated paragraph for each paragraph of the original, in the "
            "same order, separated by blank lines."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("excerpt translation")
        verbose_name_plural = _("excerpt translations")
        ordering = ["excerpt", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["excerpt", "language"],
                name="translation_one_per_language",
            ),
            models.CheckConstraint(
                condition=~Q(language=""), name="translation_language_given"
            ),
        ]

    def __str__(self):
        return f"{self.excerpt} ({self.language})"

    @property
    def language_name(self) -> str:
        return language_name(self.language)

    @property
    def paragraphs(self) -> list[str]:
        return split_paragraphs(self.text)

    def clean(self):
        if not language_known(self.language):
            raise ValidationError(
                {"language": _("Choose a language from the list.")}, code="language"
            )
        if self.excerpt_id and self.language == self.excerpt.language:
            raise ValidationError(
                {
                    "language": _(
                        "The passage itself is in %(language)s: choose another "
                        "language for its translation."
                    )
                    % {"language": self.excerpt.language_name}
                },
                code="same_language",
            )
        paragraphs = self.paragraphs
        expected = len(self.excerpt.paragraphs) if self.excerpt_id else 0
        if len(paragraphs) != expected:
            raise ValidationError(
                {
                    "text": _(
                        "The translation has %(translated)s paragraphs but the "
                        "original has %(original)s. Give one translated paragraph "
                        "for each original paragraph, separated by blank lines."
                    )
                    % {"translated": len(paragraphs), "original": expected}
                },
                code="paragraph_count",
            )


simple_history.register(ExcerptTranslation)
