from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Everything held about one person: the registry, export, anonymise, erase.
    No tables of its own; it adds its actions to the user admin (privacy/admin.py)."""

    name = "privacy"
    verbose_name = _("Privacy")
