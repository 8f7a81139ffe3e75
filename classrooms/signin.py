"""A class that signs in through the school's provider only: its students'
passwords are refused (accounts.signin asks every registered check)."""

from django.utils.translation import gettext as _

from classrooms.models import Enrolment


def password_refused_for_sso_class(user) -> str | None:
    """The sentence for a student in a current class that requires single sign-on."""
    if not user.is_student:
        return None
    if Enrolment.objects.filter(
        student=user,
        removed_at__isnull=True,
        classroom__require_sso=True,
        classroom__archived_at__isnull=True,
    ).exists():
        return _(
            "Your class signs in with your school account: use the school's button "
            "above. The first time, type the link code from your login card."
        )
    return None
