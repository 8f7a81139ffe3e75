from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# Join codes: capitals and digits a class can read off a projector without mixing up
# 0/O or 1/I/L.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 8


class Classroom(models.Model):
    """A class a teacher runs (a section or period of a course in a school year)."""

    name = models.CharField(_("name"), max_length=120)
    section = models.CharField(_("section or period"), max_length=60, blank=True)
    school_year = models.CharField(_("school year"), max_length=20, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_classrooms",
        verbose_name=_("owner"),
    )
    co_teachers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="co_taught_classrooms",
        verbose_name=_("co-teachers"),
    )
    join_code = models.CharField(
        _("join code"),
        max_length=JOIN_CODE_LENGTH,
        unique=True,
        help_text=_("Students type this code to join the class."),
    )
    join_enabled = models.BooleanField(
        _("students may join with the code"), default=True
    )
    allow_self_signup = models.BooleanField(
        _("students may create their own account with the code"),
        default=False,
        help_text=_(
            "For students without an account yet. No e-mail address is needed."
        ),
    )
    require_sso = models.BooleanField(
        _("students sign in with the school's account only"),
        default=False,
        help_text=_(
            "Their passwords stop working; login cards show a link code for the "
            "first sign-in with the school's button instead."
        ),
    )
    # OneRoster's sourcedId of the class this one mirrors (roster imports).
    roster_source_id = models.CharField(
        _("roster ID"), max_length=255, null=True, blank=True, unique=True
    )
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["name", "section"]
        constraints = [
            models.CheckConstraint(
                condition=Exact(Length("join_code"), JOIN_CODE_LENGTH),
                name="classroom_join_code_length",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.section})" if self.section else self.name

    def get_absolute_url(self):
        return reverse("classrooms:classroom_detail", kwargs={"pk": self.pk})

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def accepts_joins(self) -> bool:
        return self.join_enabled and not self.is_archived


class Group(models.Model):
    """A small group inside a class (a table, a discussion circle). A student is in
    at most one group of a class: the group is kept on their enrolment."""

    classroom = models.ForeignKey(
        Classroom,
        on_delete=models.CASCADE,
        related_name="groups",
        verbose_name=_("class"),
    )
    name = models.CharField(_("name"), max_length=60)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["classroom", "name"], name="one_group_name_per_class"
            ),
        ]

    def __str__(self):
        return self.name


# The most extended time a teacher can give (a month): beyond that, change the date.
MAX_EXTRA_DAYS = 30
# A standing extra share of the time each assignment gives (time and a half: 50).
MAX_EXTRA_PERCENT = 200


class Enrolment(models.Model):
    """A student's place in a class: one per student per class. Removing a student
    from a class stamps ``removed_at`` and deletes nothing, so their work stays."""

    classroom = models.ForeignKey(
        Classroom,
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("class"),
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("student"),
    )
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)
    # OneRoster's sourcedId of the enrollment this one mirrors (roster imports).
    roster_source_id = models.CharField(
        _("roster ID"), max_length=255, null=True, blank=True, unique=True
    )
    # Accommodations the class's teacher sets for this student (docs/accommodations.md):
    # every due date of the class moves this many days later for
    # them, and by a share of the time each assignment gives (the to-do list, late
    # marking, refusals, reminders and the calendar follow it); the reading opens on
    # the version chosen, with read-aloud showing if asked.
    extra_days = models.PositiveSmallIntegerField(
        _("extended time (days)"),
        default=0,
        validators=[MaxValueValidator(MAX_EXTRA_DAYS)],
        help_text=_("Added to every due date of this class for this student."),
    )
    extra_percent = models.PositiveSmallIntegerField(
        _("extended time (percent)"),
        default=0,
        validators=[MaxValueValidator(MAX_EXTRA_PERCENT)],
        help_text=_(
            "A share of the time each assignment gives (from when it opens to when "
            "it is due) added for this student: 50 is time and a half."
        ),
    )
    # "" the original, "adapted" the simpler wording, or a language code: the
    # excerpt's translation into it (where an excerpt has that version).
    first_version = models.CharField(
        _("version shown first"), max_length=16, blank=True, default=""
    )
    read_aloud = models.BooleanField(
        _("read-aloud offered from the start"),
        default=False,
        help_text=_("The reading opens with its read-aloud controls showing."),
    )
    # The student's small group in this class (one at most; a group of another
    # class is refused by classrooms.services.groups).
    group = models.ForeignKey(
        Group,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enrolments",
        verbose_name=_("group"),
    )

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["classroom", "student"],
                name="one_enrolment_per_student_per_class",
            ),
            models.CheckConstraint(
                condition=models.Q(extra_days__lte=MAX_EXTRA_DAYS),
                name="enrolment_extra_days_at_most_30",
            ),
            models.CheckConstraint(
                condition=models.Q(extra_percent__lte=MAX_EXTRA_PERCENT),
                name="enrolment_extra_percent_at_most_200",
            ),
        ]

    def __str__(self):
        return f"{self.student} in {self.classroom}"

    @property
    def is_active(self) -> bool:
        return self.removed_at is None


