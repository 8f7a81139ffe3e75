"""The teacher's review: feedback on answers, the comment bank, rubrics and the
levels chosen on them."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from assignments.models.answers import Response
from lessons.models import Prompt


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
        null=True,
        blank=True,
        related_name="rubrics",
        verbose_name=_("teacher"),
        help_text=_(
            "Empty for a rubric shipped with the portal, which every teacher uses."
        ),
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        blank=True,
        help_text=_("Only for rubrics shipped with the portal; empty otherwise."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")
        ordering = ["owner", "title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug"],
                condition=~Q(slug=""),
                name="rubric_unique_shipped_slug",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_shared(self) -> bool:
        return self.owner_id is None


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
    level_descriptions = models.JSONField(
        _("what each level looks like"),
        default=list,
        blank=True,
        help_text=_("From the top level down to 0, one description each (optional)."),
    )

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

    @property
    def described_levels(self) -> list[tuple[int, str]]:
        """Each level, top first, with its description ("" when none)."""
        texts = [t for t in self.level_descriptions if isinstance(t, str)]
        return [
            (level, texts[i] if i < len(texts) else "")
            for i, level in enumerate(self.levels)
        ]


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
