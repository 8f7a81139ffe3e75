import re
import secrets
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from axes.utils import reset as axes_reset
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.audit import Kind, audit_record
from accounts.hashers import one_time_password_generate, one_time_password_hasher
from accounts.models import User
from accounts.services import colleague_find, user_create
from accounts.sso import link_codes_issue, sso_switched_on
from classrooms.events import class_changed_notify
from classrooms.models import (
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    Classroom,
    CoTeacherInvitation,
    Enrolment,
)
from classrooms.permissions import (
    co_teacher_invitations_for,
    co_teacher_invitations_open,
    students_shared_beyond,
)

# A student's place in a class (join, remove, restore, accommodations) lives in
# classrooms/services/enrolments.py; imported here so callers keep one module name.
from classrooms.services.enrolments import (  # noqa: F401
    _enrolment_ensure,
    enrolment_accommodations_set,
    enrolment_ensure,
    enrolment_remove,
    enrolment_restore,
)

USERNAME_MAX_BASE = 30
PROGRESS_EVERY = 25
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class StudentRow:
    """One student to create, as read from pasted names or a CSV file."""

    first_name: str
    last_name: str
    student_number: str = ""
    line: int = 0


@dataclass(frozen=True)
class LoginCard:
    """What a login card shows. Lives only in the short-lived card store."""

    user_id: int
    first_name: str
    last_name: str
    username: str
    password: str
    # For the first sign-in through the school's provider (when one is switched on).
    link_code: str = ""

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


def join_code_generate() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def join_code_normalize(code: str) -> str:
    """What a student typed, as a code: case, spaces and dashes do not matter."""
    return re.sub(r"[\s\-]", "", code or "").upper()


def _unused_join_code() -> str:
    for _attempt in range(10):
        code = join_code_generate()
        if not Classroom.objects.filter(join_code=code).exists():
            return code
    raise RuntimeError("could not find an unused join code")  # pragma: no cover


@transaction.atomic
def classroom_create(
    *,
    owner,
    name: str,
    section: str = "",
    school_year: str = "",
    join_enabled: bool = True,
    allow_self_signup: bool = False,
    require_sso: bool = False,
) -> Classroom:
    """Create a class owned by a teacher, with a fresh join code that is switched on."""
    classroom = Classroom(
        owner=owner,
        name=name,
        section=section,
        school_year=school_year,
        join_enabled=join_enabled,
        allow_self_signup=allow_self_signup,
        require_sso=require_sso,
        join_code=_unused_join_code(),
    )
    classroom.full_clean()
    classroom.save()
    return classroom


@transaction.atomic
def classroom_update(
    *,
    classroom: Classroom,
    name: str,
    section: str,
    school_year: str,
    join_enabled: bool,
    allow_self_signup: bool,
    require_sso: bool = False,
    by=None,
) -> Classroom:
    """Change a class's name, its join settings and whether its students sign in
    only through the school's provider (its other teachers are told, ``by``)."""
    classroom.name = name
    classroom.section = section
    classroom.school_year = school_year
    classroom.join_enabled = join_enabled
    classroom.allow_self_signup = allow_self_signup
    classroom.require_sso = require_sso
    classroom.full_clean()
    classroom.save(
        update_fields=[
            "name",
            "section",
            "school_year",
            "join_enabled",
            "allow_self_signup",
            "require_sso",
        ]
    )
    class_changed_notify(classroom, by, "settings")
    return classroom


@transaction.atomic
def classroom_archive(*, classroom: Classroom, archived: bool = True) -> Classroom:
    """Archive a class (or bring it back). An archived class keeps its roster and
    work, leaves students' lists and accepts no join code."""
    classroom.archived_at = timezone.now() if archived else None
    classroom.save(update_fields=["archived_at"])
    return classroom


@transaction.atomic
def classroom_join_code_regenerate(*, classroom: Classroom) -> Classroom:
    """Give a class a new join code; the old one stops working at once."""
    classroom.join_code = _unused_join_code()
    classroom.full_clean()
    classroom.save(update_fields=["join_code"])
    return classroom


MAX_PENDING_INVITATIONS = 20


@transaction.atomic
def co_teacher_invite(*, classroom: Classroom, username: str, by: User) -> None:
    """Invite the teacher with this username to co-teach the class; they co-teach
    once they accept (``co_teacher_invitation_accept``). Whether a teacher has the
    username is never said: the invitation is kept under the name typed, and only
    that teacher sees it. Refused (ValidationError) only for what the owner can see
    anyway: their own username, a co-teacher already, too many waiting."""
    username = username.strip().lower()
    if username == classroom.owner.username.lower():
        raise ValidationError(_("You already own this class."), code="owner")
    if classroom.co_teachers.filter(username__iexact=username).exists():
        raise ValidationError(
            _("%(username)s already co-teaches this class.") % {"username": username},
            code="already",
        )
    pending = co_teacher_invitations_open().filter(classroom=classroom)
    if pending.count() >= MAX_PENDING_INVITATIONS:
        raise ValidationError(
            _("This class has %(max)s invitations waiting; withdraw some first.")
            % {"max": MAX_PENDING_INVITATIONS},
            code="too_many",
        )
    CoTeacherInvitation.objects.update_or_create(
        classroom=classroom,
        username=username,
        defaults={"invited_by": by, "created_at": timezone.now()},
    )


