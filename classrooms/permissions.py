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


def students_of_classrooms_managed_by(user) -> QuerySet:
    """Students who are, or were, in a class the viewer runs (a removed enrolment
    still counts: the teacher taught them and holds their work)."""
    from accounts.models import User

    return User.objects.filter(
        role=User.Role.STUDENT,
        is_staff=False,
        enrolments__classroom__in=classrooms_managed_by(user),
    ).distinct()


def can_export_student_data(user, student) -> bool:
    """The class teacher (owner or co-teacher of a class the student is or was in)
    may download everything the portal holds about that student, the same file an
    admin's export gives."""
    return students_of_classrooms_managed_by(user).filter(pk=student.pk).exists()


def classrooms_of_student_not_managed_by(user, student) -> QuerySet[Classroom]:
    """Classes tied to the student (enrolled now or before, or holding their answers)
    that the viewer does not run."""
    from assignments.models import Response

    tied = Q(enrolments__student=student) | Q(
        pk__in=Response.objects.filter(student=student).values(
            "assignment__classroom_id"
        )
    )
    return (
        Classroom.objects.filter(tied)
        .exclude(pk__in=classrooms_managed_by(user).values("pk"))
        .distinct()
    )


def can_anonymise_student(user, student) -> bool:
    """A teacher may anonymise a student only when every class the student is or was
    in (or answered work for) is one the teacher runs: the student's data is then
    theirs alone to look after. A student shared with another teacher's class is
    anonymised by an admin, and deleting an account is always left to an admin."""
    return (
        can_export_student_data(user, student)
        and not classrooms_of_student_not_managed_by(user, student).exists()
    )
