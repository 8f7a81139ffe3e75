"""Who may do what with a class. Views fetch through these filters, so a class the
viewer may not manage answers 404, exactly like one that does not exist."""

from datetime import timedelta

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import User
from classrooms.models import Classroom, CoTeacherInvitation, Enrolment, Group
from portal.http import id_or_404


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
    viewer manages, with the student; 404 otherwise, also for a student id no
    database row can have (a foreign key's lookup, unlike a primary key's, sends
    it to the database as it is: SQLite cannot take one past 2**63)."""
    return get_object_or_404(
        enrolments_managed_by(user)
        .filter(classroom=classroom, removed_at__isnull=not removed)
        .select_related("student"),
        student_id=id_or_404(student_pk),
    )


def get_group_for_user_or_404(user, *, classroom: Classroom, pk: int) -> Group:
    """A group of a class the viewer manages; 404 otherwise."""
    return get_object_or_404(
        Group.objects.filter(classroom__in=classrooms_managed_by(user)),
        classroom=classroom,
        pk=pk,
    )


# --- a student shared between classes --------------------------------------------
#
# The one rule for acting on a student's account or whole record (a new password,
# the student's data file, anonymising): a teacher may do it only when every class
# the student is or was in is one they run. A student who is also in another
# teacher's class belongs to that teacher too, so a change that reaches every class
# (a password opens all of them) is left to an admin. Viewing the student on the
# roster, grading their work and removing them from the teacher's own class stay
# with the class teacher. privacy.permissions adds the classes holding the
# student's answers to the same rule.


def classrooms_of_students_not_managed_by(user, students) -> QuerySet[Classroom]:
    """Classes the given students are or were in (a removed place still counts)
    that the viewer does not run."""
    return (
        Classroom.objects.filter(enrolments__student__in=students)
        .exclude(pk__in=classrooms_managed_by(user).values("pk"))
        .distinct()
    )


def students_shared_beyond(user, students) -> list[User]:
    """Those of ``students`` who are, or were, also in a class the viewer does not
    run (in the order given)."""
    students = list(students)
    shared = set(
        Enrolment.objects.filter(student__in=students)
        .exclude(classroom__in=classrooms_managed_by(user).values("pk"))
        .values_list("student_id", flat=True)
    )
    return [s for s in students if s.pk in shared]


def can_act_on_student_account(user, student: User) -> bool:
    """Whether the viewer may change the student's account or take out their whole
    record: the student is in a class the viewer runs, and in none they do not."""
    return enrolments_managed_by(user).filter(
        student=student
    ).exists() and not students_shared_beyond(user, [student])


# --- invitations to co-teach ------------------------------------------------------

# An invitation nobody accepted lapses (a username can change hands).
INVITATION_DAYS = 14


def co_teacher_invitations_open() -> QuerySet[CoTeacherInvitation]:
    """Invitations still waiting (not lapsed), of classes still running."""
    since = timezone.now() - timedelta(days=INVITATION_DAYS)
    return CoTeacherInvitation.objects.filter(
        created_at__gte=since, classroom__archived_at__isnull=True
    )


def co_teacher_invitations_for(user) -> QuerySet[CoTeacherInvitation]:
    """The invitations made out to this teacher's username (none for a student or a
    switched-off account)."""
    if not (
        user.is_authenticated and user.is_active and (user.is_teacher or user.is_staff)
    ):
        return CoTeacherInvitation.objects.none()
    return (
        co_teacher_invitations_open()
        .filter(username=user.username.lower())
        .exclude(classroom__owner=user)
        .select_related("classroom__owner", "invited_by")
    )


def get_invitation_for_invited_or_404(user, pk: int) -> CoTeacherInvitation:
    """An open invitation made out to the viewer; 404 for anyone else's."""
    return get_object_or_404(co_teacher_invitations_for(user), pk=pk)


def get_invitation_for_owner_or_404(
    user, *, classroom: Classroom, pk: int
) -> CoTeacherInvitation:
    """An invitation of a class the viewer owns; 404 otherwise."""
    if not can_administer_classroom(user, classroom):
        raise Http404
    return get_object_or_404(classroom.co_teacher_invitations.all(), pk=pk)