@transaction.atomic
def co_teacher_invitation_accept(
    *, invitation: CoTeacherInvitation, teacher: User
) -> Classroom:
    """The invited teacher accepts: they co-teach the class from now on."""
    if not co_teacher_invitations_for(teacher).filter(pk=invitation.pk).exists():
        raise ValidationError(_("That invitation has lapsed."), code="lapsed")
    classroom = invitation.classroom
    classroom.co_teachers.add(teacher)
    invitation.delete()
    class_changed_notify(classroom, teacher, "co_teacher_joined")
    return classroom


@transaction.atomic
def co_teacher_invitation_delete(*, invitation: CoTeacherInvitation) -> None:
    """Decline (the invited teacher) or withdraw (the owner) an invitation."""
    invitation.delete()


@transaction.atomic
def classroom_co_teacher_add(*, classroom: Classroom, username: str) -> User:
    """Let another teacher run this class with its owner at once (an active teacher
    or admin account, see ``accounts.services.colleague_find``). For admins and
    imports (a roster names the class's teachers); a class owner invites instead
    (``co_teacher_invite``), and the invited teacher accepts."""
    teacher = colleague_find(username=username)
    if teacher.pk == classroom.owner_id:
        raise ValidationError(
            _("%(name)s already owns this class.") % {"name": teacher},
            code="owner",
        )
    classroom.co_teachers.add(teacher)
    return teacher


@transaction.atomic
def classroom_co_teacher_remove(*, classroom: Classroom, teacher: User, by=None):
    """Stop a co-teacher from running this class (the other teachers are told)."""
    classroom.co_teachers.remove(teacher)
    class_changed_notify(classroom, by, "co_teacher_removed", person_id=teacher.pk)


def classroom_for_join_code(*, code: str, for_signup: bool = False) -> Classroom:
    """The class a join code opens, or a ValidationError saying why not."""
    code = join_code_normalize(code)
    classroom = (
        Classroom.objects.filter(join_code=code).select_related("owner").first()
        if len(code) == JOIN_CODE_LENGTH
        else None
    )
    if classroom is None:
        raise ValidationError(
            _(
                "No class has that code. Check it with your teacher: codes have 8 "
                "letters and digits."
            ),
            code="unknown",
        )
    if classroom.is_archived:
        raise ValidationError(
            _("That class has ended (it is archived). Ask your teacher."),
            code="archived",
        )
    if not classroom.join_enabled:
        raise ValidationError(
            _("Joining this class with a code is switched off. Ask your teacher."),
            code="disabled",
        )
    if for_signup and not classroom.allow_self_signup:
        raise ValidationError(
            _(
                "This class does not let students create their own accounts. "
                "Ask your teacher for a login card."
            ),
            code="no_signup",
        )
    return classroom


def classroom_join(*, student, code: str) -> tuple[Enrolment, bool]:
    """A student joins a class with its code. Returns the enrolment and whether the
    student was not in the class before."""
    classroom = classroom_for_join_code(code=code)
    if Enrolment.objects.filter(
        classroom=classroom, student=student, removed_at__isnull=False
    ).exists():
        # Only the teacher puts a removed student back (enrolment_restore).
        raise ValidationError(
            _(
                "Your teacher took you off this class's list. Ask them to add you "
                "back: your earlier work is kept."
            ),
            code="removed",
        )
    return _enrolment_ensure(classroom=classroom, student=student)


# --- usernames -----------------------------------------------------------------


def username_base(first_name: str, last_name: str) -> str:
    """``maya.okafor`` from “Maya Okafor”, ``jose.nunez`` from “José Núñez”."""

    def part(text: str) -> str:
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        text = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
        return text

    base = ".".join(p for p in (part(first_name), part(last_name)) if p)
    base = base[:USERNAME_MAX_BASE].strip(".-")
    return base or "student"


def usernames_generate(names: Sequence[tuple[str, str]]) -> list[str]:
    """Readable usernames no one has yet: maya.okafor, then maya.okafor2, ... in a
    single query for the whole batch."""
    bases = [username_base(first, last) for first, last in names]
    taken: set[str] = set()
    distinct = sorted(set(bases))
    for start in range(0, len(distinct), 200):
        chunk = distinct[start : start + 200]
        pattern = "^(" + "|".join(re.escape(b) for b in chunk) + ")[0-9]*$"
        taken.update(
            u.lower()
            for u in User.objects.filter(username__iregex=pattern).values_list(
                "username", flat=True
            )
        )
    usernames = []
    for base in bases:
        candidate, n = base, 1
        while candidate in taken:
            n += 1
            candidate = f"{base}{n}"
        taken.add(candidate)
        usernames.append(candidate)
    return usernames


