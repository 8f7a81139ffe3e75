"""How the portal uses django-allauth: nobody signs up through it, a provider
account is linked to a known person only by accounts.sso's rules, and a second
factor's secret is kept encrypted."""

import base64
import hashlib
import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from cryptography.fernet import Fernet
from django.conf import settings
from django.shortcuts import redirect, render, resolve_url

from accounts.oidc import nonce_matches
from accounts.sso import identity_link, person_for_new_identity

logger = logging.getLogger("accounts.sso")
PENDING_SESSION_KEY = "accounts:sso-pending"
# allauth's "signed in as …" / "signed out" notes: the landing page says who you are.
QUIET_MESSAGES = {
    "account/messages/logged_in.txt",
    "account/messages/logged_out.txt",
}


class PortalAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        """Accounts come from teachers, rosters, teacher sign-up or the admin."""
        return False

    def get_login_redirect_url(self, request):
        return resolve_url(settings.LOGIN_REDIRECT_URL)

    def get_logout_redirect_url(self, request):
        return resolve_url(settings.LOGOUT_REDIRECT_URL)

    def respond_user_inactive(self, request, user):
        return render(request, "accounts/sso_refused.html", {"reason": "inactive"})

    def add_message(self, request, level, message_template=None, *args, **kwargs):
        if message_template in QUIET_MESSAGES:
            return
        super().add_message(request, level, message_template, *args, **kwargs)


class PortalSocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin):
        return False

    def pre_social_login(self, request, sociallogin):
        """A provider account nobody has yet: link it to the person the school
        vouches for (roster identifier, verified school e-mail), or ask for the
        login card's link code. First of all, an OpenID Connect ID token must
        carry the nonce this sign-in sent."""
        if not nonce_matches(sociallogin):
            logger.warning(
                "sign-in through %s refused: the ID token's nonce does not match",
                sociallogin.account.provider,
            )
            raise ImmediateHttpResponse(
                render(
                    request,
                    "accounts/sso_refused.html",
                    {"reason": "state"},
                    status=400,
                )
            )
        if sociallogin.is_existing:
            return
        person = person_for_new_identity(sociallogin)
        if person is not None:
            identity_link(request=request, sociallogin=sociallogin, user=person)
            return
        # The provider's token is not kept (nothing calls the provider later).
        sociallogin.token = None
        request.session[PENDING_SESSION_KEY] = sociallogin.serialize()
        raise ImmediateHttpResponse(redirect("accounts:sso_link"))

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ):
        """One line for the school's IT: which provider and why, never the
        provider's answer itself (it may hold tokens or personal data)."""
        reason = (extra_context or {}).get("saml_errors") or (
            type(exception).__name__ if exception else ""
        )
        logger.warning(
            "sign-in through %s refused: %s %s",
            getattr(provider, "sub_id", provider),
            error,
            reason,
        )

    def list_apps(self, request, provider=None, client_id=None):
        """Only the providers an admin switched on (``"enabled": false`` in a
        provider's settings switches it off without losing its keys)."""
        apps = super().list_apps(request, provider=provider, client_id=client_id)
        return [app for app in apps if app.settings.get("enabled", True)]


def _fernet() -> Fernet:
    key = hashlib.sha256(f"accounts.mfa:{settings.SECRET_KEY}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


class PortalMFAAdapter(DefaultMFAAdapter):
    """Authenticator-app secrets are stored encrypted with a key derived from
    DJANGO_SECRET_KEY (changing that key means setting the app up again)."""

    def encrypt(self, text: str) -> str:
        return _fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        return _fernet().decrypt(encrypted_text.encode()).decode()

    def can_delete_authenticator(self, authenticator) -> bool:
        """An admin may not switch off the second factor the school requires."""
        user = authenticator.user
        return not (user.is_staff and settings.PORTAL_ADMIN_MFA_REQUIRED)
