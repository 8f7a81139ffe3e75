"""Signing in with a password, through allauth's login flow.

The form and its rules are ours (accounts.views.SignInView: per-username lockout
by django-axes, a ceiling per network address, identical words for a wrong
password and an unknown username); completing the sign-in is allauth's, so a
person with a second factor is always asked for it, and the session is rotated
there. Other apps may refuse a password sign-in for a reason of their own (a class
that signs in through the school's provider): they register a check here, which
runs only after the password was right, so it tells a stranger nothing.
"""

from collections.abc import Callable

from allauth.account.internal.flows.login import (
    get_authentication_records,
    perform_password_login,
)
from allauth.account.models import Login
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from accounts.models import User

PasswordRefusal = Callable[[User], str | None]
_REFUSALS: list[PasswordRefusal] = []


def password_refusal_register(check: PasswordRefusal) -> PasswordRefusal:
    """Add a check: it returns a sentence saying why this person may not sign in
    with a password (and how to sign in instead), or None."""
    if check not in _REFUSALS:
        _REFUSALS.append(check)
    return check


def _teacher_passwords_off(user: User) -> str | None:
    if user.is_teacher and not user.is_staff and not settings.PORTAL_TEACHER_PASSWORDS:
        return _(
            "Teachers sign in with the school's account here: use the school's "
            "sign-in button above."
        )
    return None


def password_sign_in_refusal(user: User) -> str | None:
    """Why this person may not sign in with a password, or None when they may."""
    for check in [_teacher_passwords_off, *_REFUSALS]:
        reason = check(user)
        if reason:
            return reason
    return None


def password_sign_in(
    request: HttpRequest, *, user: User, username: str, redirect_url: str
) -> HttpResponse:
    """Complete a sign-in whose password was right: allauth asks for the second
    factor when the person has one, then signs them in (a new session key) and
    redirects to ``redirect_url`` (already checked to stay on this host)."""
    login = Login(user=user, redirect_url=redirect_url, email_verification="none")
    return perform_password_login(request, {"username": username}, login)


def signed_in_through_provider_only(request: HttpRequest) -> bool:
    """Whether this session was opened by a provider and not by a password (a
    one-time password then has nothing to replace)."""
    records = get_authentication_records(request, request.user)
    methods = {record.get("method") for record in records}
    return "socialaccount" in methods and "password" not in methods
