from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClassroomsConfig(AppConfig):
    name = "classrooms"
    verbose_name = _("Classes")

    def ready(self):
        from accounts.signin import password_refusal_register  # noqa: PLC0415
        from classrooms.signin import password_refused_for_sso_class  # noqa: PLC0415

        # A class can require its students to sign in through the school's provider.
        password_refusal_register(password_refused_for_sso_class)