class RosterRecord(models.Model):
    """One row of a OneRoster file as last imported (orgs, academic sessions,
    courses, classes, enrollments), keyed by its ``sourcedId``: what an import
    compares with to know what is new, changed or gone. Classes and enrollments
    are also made into Classroom and Enrolment rows; users live in accounts."""

    class Kind(models.TextChoices):
        ORG = "org", _("organisation")
        SESSION = "session", _("academic session")
        COURSE = "course", _("course")
        CLASS = "class", _("class")
        ENROLLMENT = "enrollment", _("enrollment")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    sourced_id = models.CharField(_("sourcedId"), max_length=255)
    active = models.BooleanField(_("active"), default=True)
    data = models.JSONField(_("fields"), default=dict)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("roster record")
        verbose_name_plural = _("roster records")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "sourced_id"], name="one_roster_record_per_sourced_id"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.sourced_id}"


class RosterImport(models.Model):
    """One OneRoster import: a dry run or an applied one, with its progress and
    its report (counts by kind and action, and every problem by file and line)."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("waiting")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    file = models.FileField(
        _("OneRoster zip file"), upload_to="roster-imports/", blank=True
    )
    # A folder read by the nightly command (manage.py import_oneroster), or empty.
    folder = models.CharField(_("folder"), max_length=500, blank=True)
    dry_run = models.BooleanField(_("dry run (change nothing)"), default=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.WAITING
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    stage = models.CharField(_("stage"), max_length=120, blank=True)
    report = models.JSONField(_("report"), default=dict, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("OneRoster import")
        verbose_name_plural = _("OneRoster imports")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="roster_import_progress_pct"
            )
        ]

    def __str__(self):
        kind = _("Dry run") if self.dry_run else _("Import")
        return f"{kind} {self.pk or ''}".strip()


class CoTeacherInvitation(models.Model):
    """A class owner's invitation to co-teach, waiting for the invited teacher to
    accept. It is kept under the username the owner typed, whether or not a teacher
    has it, so the form never tells the owner which usernames are teachers'; a
    teacher sees only the invitations made out to their own username."""

    classroom = models.ForeignKey(
        Classroom,
        on_delete=models.CASCADE,
        related_name="co_teacher_invitations",
        verbose_name=_("class"),
    )
    # Lower-cased, as typed (usernames are matched whatever their case).
    username = models.CharField(_("username"), max_length=150)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="co_teacher_invitations_sent",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("co-teacher invitation")
        verbose_name_plural = _("co-teacher invitations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["classroom", "username"], name="one_invitation_per_username"
            )
        ]

    def __str__(self):
        return f"{self.username} → {self.classroom}"
