"""A student's answer to a prompt: the working draft, its evidence (citations),
the versions submitted, and classmates' replies."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assignments.models.assignments import Assignment

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


class Citation(models.Model):
    """A quotation from a paragraph of an excerpt, cited as evidence in an answer.
    The server checked, when it was added, that the words are in that paragraph."""

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
    paragraph = models.PositiveSmallIntegerField(_("paragraph"))
    quotation = models.TextField(_("quotation"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        ordering = ["response", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(paragraph__gte=1), name="citation_paragraph_positive"
            ),
            models.UniqueConstraint(
                fields=["response", "excerpt", "paragraph", "quotation"],
                name="citation_once_per_answer",
            ),
        ]

    def __str__(self):
        return f"{self.excerpt} ¶{self.paragraph}: {self.quotation[:60]}"


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
    citations = models.JSONField(
        _("evidence"),
        default=list,
        blank=True,
        help_text=_("The cited quotations as submitted (source, excerpt, ¶, words)."),
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
