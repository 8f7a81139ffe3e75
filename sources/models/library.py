import re

import simple_history
from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from sources.languages import LANGUAGE_CODE_MAX, language_known, language_name

# A paragraph is a block of text between blank lines (a line holding only spaces
# counts as blank). Paragraph n of an excerpt is the n-th such block of its text, so
# "¶3" means the same words for as long as the text is unchanged.
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def split_paragraphs(text: str) -> list[str]:
    """The paragraphs of a text: blocks separated by blank lines, trimmed, empty
    blocks dropped. Line breaks inside a block are kept."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    return [block.strip() for block in PARAGRAPH_BREAK.split(text) if block.strip()]


class Theme(models.Model):
    """A topic that cuts across sources (Lend-Lease, the second front, ...)."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name"]

    def __str__(self):
        return self.name


PERSPECTIVE_MAX_CHARS = 40


class Source(models.Model):
    """A document (primary) or a work about documents (secondary), with its full
    bibliographic record. ``owner`` is the teacher who added it; no owner means a
    shared library item that only admins change."""

    class Kind(models.TextChoices):
        LAW = "law", _("Law")
        DECLARATION = "declaration", _("Declaration")
        AGREEMENT = "agreement", _("Agreement")
        TREATY = "treaty", _("Treaty")
        LETTER = "letter", _("Letter")
        SPEECH = "speech", _("Speech")
        TELEGRAM = "telegram", _("Telegram")
        COMMUNIQUE = "communique", _("Communiqué")
        MEMORANDUM = "memorandum", _("Memorandum")
        REPORT = "report", _("Report")
        DIARY = "diary", _("Diary")
        NEWSPAPER = "newspaper", _("Newspaper article")
        ESSAY = "essay", _("Essay")
        MEMOIR = "memoir", _("Memoir")
        INTERVIEW = "interview", _("Interview")
        PHOTOGRAPH = "photograph", _("Photograph")
        POSTER = "poster", _("Poster")
        MAP = "map", _("Map")
        WEB_PAGE = "web_page", _("Web page")
        OTHER = "other", _("Other")

    class DatePrecision(models.TextChoices):
        DAY = "day", _("Exact day")
        MONTH = "month", _("Month")
        YEAR = "year", _("Year")
        CIRCA = "circa", _("Approximate (circa)")

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=300)
    creator = models.CharField(
        _("creator"),
        max_length=300,
        blank=True,
        help_text=_("Who made it: a person, several people or an institution."),
    )
    date = models.DateField(_("date"), null=True, blank=True)
    date_precision = models.CharField(
        _("date precision"),
        max_length=8,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_(
            "How much of the date is known. For a month or a year, "
            "use the first day in the date field."
        ),
    )
    date_note = models.CharField(_("note on the date"), max_length=300, blank=True)
    kind = models.CharField(
        _("kind"), max_length=16, choices=Kind.choices, default=Kind.OTHER
    )
    is_primary = models.BooleanField(
        _("primary source"),
        default=True,
        help_text=_(
            "Made at the time by people involved. Untick for a later account "
            "(a secondary source)."
        ),
    )
    language = models.CharField(_("language"), max_length=60, default="English")
    # Whose view the document gives (the review table counts the perspectives a
    # student's evidence covers). Free words, kept short: "American", "Soviet".
    perspective = models.CharField(
        _("perspective"),
        max_length=PERSPECTIVE_MAX_CHARS,
        blank=True,
        help_text=_(
            "Whose point of view the document gives, in a word or two "
            "(e.g. American, Soviet, British). Used to count the perspectives "
            "a student's evidence covers."
        ),
    )
    archive = models.CharField(_("holding archive"), max_length=300, blank=True)
    archive_identifier = models.CharField(
        _("archive identifier"), max_length=200, blank=True
    )
    citation = models.TextField(
        _("citation"),
        blank=True,
        help_text=_("Where the text is published or held, as a full reference."),
    )
    url = models.URLField(_("link"), max_length=500, blank=True)
    rights = models.CharField(_("rights"), max_length=300, blank=True)
    headnote = models.TextField(
        _("headnote"),
        blank=True,
        help_text=_(
            "Two to four sentences of context in your words: who made it, when, "
            "why and for whom. Markdown."
        ),
    )
    themes = models.ManyToManyField(
        Theme, related_name="sources", blank=True, verbose_name=_("themes")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sources",
        verbose_name=_("owner"),
        help_text=_("Empty for the shared library, which only admins change."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # On PostgreSQL the database keeps this up to date itself (a trigger made in
    # migration 0005: title A, creator B, headnote and citation C) and a GIN index
    # finds rows by it; portal.search reads it. Empty on SQLite, which searches
    # word by word instead.
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["date", "title"]
        indexes = [models.Index(fields=["kind", "date"], name="source_kind_date")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("sources:source_detail", kwargs={"slug": self.slug})

    @property
    def is_shared(self) -> bool:
        return self.owner_id is None

    @property
    def date_label(self) -> str:
        """The date as precisely as it is known: "February 11, 1945", "May 2005",
        "1945", "c. 1945"; empty when undated."""
        if self.date is None:
            return ""
        if self.date_precision == self.DatePrecision.MONTH:
            return date_format(self.date, "YEAR_MONTH_FORMAT")
        if self.date_precision == self.DatePrecision.YEAR:
            return str(self.date.year)
        if self.date_precision == self.DatePrecision.CIRCA:
            return _("c. %(year)s") % {"year": self.date.year}
        return date_format(self.date, "F j, Y")


class Excerpt(models.Model):
    """A passage of a source, as students read it. ``text`` is the exact wording,
    Markdown paragraphs separated by blank lines; ``adapted_text`` (optional) is a
    simpler wording with the same number of paragraphs, shown beside it.

    An image excerpt (a poster, a photograph, a map, a scanned page) has its picture
    in ``image`` (an ``ExcerptImage``); its ``text`` is then the optional long
    description or transcription (the words on the poster), numbered and citable
    like any passage."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        IMAGE = "image", _("Image")

    source = models.ForeignKey(
        Source,
        on_delete=models.CASCADE,
        related_name="excerpts",
        verbose_name=_("source"),
    )
    slug = models.SlugField(_("slug"), max_length=120)
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(
        _("kind"), max_length=8, choices=Kind.choices, default=Kind.TEXT
    )
    text = models.TextField(
        _("text"),
        blank=True,
        help_text=_(
            "The exact words of the source. Separate paragraphs with a blank "
            "line; they are numbered in that order."
        ),
    )
    adapted_text = models.TextField(
        _("adapted text"),
        blank=True,
        help_text=_(
            "Optional simpler wording for weaker readers, with the same number of "
            "paragraphs. It is shown beside the original, never instead of it."
        ),
    )
    # The language of its own words (the original), a code Django knows.
    language = models.CharField(
        _("language"), max_length=LANGUAGE_CODE_MAX, default="en"
    )
    order = models.PositiveIntegerField(_("order"), default=1)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="excerpts",
        verbose_name=_("owner"),
        help_text=_(
            "Who added this passage. Empty for the shared library. A teacher may "
            "add their own passage to a shared source; only they see and change it."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Kept by the database on PostgreSQL (title A, text D), like Source's.
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("excerpt")
        verbose_name_plural = _("excerpts")
        ordering = ["source", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "order"], name="excerpt_unique_order_per_source"
            ),
            models.UniqueConstraint(
                fields=["source", "slug"], name="excerpt_unique_slug_per_source"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["text", "image"]), name="excerpt_kind_valid"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "sources:excerpt_read",
            kwargs={"slug": self.source.slug, "excerpt_slug": self.slug},
        )

    @property
    def is_image(self) -> bool:
        return self.kind == self.Kind.IMAGE

    @property
    def language_name(self) -> str:
        return language_name(self.language)

    def clean(self):
        if not language_known(self.language):
            error = _("Choose a language from the list.")
            raise ValidationError({"language": error}, code="language")
        if not self.paragraphs and not self.is_image:
            raise ValidationError(
                {"text": _("Paste the text of the passage.")}, code="empty"
            )
        adapted = self.adapted_paragraphs
        if adapted and len(adapted) != len(self.paragraphs):
            raise ValidationError(
                {
                    "adapted_text": _(
                        "The adapted text has %(adapted)s paragraphs but the "
                        "original has %(original)s. Give one adapted paragraph "
                        "for each original paragraph, separated by blank lines."
                    )
                    % {"adapted": len(adapted), "original": len(self.paragraphs)}
                },
                code="paragraph_count",
            )

    @property
    def paragraphs(self) -> list[str]:
        """The original paragraphs; paragraph n is ``paragraphs[n - 1]``."""
        return split_paragraphs(self.text)

    @property
    def adapted_paragraphs(self) -> list[str]:
        return split_paragraphs(self.adapted_text)

    def numbered_paragraphs(self) -> list[tuple[int, str, str]]:
        """(number, original, adapted) for each paragraph, numbered from 1; the
        adapted wording is empty where there is none."""
        adapted = self.adapted_paragraphs
        return [
            (n, text, adapted[n - 1] if n <= len(adapted) else "")
            for n, text in enumerate(self.paragraphs, start=1)
        ]

    def paragraph_anchor(self, number: int) -> str:
        """The id of paragraph ``number`` in the reading view, e.g. ``ex-12-p3``."""
        return f"ex-{self.pk}-p{number}"


class GlossaryTerm(models.Model):
    """A word or phrase in an excerpt with a plain-language definition."""

    excerpt = models.ForeignKey(
        Excerpt,
        on_delete=models.CASCADE,
        related_name="glossary",
        verbose_name=_("excerpt"),
    )
    term = models.CharField(
        _("term"),
        max_length=120,
        help_text=_("As it appears in the text; it is marked where it first appears."),
    )
    definition = models.TextField(_("definition"))

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        ordering = ["excerpt", "term"]
        constraints = [
            models.UniqueConstraint(
                fields=["excerpt", "term"], name="glossary_unique_term_per_excerpt"
            )
        ]

    def __str__(self):
        return self.term


def _image_path(instance, filename: str) -> str:
    # A random folder per picture: names never collide and are never guessed from
    # the source (the files are served only through the portal's checked view).
    return f"excerpt-images/{instance.folder}/{filename}"


class ExcerptImage(models.Model):
    """The picture of an image excerpt: the stored picture (re-encoded from the
    upload without its metadata), its size, a display copy and a thumbnail, and the
    words that stand for it (the text alternative, required, and a caption).

    The files live in the default storage (the local disk, or an S3-compatible
    store) under a random folder; they are never at a public address: the
    ``sources:excerpt_image`` view serves them to people who may read the excerpt."""

    class Variant(models.TextChoices):
        ORIGINAL = "original", _("Full size")
        DISPLAY = "display", _("Display size")
        THUMBNAIL = "thumbnail", _("Thumbnail")

    excerpt = models.OneToOneField(
        Excerpt,
        on_delete=models.CASCADE,
        related_name="image",
        verbose_name=_("excerpt"),
    )
    folder = models.CharField(_("storage folder"), max_length=40, unique=True)
    alt_text = models.CharField(
        _("text alternative"),
        max_length=400,
        help_text=_(
            "What a reader who cannot see the picture needs to know: what it "
            "shows, in a sentence or two. Put the words on it in the transcription."
        ),
    )
    caption = models.CharField(
        _("caption"),
        max_length=400,
        blank=True,
        help_text=_("Shown under the picture, e.g. who is pictured and where."),
    )
    original = models.FileField(_("picture"), upload_to=_image_path, max_length=300)
    content_type = models.CharField(_("content type"), max_length=40)
    width = models.PositiveIntegerField(_("width (pixels)"))
    height = models.PositiveIntegerField(_("height (pixels)"))
    sha256 = models.CharField(_("SHA-256 of the picture"), max_length=64)
    uploaded_format = models.CharField(_("uploaded as"), max_length=8)
    page = models.PositiveSmallIntegerField(
        _("page of the uploaded PDF"), null=True, blank=True
    )
    display = models.FileField(
        _("display copy"), upload_to=_image_path, max_length=300, blank=True
    )
    thumbnail = models.FileField(
        _("thumbnail"), upload_to=_image_path, max_length=300, blank=True
    )
    # A detail (a part of another picture saved as its own excerpt) names the
    # excerpt it was cut from, and where: the reader goes from one to the other.
    detail_of = models.ForeignKey(
        Excerpt,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="detail_images",
        verbose_name=_("detail of"),
    )
    detail_box = models.CharField(
        _("place in the whole picture"),
        max_length=60,
        blank=True,
        help_text=_("left, top, width, height in the whole picture's pixels"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("excerpt image")
        verbose_name_plural = _("excerpt images")
        constraints = [
            models.CheckConstraint(
                condition=Q(width__gte=1) & Q(height__gte=1),
                name="excerpt_image_has_pixels",
            ),
        ]

    def __str__(self):
        return self.alt_text[:80]

    @property
    def version(self) -> str:
        """Part of every file address: a changed picture has a new address, so a
        browser may keep each address's file forever."""
        return self.sha256[:16]

    def file_for(self, variant: str):
        """The stored file of a variant; the full picture until the smaller copies
        are made."""
        if variant == self.Variant.DISPLAY and self.display:
            return self.display
        if variant == self.Variant.THUMBNAIL and self.thumbnail:
            return self.thumbnail
        return self.original

    def url(self, variant: str = "display") -> str:
        return reverse(
            "sources:excerpt_image",
            kwargs={"pk": self.pk, "variant": variant, "version": self.version},
        )

    @property
    def display_url(self) -> str:
        return self.url(self.Variant.DISPLAY)

    @property
    def thumbnail_url(self) -> str:
        return self.url(self.Variant.THUMBNAIL)

    @property
    def original_url(self) -> str:
        return self.url(self.Variant.ORIGINAL)


# --- edit history ---------------------------------------------------------------
# django-simple-history keeps every version of the library content, so an admin can read
# who changed what and revert it; the historical tables live in this app.
# A source's themes are recorded with each version (shown in the history), but
# reverting restores the plain fields only.
simple_history.register(Theme)
# The search vectors are derived from the other fields: not history.
simple_history.register(
    Source, m2m_fields=["themes"], excluded_fields=["search_vector"]
)
simple_history.register(Excerpt, excluded_fields=["search_vector"])
# A picture's words (text alternative, caption) change like an excerpt's; the files
# themselves never change in place (a new picture is a new excerpt).
simple_history.register(ExcerptImage)
simple_history.register(GlossaryTerm)
