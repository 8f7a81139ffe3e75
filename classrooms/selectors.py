from django.db.models import Count, QuerySet

from classrooms.models import Classroom


def classrooms_for_teacher(*, user) -> QuerySet[Classroom]:
    """Classes a teacher runs, with their student counts."""
    return Classroom.objects.filter(owner=user).annotate(
        student_count=Count("enrolments", distinct=True)
    )


def classrooms_for_student(*, user) -> QuerySet[Classroom]:
    """Classes a student is enrolled in."""
    return Classroom.objects.filter(enrolments__student=user).select_related("owner")
