"""Who may do what with a class. Views fetch through these filters, so a class the
viewer may not manage answers 404, exactly like one that does not exist."""

from django.db.models import Q, QuerySet

from classrooms.models import Classroom


def classrooms_managed_by(user) -> QuerySet[Classroom]:
    """Classes a teacher runs: the ones they own and the ones they co-teach."""
    if not user.is_authenticated or user.is_student:
        return Classroom.objects.none()
    co_taught = Classroom.co_teachers.through.objects.filter(user=user).values(
        "classroom_id"
    )
    return Classroom.objects.filter(Q(owner=user) | Q(pk__in=co_taught))


def can_manage_classroom(user, classroom: Classroom) -> bool:
    """Owner and co-teachers manage the roster, join code, accounts and settings."""
    return classrooms_managed_by(user).filter(pk=classroom.pk).exists()


def can_administer_classroom(user, classroom: Classroom) -> bool:
    """Only the owner archives a class and chooses its co-teachers."""
    return user.is_authenticated and classroom.owner_id == user.pk
