"""Signal receivers of the accounts app (connected in AccountsConfig.ready)."""

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from accounts.audit import Kind, audit_record
from accounts.models import User
from portal.access import refused


@receiver(authenticator_added)
def second_factor_proven_on_activation(sender, request, user, authenticator, **kwargs):
    """Setting up an authenticator app means typing one of its codes: this session
    has passed the second step (an admin goes on to the admin without typing a
    second code from the same minute, which the app would not yet have)."""
    if authenticator.type == Authenticator.Type.TOTP and request is not None:
        record_authentication(request, user, "mfa", id=authenticator.pk, type="totp")


@receiver(user_logged_in)
def audit_sign_in(sender, request, user, **kwargs):
    audit_record(Kind.SIGN_IN, actor=user, target=f"user {user.pk}", request=request)


@receiver(user_login_failed)
def audit_sign_in_failed(sender, credentials, request=None, **kwargs):
    """The typed username is not stored (people type their password into it); the
    entry names the account only when one has that username."""
    username = str(credentials.get("username") or "")[:150]
    user = User.objects.filter(username=username).first() if username else None
    target = f"user {user.pk}" if user else "unknown username"
    audit_record(Kind.SIGN_IN_FAILED, actor=user, target=target, request=request)


@receiver(refused)
def audit_refusal(sender, request, status, **kwargs):
    match = getattr(request, "resolver_match", None)
    view = match.view_name if match else ""
    audit_record(
        Kind.REFUSAL,
        actor=getattr(request, "user", None),
        target=f"{status} {request.method} {view}",
        request=request,
    )
