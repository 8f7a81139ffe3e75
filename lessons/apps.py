from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LessonsConfig(AppConfig):
    name = "lessons"
    verbose_name = _("Lessons")

    def ready(self):
        # Models are not loaded when apps.py is imported; ready() is where a
        # function-level import is allowed.
        from lessons.permissions import excerpts_in_units_visible_to  # noqa: PLC0415
        from sources.permissions import excerpt_readers_register  # noqa: PLC0415

        excerpt_readers_register(excerpts_in_units_visible_to)
