from django.apps import AppConfig

from portal import checks  # noqa: F401 - importing it registers the deploy checks


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"
