"""Who may take out or erase what the portal holds about a student.

A class teacher (owner or co-teacher of a class the student is or was in) may
download the student's file and anonymise them when every class tied to the student
is one they run; anything wider (a student shared with another teacher, deleting an
account) is left to an admin. A student outside the teacher's classes answers 404.
"""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User
from assignments.models import Response
from classrooms.models import Classroom
from classrooms.permissions import (
    classrooms_managed_by,
    classrooms_of_students_not_managed_by,
)


def students_of_classrooms_managed_by(user) -> QuerySet[User]:
    """Students who are, or were, in a class the viewer runs (a removed enrolment
    still counts: the teacher taught them and holds their work)."""
    return User.objects.filter(
        role=User.Role.STUDENT,
        is_staff=False,
        enrolments__classroom__in=classrooms_managed_by(user),
    ).distinct()


def can_export_student_data(user, student: User) -> bool:
    """The class teacher (owner or co-teacher of a class the student is or was in)
    may download everything the portal holds about that student, the same file an
    admin's export gives."""
    return students_of_classrooms_managed_by(user).filter(pk=student.pk).exists()


def classrooms_of_student_not_managed_by(user, student: User) -> QuerySet[Classroom]:
    """Classes tied to the student that the viewer does not run: the classrooms
    rule for a shared student
    (``classrooms.permissions.classrooms_of_students_not_managed_by``), plus any
    class holding the student's answers."""
    tied = Q(
        pk__in=classrooms_of_students_not_managed_by(user, [student]).values("pk")
    ) | Q(
        pk__in=Response.objects.filter(student=student).values(
            "assignment__classroom_id"
        )
    )
    return (
        Classroom.objects.filter(tied)
        .exclude(pk__in=classrooms_managed_by(user).values("pk"))
        .distinct()
    )


def can_anonymise_student(user, student: User) -> bool:
    """A teacher may anonymise a student only when every class the student is or was
    in (or answered work for) is one the teacher runs: the student's data is then
    theirs alone to look after. A student shared with another teacher's class is
    anonymised by an admin, and deleting an account is always left to an admin."""
    return (
        can_export_student_data(user, student)
        and not classrooms_of_student_not_managed_by(user, student).exists()
    )


def get_student_for_user_or_404(user, *, classroom: Classroom, student_pk: int) -> User:
    """A student who is, or was, in this class, which the viewer runs; 404 for
    anyone else."""
    return get_object_or_404(
        User.objects.filter(
            role=User.Role.STUDENT,
            is_staff=False,
            enrolments__classroom=classroom,
            enrolments__classroom__in=classrooms_managed_by(user),
        ).distinct(),
        pk=student_pk,
    )
