from django.db.models import Count, Q, QuerySet

from classrooms.models import Classroom, Enrolment
from classrooms.permissions import classrooms_managed_by, enrolments_managed_by

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


def roster_for_classroom(
    *, classroom: Classroom, user, removed: bool = False
) -> QuerySet[Enrolment]:
    """The students of a class the viewer manages (or those removed from it), each
    with their account, in one query however large the class."""
    return (
        enrolments_managed_by(user)
        .filter(classroom=classroom, removed_at__isnull=not removed)
        .select_related("student")
        .order_by("student__last_name", "student__first_name", "student__username")
    )
