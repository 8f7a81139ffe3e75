"""An assignment: a lesson given to one class, with its dates and rules."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.limits import EARLIEST, LATEST, datetime_validators

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
    # Bounded (portal.limits): a year past 9999 in UTC cannot be read back.
    available_from = models.DateTimeField(
        _("available from"), default=timezone.now, validators=datetime_validators()
    )
    due_at = models.DateTimeField(_("due"), validators=datetime_validators())
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
    # Each student sees and replies to the answers of their own small group only
    # (classrooms.Group); teachers see every group's, labelled.
    discussion_in_groups = models.BooleanField(
        _("discuss in groups"),
        default=False,
        help_text=_(
            "Students see and reply to the answers of their own group only. "
            "Students in no group see only their own answer."
        ),
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
                condition=Q(available_from__gte=EARLIEST, due_at__lte=LATEST),
                name="assignment_dates_in_range",
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

    def points_with(self, set_points: list[int | None]) -> list[int]:
        """Each prompt's points, in prompt order, given what the teacher set for
        each (None: not set). Prompts not set share evenly what the set ones leave
        of the assignment's points (all of it when none is set)."""
        fixed = sum(p for p in set_points if p is not None)
        rest = Assignment(points=max(self.points - fixed, 0)).prompt_points(
            sum(p is None for p in set_points)
        )
        shares = iter(rest)
        return [p if p is not None else next(shares) for p in set_points]


class PromptPoints(models.Model):
    """What one prompt is worth in one assignment, when the teacher set it by hand.
    Without a row a prompt takes its even share (``Assignment.prompt_points``);
    with rows the assignment's ``points`` is their sum (kept so by the service)."""

    assignment = models.ForeignKey(
        Assignment,
        on_delete=models.CASCADE,
        related_name="point_shares",
        verbose_name=_("assignment"),
    )
    prompt = models.ForeignKey(
        "lessons.Prompt",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("prompt"),
    )
    points = models.PositiveIntegerField(_("points"))

    class Meta:
        verbose_name = _("points of a prompt")
        verbose_name_plural = _("points of prompts")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "prompt"], name="prompt_points_once"
            ),
            models.CheckConstraint(
                condition=Q(points__lte=MAX_POINTS), name="prompt_points_in_range"
            ),
        ]

    def __str__(self):
        return f"{self.assignment} · {self.prompt_id}: {self.points}"


class PersonalDueDate(models.Model):
    """One student's own due date on one assignment (an accommodation the class
    teacher sets): it replaces the class's date and the student's standing extended
    time for that assignment (assignments.schedule.personal_due_apply)."""

    assignment = models.ForeignKey(
        Assignment,
        on_delete=models.CASCADE,
        related_name="personal_due_dates",
        verbose_name=_("assignment"),
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="personal_due_dates",
        verbose_name=_("student"),
    )
    due_at = models.DateTimeField(_("own due date"), validators=datetime_validators())
    set_at = models.DateTimeField(_("set"), auto_now=True)

    class Meta:
        verbose_name = _("own due date")
        verbose_name_plural = _("own due dates")
        ordering = ["assignment", "due_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "student"], name="personal_due_once"
            ),
            models.CheckConstraint(
                condition=Q(due_at__lte=LATEST), name="personal_due_in_range"
            ),
        ]

    def __str__(self):
        return f"{self.assignment} · {self.student_id}: {self.due_at:%Y-%m-%d %H:%M}"
