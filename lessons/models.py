import simple_history
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class Unit(models.Model):
    """A sequence of lessons around one essential question. ``owner`` None means a
    shared unit (the shipped one), which only admins change; any teacher may read and
    copy a published unit."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        blank=True,
        help_text=_("Only for units shipped with the portal; empty otherwise."),
    )
    essential_question = models.CharField(
        _("essential question"),
        max_length=400,
        blank=True,
        help_text=_("The question the whole unit helps students answer."),
    )
    overview = models.TextField(
        _("overview"),
        blank=True,
        help_text=_("What the unit covers and why. Markdown."),
    )
    grade_band = models.CharField(
        _("grade band"),
        max_length=40,
        blank=True,
        help_text=_("For example “9–12” or “Grade 11”."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="units",
        verbose_name=_("owner"),
        help_text=_("Empty for a shared unit, which only admins change."),
    )
    co_authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="co_authored_units",
        blank=True,
        verbose_name=_("co-authors"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("copied from"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug"], condition=~Q(slug=""), name="unit_unique_slug"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published"]),
                name="unit_status_valid",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("lessons:unit_detail", kwargs={"pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_shared(self) -> bool:
        return self.owner_id is None


class Lesson(models.Model):
    """One class period (or so) of a unit: excerpts to read and prompts to answer."""

    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="lessons", verbose_name=_("unit")
    )
    order = models.PositiveIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=200)
    objectives = models.TextField(
        _("objectives"),
        blank=True,
        help_text=_("What students will be able to do by the end. Markdown."),
    )
    instructions = models.TextField(
        _("instructions for students"),
        blank=True,
        help_text=_("What students should do, in the order they should do it."),
    )
    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated minutes"), null=True, blank=True
    )
    # Experts read the attribution before the text; novices skip it. With this on,
    # each excerpt opens for a student only after they have answered the sourcing
    # questions on its citation and headnote (assignments.SourcingNote).
    source_first = models.BooleanField(
        _("source first"),
        default=False,
        help_text=_(
            "Before each excerpt's text opens, students see its citation and "
            "headnote and answer short sourcing questions (who made it, when, for "
            "whom, why, how far to trust it)."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ["unit", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "order"], name="lesson_unique_order_per_unit"
            ),
            models.CheckConstraint(
                condition=Q(estimated_minutes__isnull=True)
                | Q(estimated_minutes__gte=1, estimated_minutes__lte=600),
                name="lesson_minutes_in_range",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("lessons:lesson_editor", kwargs={"pk": self.pk})


class LessonExcerpt(models.Model):
    """An excerpt from the library placed in a lesson, with a note only teachers see."""

    lesson = models.ForeignKey(
        Lesson,
        on_delete=models.CASCADE,
        related_name="lesson_excerpts",
        verbose_name=_("lesson"),
    )
    excerpt = models.ForeignKey(
        "sources.Excerpt",
        on_delete=models.CASCADE,
        related_name="lesson_uses",
        verbose_name=_("excerpt"),
    )
    order = models.PositiveIntegerField(_("order"))
    teacher_note = models.TextField(
        _("teacher note"),
        blank=True,
        help_text=_("For you and co-authors only; students never see it."),
    )

    class Meta:
        verbose_name = _("lesson excerpt")
        verbose_name_plural = _("lesson excerpts")
        ordering = ["lesson", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["lesson", "order"], name="lesson_excerpt_unique_order"
            ),
            models.UniqueConstraint(
                fields=["lesson", "excerpt"], name="lesson_excerpt_once_per_lesson"
            ),
        ]

    def __str__(self):
        return str(self.excerpt)


class Prompt(models.Model):
    """A question students answer, typed by the historical-thinking skill it
    exercises, with the number of cited passages an answer needs."""

    class Skill(models.TextChoices):
        SOURCING = "sourcing", _("Sourcing")
        CONTEXTUALIZATION = "contextualization", _("Contextualization")
        CORROBORATION = "corroboration", _("Corroboration")
        CLOSE_READING = "close_reading", _("Close reading")
        CLAIM_EVIDENCE = "claim_evidence", _("Claim & evidence")
        OPEN = "open", _("Open")

    class Kind(models.TextChoices):
        # What the student fills in: a written answer with cited passages (the
        # first wave's only kind), an evidence grid over the lesson's documents,
        # or a document-based essay (thesis, then claim / evidence / reasoning).
        ANSWER = "answer", _("Written answer")
        GRID = "grid", _("Evidence grid")
        ESSAY = "essay", _("Document-based essay")

    MAX_CITATIONS = 10
    MAX_ESSAY_DOCUMENTS = 50
    # An evidence grid asks one to this many sub-questions (its columns).
    MAX_GRID_QUESTIONS = 6

    lesson = models.ForeignKey(
        Lesson,
        on_delete=models.CASCADE,
        related_name="prompts",
        verbose_name=_("lesson"),
    )
    order = models.PositiveIntegerField(_("order"))
    text = models.TextField(_("prompt"), help_text=_("The question. Markdown."))
    skill = models.CharField(
        _("skill"), max_length=20, choices=Skill.choices, default=Skill.OPEN
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=Kind.choices, default=Kind.ANSWER
    )
    min_citations = models.PositiveSmallIntegerField(
        _("minimum citations"),
        default=1,
        help_text=_("How many cited passages an answer needs (0 for none)."),
    )
    # The document-based essay's rules (kind "essay" only; the other kinds ignore
    # them). A document is an excerpt placed in the lesson; the student page and
    # the form say what counts as used and as sourced (docs/essays.md).
    essay_min_documents = models.PositiveSmallIntegerField(
        _("documents to use (at least)"),
        default=0,
        help_text=_(
            "How many of the lesson's documents the essay must cite (0 for no rule)."
        ),
    )
    essay_min_sourced = models.PositiveSmallIntegerField(
        _("documents to source (at least)"),
        default=0,
        help_text=_(
            "How many of the cited documents need a sourcing sentence (0 for no rule)."
        ),
    )
    essay_thesis_required = models.BooleanField(
        _("thesis required"),
        default=True,
        help_text=_("The essay must state a thesis before its paragraphs."),
    )
    grid_questions = models.TextField(
        _("sub-questions (evidence grid)"),
        blank=True,
        help_text=_(
            "For an evidence grid: its columns, one sub-question a line. The rows "
            "are the lesson's excerpts."
        ),
    )
    lesson_excerpts = models.ManyToManyField(
        LessonExcerpt,
        related_name="prompts",
        blank=True,
        verbose_name=_("excerpts it refers to"),
    )

    class Meta:
        verbose_name = _("prompt")
        verbose_name_plural = _("prompts")
        ordering = ["lesson", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["lesson", "order"], name="prompt_unique_order_per_lesson"
            ),
            models.CheckConstraint(
                condition=Q(min_citations__gte=0, min_citations__lte=10),
                name="prompt_min_citations_in_range",
            ),
            models.CheckConstraint(
                condition=Q(
                    skill__in=[
                        "sourcing",
                        "contextualization",
                        "corroboration",
                        "close_reading",
                        "claim_evidence",
                        "open",
                    ]
                ),
                name="prompt_skill_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["answer", "grid", "essay"]),
                name="prompt_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(
                    essay_min_documents__lte=50,
                    essay_min_sourced__lte=models.F("essay_min_documents"),
                ),
                name="prompt_essay_rules_in_range",
            ),
        ]

    def __str__(self):
        return self.text[:80]

    def clean(self):
        """An essay's rules must be possible: use at most the lesson's documents (M),
        source at most as many as it must use. Checked for the essay kind only; the
        other kinds ignore these fields."""
        if self.kind != self.Kind.ESSAY or not self.lesson_id:
            return
        documents = self.lesson.lesson_excerpts.count()
        errors = {}
        if self.essay_min_documents > documents:
            errors["essay_min_documents"] = ValidationError(
                ngettext(
                    "This lesson has %(m)d document: ask for at most %(m)d.",
                    "This lesson has %(m)d documents: ask for at most %(m)d.",
                    documents,
                )
                % {"m": documents},
                code="more_than_documents",
            )
        if self.essay_min_sourced > self.essay_min_documents:
            errors["essay_min_sourced"] = ValidationError(
                ngettext(
                    "Ask students to source at most the %(n)d document they must "
                    "use, or raise “documents to use”.",
                    "Ask students to source at most the %(n)d documents they must "
                    "use, or raise “documents to use”.",
                    self.essay_min_documents,
                )
                % {"n": self.essay_min_documents},
                code="more_sourced_than_used",
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_grid(self) -> bool:
        return self.kind == self.Kind.GRID

    @property
    def grid_question_list(self) -> list[str]:
        """The evidence grid's sub-questions (its columns), in order."""
        return grid_questions_split(self.grid_questions)


