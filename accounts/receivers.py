"""Signal receivers of the accounts app (connected in AccountsConfig.ready)."""

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from django.dispatch import receiver


@receiver(authenticator_added)
def second_factor_proven_on_activation(sender, request, user, authenticator, **kwargs):
    """Setting up an authenticator app means typing one of its codes: this session
    has passed the second step (an admin goes on to the admin without typing a
    second code from the same minute, which the app would not yet have)."""
    if authenticator.type == Authenticator.Type.TOTP and request is not None:
        record_authentication(request, user, "mfa", id=authenticator.pk, type="totp")
