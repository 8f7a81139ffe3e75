from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lessons.models import Prompt

# The longest answer a student may keep (a few pages); longer drafts are refused
# with a message and stay on the student's page.
MAX_ANSWER_CHARS = 20_000
MAX_QUOTATION_CHARS = 600
MAX_REPLY_CHARS = 4_000
MAX_POINTS = 1_000
# "Due soon" on the student's to-do list and the teacher's home: within this window.
DUE_SOON = timedelta(days=3)


class Assignment(models.Model):
    """A lesson given to one class, with its dates and rules. Assigning a lesson to
    several classes makes one assignment per class, so each can have its own dates."""

    class Visibility(models.TextChoices):
        AFTER_POSTING = "after_posting", _("After posting their own answer")
        ALWAYS = "always", _("Always")
        NEVER = "never", _("Never")

    lesson = models.ForeignKey(
        "lessons.Lesson",
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("lesson"),
    )
    classroom = models.ForeignKey(
        "classrooms.Classroom",
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("class"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assignments_created",
        verbose_name=_("assigned by"),
    )
    instructions = models.TextField(
        _("instructions"),
        blank=True,
        help_text=_("Shown to students above the lesson. Markdown."),
    )
    available_from = models.DateTimeField(_("available from"), default=timezone.now)
    due_at = models.DateTimeField(_("due"))
    late_work_allowed = models.BooleanField(
        _("accept late work"),
        default=True,
        help_text=_(
            "Late answers are accepted and marked late. Untick to refuse "
            "submissions after the due time (drafts are still kept)."
        ),
    )
    points = models.PositiveIntegerField(_("points"), default=10)
    discussion_visibility = models.CharField(
        _("students see classmates' answers"),
        max_length=16,
        choices=Visibility.choices,
        default=Visibility.AFTER_POSTING,
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    rubric = models.ForeignKey(
        "Rubric",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("rubric"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["due_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["lesson", "classroom"], name="assignment_once_per_class"
            ),
            models.CheckConstraint(
                condition=Q(due_at__gt=F("available_from")),
                name="assignment_due_after_available",
            ),
            models.CheckConstraint(
                condition=Q(points__lte=MAX_POINTS), name="assignment_points_in_range"
            ),
            models.CheckConstraint(
                condition=Q(
                    discussion_visibility__in=["after_posting", "always", "never"]
                ),
                name="assignment_visibility_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["classroom", "due_at"], name="assign_class_due")
        ]

    def __str__(self):
        return f"{self.lesson} · {self.classroom}"

    def get_absolute_url(self):
        return reverse("assignments:assignment_manage", kwargs={"pk": self.pk})

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None and self.closed_at <= timezone.now()

    @property
    def is_past_due(self) -> bool:
        return timezone.now() > self.due_at

    @property
    def is_available(self) -> bool:
        return self.available_from <= timezone.now()

    @property
    def is_due_soon(self) -> bool:
        now = timezone.now()
        return now <= self.due_at <= now + DUE_SOON

    def prompt_points(self, prompt_count: int) -> list[int]:
        """How the assignment's points split across its prompts, in prompt order:
        evenly in whole points, the first prompts taking one more point each until
        the remainder is used up (10 points over 3 prompts: 4, 3, 3). So the
        prompts always add up to the assignment's points exactly."""
        if prompt_count <= 0:
            return []
        share, extra = divmod(self.points, prompt_count)
        return [share + (1 if n < extra else 0) for n in range(prompt_count)]


class Response(models.Model):
    """One student's answer to one prompt of an assignment: the working draft (saved
    as they type, with a revision counter so an older save never overwrites a newer
    one), its evidence, and a pointer to the latest submitted version."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")

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
                condition=Q(status__in=["draft", "submitted", "returned"]),
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


# --- teacher review ---------------------------------------------------------------


class Feedback(models.Model):
    """The teacher's score and comment on one answer. ``max_points`` is the
    prompt's share of the assignment's points when it was scored (see
    ``Assignment.prompt_points``), so the database itself refuses a score above
    it. ``version`` goes up with each save; a form carries the version it was
    opened with, and a save from an older page (a second tab) is refused."""

    response = models.OneToOneField(
        Response,
        on_delete=models.CASCADE,
        related_name="feedback",
        verbose_name=_("answer"),
    )
    score = models.DecimalField(
        _("score"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    max_points = models.PositiveIntegerField(_("out of"))
    comment = models.TextField(_("comment"), blank=True, help_text=_("Markdown."))
    version = models.PositiveIntegerField(_("version"), default=1)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("graded by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["response"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__isnull=True)
                | Q(score__gte=0, score__lte=F("max_points")),
                name="feedback_score_within_points",
            ),
            models.CheckConstraint(
                condition=Q(version__gte=1), name="feedback_version_positive"
            ),
        ]

    def __str__(self):
        return f"{self.response} · {self.score}/{self.max_points}"


class SavedComment(models.Model):
    """A comment a teacher keeps in their bank to use again on other answers."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_comments",
        verbose_name=_("teacher"),
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved comment")
        verbose_name_plural = _("saved comments")
        ordering = ["owner", "text", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "text"], name="saved_comment_once_per_teacher"
            )
        ]

    def __str__(self):
        return self.text[:60]


class Rubric(models.Model):
    """A teacher's scoring guide: criteria, each tagged with the historical-
    thinking skill it assesses and worth a number of points (its levels run from
    0 to that number). Attached to an assignment, it is filled in for each answer."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="rubrics",
        verbose_name=_("teacher"),
    )
    title = models.CharField(_("title"), max_length=200)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")
        ordering = ["owner", "title", "pk"]

    def __str__(self):
        return self.title


class Criterion(models.Model):
    MAX_POINTS = 10

    rubric = models.ForeignKey(
        Rubric,
        on_delete=models.CASCADE,
        related_name="criteria",
        verbose_name=_("rubric"),
    )
    order = models.PositiveIntegerField(_("order"))
    title = models.CharField(_("criterion"), max_length=200)
    description = models.TextField(
        _("what full marks look like"), blank=True, max_length=1000
    )
    skill = models.CharField(
        _("skill"),
        max_length=20,
        choices=Prompt.Skill.choices,
        default=Prompt.Skill.OPEN,
    )
    points = models.PositiveSmallIntegerField(_("points"), default=3)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["rubric", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["rubric", "order"], name="criterion_unique_order"
            ),
            models.CheckConstraint(
                condition=Q(points__gte=1, points__lte=10),
                name="criterion_points_in_range",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def levels(self) -> list[int]:
        return list(range(self.points, -1, -1))


class CriterionScore(models.Model):
    """The level a teacher chose for one criterion of the rubric on one answer.
    ``max_points`` copies the criterion's points so the database can hold the
    bound."""

    feedback = models.ForeignKey(
        Feedback,
        on_delete=models.CASCADE,
        related_name="criterion_scores",
        verbose_name=_("feedback"),
    )
    criterion = models.ForeignKey(
        Criterion,
        on_delete=models.CASCADE,
        related_name="scores",
        verbose_name=_("criterion"),
    )
    points = models.PositiveSmallIntegerField(_("points"))
    max_points = models.PositiveSmallIntegerField(_("out of"))

    class Meta:
        verbose_name = _("criterion score")
        verbose_name_plural = _("criterion scores")
        ordering = ["feedback", "criterion__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["feedback", "criterion"], name="criterion_score_once"
            ),
            models.CheckConstraint(
                condition=Q(points__lte=F("max_points")),
                name="criterion_score_within_points",
            ),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.points}/{self.max_points}"
