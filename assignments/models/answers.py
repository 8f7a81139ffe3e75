"""A student's answer to a prompt: the working draft, its evidence (citations),
the versions submitted, and classmates' replies."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assignments.models.assignments import Assignment
from sources.models import language_name

# The longest answer a student may keep (a few pages); longer drafts are refused
# with a message and stay on the student's page.
MAX_ANSWER_CHARS = 20_000
MAX_QUOTATION_CHARS = 600
MAX_REPLY_CHARS = 4_000
# A page counts its saves from 1; a revision past this is a broken or hostile page
# (the column is a 4-byte integer and the next save adds one).
MAX_REVISION = 1_000_000_000


class Response(models.Model):
    """One student's answer to one prompt of an assignment: the working draft (saved
    as they type, with a revision counter so an older save never overwrites a newer
    one), its evidence, and a pointer to the latest submitted version."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        # Handed back with a comment asking for another version: the student
        # revises and submits again (every version is kept).
        REVISION = "revision", _("Returned for revision")

    assignment = models.ForeignKey(
        Assignment,
        on_delete=models.CASCADE,
        related_name="responses",
        verbose_name=_("assignment"),
    )
    prompt = models.ForeignKey(
        "lessons.Prompt",
        on_delete=models.PROTECT,
        related_name="responses",
        verbose_name=_("prompt"),
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="responses",
        verbose_name=_("student"),
    )
    text = models.TextField(_("answer (working draft)"), blank=True)
    # ``text``'s word count (assignments.text.word_count), written with it: the
    # review table counts, filters and sorts a whole class by words without
    # reading every answer.
    words = models.PositiveIntegerField(_("words"), default=0, db_default=0)
    # A document-based essay's parts (thesis, paragraphs of claim / cited evidence /
    # reasoning, a sourcing sentence per document); ``text`` then holds the same
    # essay written out, which is what the review pages read. See assignments/essay.py.
    essay = models.JSONField(_("essay (working draft)"), default=dict, blank=True)
    revision = models.PositiveIntegerField(
        _("draft revision"),
        default=0,
        help_text=_("Counts draft saves; a save older than this one is ignored."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    latest_version = models.ForeignKey(
        "SubmissionVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("latest submission"),
    )
    draft_saved_at = models.DateTimeField(_("draft saved"), null=True, blank=True)
    first_submitted_at = models.DateTimeField(
        _("first submitted"), null=True, blank=True
    )
    returned_at = models.DateTimeField(_("returned"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["assignment", "prompt__order", "student"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "prompt", "student"],
                name="response_once_per_student_per_prompt",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "returned", "revision"]),
                name="response_status_valid",
            ),
        ]

    def __str__(self):
        return f"{self.student} · {self.prompt}"

    @property
    def has_posted(self) -> bool:
        return self.latest_version_id is not None

    @property
    def is_returned(self) -> bool:
        return self.status == self.Status.RETURNED

    @property
    def is_for_revision(self) -> bool:
        return self.status == self.Status.REVISION


# A region of a picture is at least this share of its width and of its height
# (a dot is not evidence), and is stored rounded to this many decimals.
MIN_REGION_SHARE = 0.01
REGION_DECIMALS = 4
MAX_REGION_DESCRIPTION_CHARS = 300
# Room for float rounding in the database check.
_EDGE = 1.000001


def _region_q() -> Q:
    inside = (
        Q(region_left__gte=0)
        & Q(region_top__gte=0)
        & Q(region_width__gt=0)
        & Q(region_height__gt=0)
        & Q(region_left__lte=_EDGE - models.F("region_width"))
        & Q(region_top__lte=_EDGE - models.F("region_height"))
    )
    return Q(paragraph__isnull=True) & inside


def _words_q() -> Q:
    return Q(paragraph__isnull=False) & Q(
        region_left__isnull=True,
        region_top__isnull=True,
        region_width__isnull=True,
        region_height__isnull=True,
    )


