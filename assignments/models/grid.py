"""An evidence grid's cells: for one document (a row) and one sub-question (a
column), the student's quotation from that document, their stance and a one-line
note on how far the source can be trusted."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assignments.models.answers import Response

# A reliability note is one line: long enough for "A Soviet newspaper under
# censorship, so …", short enough to stay a note.
MAX_GRID_NOTE_CHARS = 200


class GridCell(models.Model):
    """One cell of a student's evidence grid, kept as they type it (a draft, like
    an answer's text): ``quotation_found`` says whether the server found the
    words in that paragraph when the cell was last saved. Submitting checks every
    cell again and copies the grid into the submitted version."""

    class Stance(models.TextChoices):
        SUPPORTS = "supports", _("Supports")
        CONTRADICTS = "contradicts", _("Contradicts")
        COMPLICATES = "complicates", _("Complicates")

    response = models.ForeignKey(
        Response,
        on_delete=models.CASCADE,
        related_name="grid_cells",
        verbose_name=_("answer"),
    )
    excerpt = models.ForeignKey(
        "sources.Excerpt",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("excerpt (row)"),
    )
    column = models.PositiveSmallIntegerField(_("sub-question (column)"))
    paragraph = models.PositiveSmallIntegerField(_("paragraph"), null=True, blank=True)
    quotation = models.TextField(_("quotation"), blank=True)
    quotation_found = models.BooleanField(_("quotation found"), default=False)
    stance = models.CharField(
        _("stance"), max_length=12, choices=Stance.choices, blank=True
    )
    note = models.CharField(
        _("reliability note"), max_length=MAX_GRID_NOTE_CHARS, blank=True
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("evidence grid cell")
        verbose_name_plural = _("evidence grid cells")
        ordering = ["response", "excerpt", "column"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "excerpt", "column"], name="grid_cell_once"
            ),
            models.CheckConstraint(
                condition=Q(column__gte=1), name="grid_cell_column_positive"
            ),
            models.CheckConstraint(
                condition=Q(paragraph__isnull=True) | Q(paragraph__gte=1),
                name="grid_cell_paragraph_positive",
            ),
            models.CheckConstraint(
                condition=Q(stance__in=["", "supports", "contradicts", "complicates"]),
                name="grid_cell_stance_valid",
            ),
        ]

    def __str__(self):
        return f"{self.response} · {self.excerpt} · {self.column}"

    @property
    def is_started(self) -> bool:
        return bool(self.quotation or self.stance or self.note)

    @property
    def is_complete(self) -> bool:
        return bool(
            self.quotation_found and self.paragraph and self.stance and self.note
        )
