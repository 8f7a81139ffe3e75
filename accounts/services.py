from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from portal.times import zone_valid


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    role: str = User.Role.STUDENT,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    must_change_password: bool = False,
    is_admin: bool = False,
) -> User:
    """Create a person. A one-time password (given by a teacher) must be changed at
    the first sign-in, which ``must_change_password`` enforces. An admin
    (``is_admin``) is staff and superuser."""
    user = User(
        username=username,
        role=role,
        first_name=first_name,
        last_name=last_name,
        email=email,
        must_change_password=must_change_password,
        is_staff=is_admin,
        is_superuser=is_admin,
    )
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def user_password_change(*, user: User, new_password: str, request=None) -> User:
    """Set a password the person chose themselves; this clears the one-time flag and
    keeps the current session signed in."""
    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    if request is not None:
        update_session_auth_hash(request, user)
    return user


@transaction.atomic
def teacher_sign_up(
    *, username: str, password: str, first_name: str, last_name: str, email: str
) -> User:
    """A teacher asks for an account (only when PORTAL_TEACHER_SIGNUP is on). The
    account is created switched off and waits until an admin approves it."""
    user = user_create(
        username=username,
        password=password,
        role=User.Role.TEACHER,
        first_name=first_name,
        last_name=last_name,
        email=email,
    )
    user.is_active = False
    user.save(update_fields=["is_active"])
    return user


@transaction.atomic
def teacher_accounts_approve(*, users) -> list[User]:
    """Switch on teacher accounts waiting for approval. Students and accounts that
    are already active are left as they are. Returns the approved accounts."""
    approved = [u for u in users if u.role == User.Role.TEACHER and not u.is_active]
    for user in approved:
        user.is_active = True
        user.save(update_fields=["is_active"])
    return approved


def colleague_find(*, username: str) -> User:
    """The teacher (or admin) whose username this is, whatever its case: the only
    people who may be made co-teacher of a class or co-author of a unit. A switched-
    off account (awaiting approval, anonymised) and a student are nobody here: the
    ValidationError (code ``unknown_teacher``) says no teacher has that username."""
    username = username.strip()
    person = User.objects.filter(username__iexact=username, is_active=True).first()
    if person is None or not (person.is_teacher or person.is_staff):
        raise ValidationError(
            _("No teacher has the username “%(username)s”."),
            code="unknown_teacher",
            params={"username": username},
        )
    return person


def language_offered(code: str) -> bool:
    """Whether the portal is offered in this language (settings.LANGUAGES)."""
    return code in {language for language, _name in settings.LANGUAGES}


@transaction.atomic
def user_time_zone_set(*, user: User, time_zone: str) -> User:
    """Remember the time zone a person reads dates in (blank: the school's). A
    name that is not a zone is refused."""
    if time_zone and not zone_valid(time_zone):
        raise ValidationError(
            {"time_zone": _("Choose a time zone from the list.")}, code="invalid"
        )
    user.time_zone = time_zone
    user.save(update_fields=["time_zone"])
    return user


@transaction.atomic
def user_language_set(*, user: User, language: str) -> User:
    """Remember the language a person reads the portal in (blank: follow the
    browser). A language the portal does not offer is refused."""
    if language and not language_offered(language):
        raise ValidationError(
            {"language": _("This language is not offered here.")}, code="invalid"
        )
    user.language = language
    user.save(update_fields=["language"])
    return user
