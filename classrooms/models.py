from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["name", "section"]

    def __str__(self):
        return f"{self.name} ({self.section})" if self.section else self.name


class Enrolment(models.Model):
    """A student's place in a class: one per student per class."""

    classroom = models.ForeignKey(
        Classroom, on_delete=models.CASCADE, related_name="enrolments"
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

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
