from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User
from classrooms.models import Classroom, Enrolment
from classrooms.permissions import classrooms_managed_by

ACTIVE = Q(enrolments__removed_at__isnull=True)


def classrooms_for_teacher(*, user, archived: bool = False) -> QuerySet[Classroom]:
    """Classes a teacher owns or co-teaches, with their number of (current) students."""
    return (
        classrooms_managed_by(user)
        .filter(archived_at__isnull=not archived)
        .select_related("owner")
        .annotate(student_count=Count("enrolments", filter=ACTIVE, distinct=True))
        .order_by("name", "section", "pk")
    )


def classrooms_for_student(*, user) -> QuerySet[Classroom]:
    """Classes a student is in now (not removed from, not archived)."""
    return (
        Classroom.objects.filter(
            enrolments__student=user,
            enrolments__removed_at__isnull=True,
            archived_at__isnull=True,
        )
        .select_related("owner")
        .order_by("name", "section", "pk")
    )


def get_classroom_for_user_or_404(user, pk: int) -> Classroom:
    """A class the viewer manages, with what every class page shows; 404 otherwise."""
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


def roster_for_classroom(
    *, classroom: Classroom, user, removed: bool = False
) -> QuerySet[Enrolment]:
    """The students of a class the viewer manages (or those removed from it), each
    with their account, in one query however large the class."""
    return (
        Enrolment.objects.filter(
            classroom=classroom,
            classroom__in=classrooms_managed_by(user),
            removed_at__isnull=not removed,
        )
        .select_related("student")
        .order_by("student__last_name", "student__first_name", "student__username")
    )


def get_enrolment_for_user_or_404(
    user, *, classroom: Classroom, student_pk: int, removed: bool = False
) -> Enrolment:
    return get_object_or_404(
        roster_for_classroom(classroom=classroom, user=user, removed=removed),
        student_id=student_pk,
    )


def get_student_for_user_or_404(user, *, classroom: Classroom, student_pk: int) -> User:
    """A student who is, or was, in a class the viewer runs; 404 for anyone else."""
    return get_object_or_404(
        User.objects.filter(
            role=User.Role.STUDENT,
            is_staff=False,
            enrolments__classroom=classroom,
            enrolments__classroom__in=classrooms_managed_by(user),
        ).distinct(),
        pk=student_pk,
    )
