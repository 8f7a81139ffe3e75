from django.conf import settings
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

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["classroom", "student"],
                name="one_enrolment_per_student_per_class",
            )
        ]

    def __str__(self):
        return f"{self.student} in {self.classroom}"

    @property
    def is_active(self) -> bool:
        return self.removed_at is None
