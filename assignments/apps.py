from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssignmentsConfig(AppConfig):
    name = "assignments"
    verbose_name = _("Assignments")

    def ready(self):
        # Models are not loaded when apps.py is imported; ready() is where a
        # function-level import is allowed.
        from assignments.permissions import excerpts_of_assignments  # noqa: PLC0415
        from sources.permissions import excerpt_readers_register  # noqa: PLC0415

        excerpt_readers_register(excerpts_of_assignments)