class Citation(models.Model):
    """Evidence in an answer: a quotation from a paragraph of an excerpt (the server
    checked, when it was added, that the words are in that paragraph), or a region
    of an image excerpt (a rectangle in shares of the picture's width and height,
    checked to lie inside it) with the student's words on what it shows in
    ``quotation``."""

    response = models.ForeignKey(
        Response,
        on_delete=models.CASCADE,
        related_name="citations",
        verbose_name=_("answer"),
    )
    excerpt = models.ForeignKey(
        "sources.Excerpt",
        on_delete=models.PROTECT,
        related_name="citations",
        verbose_name=_("excerpt"),
    )
    paragraph = models.PositiveSmallIntegerField(_("paragraph"), null=True, blank=True)
    quotation = models.TextField(_("quotation"))
    # Empty: the words are the original's. A language code: the words are from the
    # excerpt's translation into that language, checked against its paragraph
    # ``paragraph``, and they stand for the original's paragraph of that number.
    language = models.CharField(
        _("quoted from the translation into"), max_length=16, blank=True, default=""
    )
    region_left = models.FloatField(_("region: left"), null=True, blank=True)
    region_top = models.FloatField(_("region: top"), null=True, blank=True)
    region_width = models.FloatField(_("region: width"), null=True, blank=True)
    region_height = models.FloatField(_("region: height"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        ordering = ["response", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(paragraph__isnull=True) | Q(paragraph__gte=1),
                name="citation_paragraph_positive",
            ),
            models.CheckConstraint(
                condition=_words_q() | _region_q(),
                name="citation_words_or_region_inside",
            ),
            models.UniqueConstraint(
                fields=["response", "excerpt", "paragraph", "language", "quotation"],
                name="citation_once_per_answer",
            ),
            models.UniqueConstraint(
                fields=[
                    "response",
                    "excerpt",
                    "region_left",
                    "region_top",
                    "region_width",
                    "region_height",
                ],
                condition=Q(paragraph__isnull=True),
                name="citation_region_once_per_answer",
            ),
        ]

    def __str__(self):
        if self.is_region:
            return f"{self.excerpt} [region]: {self.quotation[:60]}"
        if self.language:
            return f"{self.excerpt} ¶{self.paragraph} ({self.language}): {self.quotation[:60]}"
        return f"{self.excerpt} ¶{self.paragraph}: {self.quotation[:60]}"

    @property
    def is_region(self) -> bool:
        return self.paragraph is None

    @property
    def language_name(self) -> str:
        return language_name(self.language) if self.language else ""

    @property
    def region_in_pixels(self) -> dict[str, float] | None:
        """The region in the picture's own pixels (x, y, w, h) with the picture's
        size (width, height), for an SVG viewBox; fetch ``excerpt__image`` with it."""
        if not self.is_region:
            return None
        image = self.excerpt.image
        return {
            "x": round(self.region_left * image.width, 1),
            "y": round(self.region_top * image.height, 1),
            "w": round(self.region_width * image.width, 1),
            "h": round(self.region_height * image.height, 1),
            "width": image.width,
            "height": image.height,
        }

    @property
    def region(self) -> tuple[float, float, float, float] | None:
        """(left, top, width, height) in shares of the picture, or None."""
        if not self.is_region:
            return None
        return (
            self.region_left,
            self.region_top,
            self.region_width,
            self.region_height,
        )


class SubmissionVersion(models.Model):
    """What a student submitted, kept unchanged forever: the text and a copy of
    the evidence as it stood. Each resubmission adds a version."""

    response = models.ForeignKey(
        Response,
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("answer"),
    )
    number = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("text"))
    # ``text``'s word count, written with it (see ``Response.words``).
    words = models.PositiveIntegerField(_("words"), default=0, db_default=0)
    citations = models.JSONField(
        _("evidence"),
        default=list,
        blank=True,
        help_text=_("The cited quotations as submitted (source, excerpt, ¶, words)."),
    )
    essay = models.JSONField(
        _("essay"),
        default=dict,
        blank=True,
        help_text=_("A document-based essay's parts as submitted (empty otherwise)."),
    )
    idempotency_key = models.UUIDField(
        _("idempotency key"),
        help_text=_("One per page load: a repeated submit with it adds nothing."),
    )
    is_late = models.BooleanField(_("late"), default=False)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)

    class Meta:
        verbose_name = _("submitted version")
        verbose_name_plural = _("submitted versions")
        ordering = ["response", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "number"], name="version_unique_number"
            ),
            models.UniqueConstraint(
                fields=["response", "idempotency_key"], name="version_unique_key"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="version_number_positive"
            ),
        ]

    def __str__(self):
        return f"{self.response} · v{self.number}"


class Reply(models.Model):
    """A classmate's reply to a submitted answer. Its author may edit it for a short
    while; a teacher may hide it (it is kept, not deleted)."""

    EDIT_WINDOW_MINUTES = 15

    response = models.ForeignKey(
        Response,
        on_delete=models.CASCADE,
        related_name="replies",
        verbose_name=_("answer"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="assignment_replies",
        verbose_name=_("author"),
    )
    text = models.TextField(_("reply"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hidden by"),
    )

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["response", "created_at", "pk"]

    def __str__(self):
        return f"{self.author}: {self.text[:60]}"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    def editable_until(self):
        return self.created_at + timedelta(minutes=self.EDIT_WINDOW_MINUTES)
