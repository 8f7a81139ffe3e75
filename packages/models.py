import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitPackageIdentity(models.Model):
    """The stable identity a unit carries in its packages, so that importing the
    same unit again (on this or another installation) updates it instead of making
    a second copy. Given on the first export, kept on import."""

    unit = models.OneToOneField(
        "lessons.Unit",
        on_delete=models.CASCADE,
        related_name="package_identity",
        verbose_name=_("unit"),
    )
    package_id = models.UUIDField(
        _("package id"), unique=True, default=uuid.uuid4, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("unit package identity")
        verbose_name_plural = _("unit package identities")

    def __str__(self):
        return f"{self.unit} ({self.package_id})"
