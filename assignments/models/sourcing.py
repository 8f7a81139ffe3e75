"""What a student wrote about a document before reading it, in a source-first
lesson: the answers to the sourcing questions (assignments.sourcing) for one
excerpt of one assignment. Saving them opens the excerpt's text for that student."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from assignments.models.assignments import Assignment

# Each answer is a sentence or two; a page of text is a broken or hostile form.
MAX_SOURCING_ANSWER_CHARS = 1_000


class SourcingNote(models.Model):
    """One student's sourcing answers on one excerpt of an assignment (one row per
    student, assignment and excerpt): who made it, when, for whom, why, and how far
    to trust it for the lesson's question."""

    assignment = models.ForeignKey(
        Assignment,
        on_delete=models.CASCADE,
        related_name="sourcing_notes",
        verbose_name=_("assignment"),
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="sourcing_notes",
        verbose_name=_("student"),
    )
    excerpt = models.ForeignKey(
        "sources.Excerpt",
        on_delete=models.CASCADE,
        related_name="sourcing_notes",
        verbose_name=_("excerpt"),
    )
    who = models.TextField(_("who made it"))
    when = models.TextField(_("when"))
    audience = models.TextField(_("for whom"))
    purpose = models.TextField(_("why"))
    trust = models.TextField(_("how far to trust it"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("saved"), auto_now=True)

    class Meta:
        verbose_name = _("sourcing note")
        verbose_name_plural = _("sourcing notes")
        ordering = ["assignment", "student", "excerpt"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "student", "excerpt"],
                name="sourcing_note_once_per_excerpt",
            ),
        ]

    def __str__(self):
        return f"{self.student} · {self.excerpt}"