# --- student accounts made by teachers -----------------------------------------


@transaction.atomic
def _students_bulk_create(
    *, classroom: Classroom, rows: Sequence[StudentRow], progress: Progress | None
) -> list[LoginCard]:
    hasher = one_time_password_hasher()
    usernames = usernames_generate([(r.first_name, r.last_name) for r in rows])
    users, passwords = [], []
    for done, (row, username) in enumerate(zip(rows, usernames, strict=True)):
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done, len(rows))
        password = one_time_password_generate()
        user = User(
            username=username,
            first_name=row.first_name,
            last_name=row.last_name,
            student_number=row.student_number,
            role=User.Role.STUDENT,
            must_change_password=True,
            password=hasher.encode(password, hasher.salt()),
        )
        user.full_clean(
            exclude=["password"], validate_unique=False, validate_constraints=False
        )
        users.append(user)
        passwords.append(password)
    users = User.objects.bulk_create(users)
    Enrolment.objects.bulk_create(
        [Enrolment(classroom=classroom, student=user) for user in users]
    )
    codes = link_codes_issue(users=users) if sso_switched_on() else {}
    return [
        LoginCard(u.pk, u.first_name, u.last_name, u.username, p, codes.get(u.pk, ""))
        for u, p in zip(users, passwords, strict=True)
    ]


def students_bulk_create(
    *,
    classroom: Classroom,
    rows: Sequence[StudentRow],
    progress: Progress | None = None,
) -> list[LoginCard]:
    """Create student accounts with readable usernames and one-time passwords and put
    them in the class: all of them or, if anything fails, none. Passwords are returned
    for the login cards only; the database keeps their hashes. ``progress(done,
    total)`` hears how far it is (a job's progress bar)."""
    for attempt in range(3):
        try:
            # A savepoint per attempt: a clash rolls back this attempt only.
            with transaction.atomic():
                return _students_bulk_create(
                    classroom=classroom, rows=rows, progress=progress
                )
        except IntegrityError:
            # Someone took one of the usernames in the meantime: pick them again.
            if attempt == 2:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


@transaction.atomic
def student_passwords_reset(
    *, students: Iterable[User], by: User | None
) -> list[LoginCard]:
    """Give students new one-time passwords (they choose their own at the next
    sign-in); their old password and sessions stop working, a lockout is lifted.
    With a sign-in provider switched on, each card also gets a new link code.

    ``by`` is the class teacher asking (None: an admin, from the admin). A new
    password opens every class the student is in, so a teacher is refused (code
    ``shared_student``, nothing changed) when any of the students is also in a class
    they do not run (``classrooms.permissions.students_shared_beyond``)."""
    hasher = one_time_password_hasher()
    students = [s for s in students if s.is_student]
    shared = students_shared_beyond(by, students) if by is not None else []
    if shared:
        raise ValidationError(
            ngettext(
                "%(names)s is also in another teacher's class, so only the "
                "school's admin can give them a new password.",
                "%(names)s are also in another teacher's class, so only the "
                "school's admin can give them new passwords.",
                len(shared),
            )
            % {"names": ", ".join(str(s) for s in shared)},
            code="shared_student",
        )
    cards = []
    for student in students:
        password = one_time_password_generate()
        student.password = hasher.encode(password, hasher.salt())
        student.must_change_password = True
        cards.append(
            LoginCard(
                student.pk,
                student.first_name,
                student.last_name,
                student.username,
                password,
            )
        )
    User.objects.bulk_update(students, ["password", "must_change_password"])
    for student in students:
        audit_record(Kind.PASSWORD_RESET, actor=by, target=f"user {student.pk}")
    if sso_switched_on():
        codes = link_codes_issue(users=students)
        cards = [replace(card, link_code=codes[card.user_id]) for card in cards]
    usernames = [s.username for s in students]
    transaction.on_commit(lambda: [axes_reset(username=u) for u in usernames])
    return cards


def student_sign_up(
    *, classroom: Classroom, first_name: str, last_name: str, password: str
) -> User:
    """A student creates their own account with a class code (no e-mail address) and
    is put in that class."""
    for attempt in range(3):
        try:
            with transaction.atomic():
                [username] = usernames_generate([(first_name, last_name)])
                user = user_create(
                    username=username,
                    password=password,
                    first_name=first_name,
                    last_name=last_name,
                    role=User.Role.STUDENT,
                )
                enrolment_ensure(classroom=classroom, student=user)
                return user
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")  # pragma: no cover
