"""Who may do what with a class. Views fetch through these filters, so a class the
viewer may not manage answers 404, exactly like one that does not exist."""

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User
from classrooms.models import Classroom, Enrolment


def classrooms_managed_by(user) -> QuerySet[Classroom]:
    """Classes a teacher runs: the ones they own and the ones they co-teach."""
    if not user.is_authenticated or user.is_student:
        return Classroom.objects.none()
    co_taught = Classroom.co_teachers.through.objects.filter(user=user).values(
        "classroom_id"
    )
    return Classroom.objects.filter(Q(owner=user) | Q(pk__in=co_taught))


def enrolments_managed_by(user) -> QuerySet[Enrolment]:
    """Places in the classes a teacher runs (current and removed)."""
    return Enrolment.objects.filter(classroom__in=classrooms_managed_by(user))


def can_manage_classroom(user, classroom: Classroom) -> bool:
    """Owner and co-teachers manage the roster, join code, accounts and settings."""
    return classrooms_managed_by(user).filter(pk=classroom.pk).exists()


def can_administer_classroom(user, classroom: Classroom) -> bool:
    """Only the owner archives a class and chooses its co-teachers."""
    return user.is_authenticated and classroom.owner_id == user.pk


def get_classroom_for_user_or_404(user, pk: int) -> Classroom:
    """A class the viewer manages, with what every class page shows (its owner and
    co-teachers); 404 otherwise."""
    return get_object_or_404(
        classrooms_managed_by(user)
        .select_related("owner")
        .prefetch_related(
            Prefetch(
                "co_teachers",
                queryset=User.objects.order_by("last_name", "first_name", "pk"),
            )
        ),
        pk=pk,
    )


def get_classroom_for_teacher_or_404(user, pk: int) -> Classroom:
    """A class the viewer manages, nothing fetched with it (for pages that show
    only its name); 404 otherwise."""
    return get_object_or_404(classrooms_managed_by(user), pk=pk)


def get_enrolment_for_user_or_404(
    user, *, classroom: Classroom, student_pk: int, removed: bool = False
) -> Enrolment:
    """A student's place (current, or removed with ``removed``) in a class the
    viewer manages, with the student; 404 otherwise."""
    return get_object_or_404(
        enrolments_managed_by(user)
        .filter(classroom=classroom, removed_at__isnull=not removed)
        .select_related("student"),
        student_id=student_pk,
    )