def grid_questions_split(text: str) -> list[str]:
    """Sub-questions typed one a line: blank lines and surrounding spaces dropped."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class LessonSource(models.Model):
    """A catalogued document the lesson concerns, shown to students as a record
    with its citation so they can look it up."""

    lesson = models.ForeignKey(
        Lesson,
        on_delete=models.CASCADE,
        related_name="lesson_sources",
        verbose_name=_("lesson"),
    )
    source = models.ForeignKey(
        "sources.Source",
        on_delete=models.CASCADE,
        related_name="lesson_uses",
        verbose_name=_("source"),
    )
    order = models.PositiveIntegerField(_("order"))

    class Meta:
        verbose_name = _("related document")
        verbose_name_plural = _("related documents")
        ordering = ["lesson", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["lesson", "order"], name="lesson_source_unique_order"
            ),
            models.UniqueConstraint(
                fields=["lesson", "source"], name="lesson_source_once_per_lesson"
            ),
        ]

    def __str__(self):
        return str(self.source)


# --- edit history ---------------------------------------------------------------
# django-simple-history keeps every version of the units, lessons and prompts, so an admin can read
# who changed what and revert it; the historical tables live in this app.
# The excerpts a prompt refers to are recorded with each version, but reverting
# restores the plain fields only. A unit's co-authors are people, not content, and
# are not tracked.
simple_history.register(Unit)
simple_history.register(Lesson)
simple_history.register(LessonExcerpt)
simple_history.register(Prompt, m2m_fields=["lesson_excerpts"])
