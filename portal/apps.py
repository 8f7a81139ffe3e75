from django.apps import AppConfig

from portal import checks  # noqa: F401 - importing it registers the deploy checks


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        # The admin's add pages read their query string through the model's fields
        # (the admin cannot be imported before the apps are loaded).
        from portal.admin_hooks import admin_initial_data_checked  # noqa: PLC0415

        admin_initial_data_checked()
