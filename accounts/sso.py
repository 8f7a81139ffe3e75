"""Single sign-on: which providers are switched on, how a provider account finds
its person, and the one-time link codes printed on login cards.

A provider account is keyed on (provider, subject id): allauth's ``SocialAccount``.
The first time an unknown subject signs in, it links to an existing person only by
something the school vouches for:

- a roster identifier the provider sends (the claim named by the provider's
  ``roster_id_claim`` setting), equal to the person's OneRoster ``sourcedId`` or
  student ID;
- an e-mail address the provider says it verified, in one of the domains the
  school listed for that provider (``school_email_domains``), that exactly one
  person has;
- or the link code from the person's login card, typed on the link page.

An e-mail claim alone never links, and an unverified one never does. Admin
accounts are never linked automatically (only by a link code an admin makes).
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.socialaccount.models import SocialAccount, SocialApp, SocialLogin
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import LinkCode, User

# Capitals and digits without look-alikes (no 0/O, 1/I/L), as on join codes.
LINK_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LINK_CODE_LENGTH = 10  # about 50 bits
# The provider types a school can switch on, and what the admin calls them.
PROVIDER_TYPES = ["openid_connect", "google", "microsoft", "clever", "saml"]


@dataclass(frozen=True)
class ProviderButton:
    """One sign-in button: the school's words and where the form posts."""

    label: str
    login_url: str
    provider: str


def _enabled(app: SocialApp) -> bool:
    return app.provider in PROVIDER_TYPES and app.settings.get("enabled", True)


def sign_in_buttons(request) -> list[ProviderButton]:
    """The providers switched on at this installation, one button each, in the order
    the admin numbered them (then by label)."""
    apps = sorted(
        (a for a in SocialApp.objects.all() if _enabled(a)),
        key=lambda a: (a.settings.get("order", 100), a.name.lower()),
    )
    buttons = []
    for app in apps:
        provider = app.get_provider(request)
        buttons.append(
            ProviderButton(
                label=app.name or provider.name,
                login_url=provider.get_login_url(request, process="login"),
                provider=app.provider_id or app.provider,
            )
        )
    return buttons


def sso_switched_on() -> bool:
    """Whether any provider is switched on (login cards then carry a link code)."""
    return any(_enabled(a) for a in SocialApp.objects.all())


# --- link codes ----------------------------------------------------------------


def link_code_normalize(code: str) -> str:
    """What a person typed, as a code: case, spaces and dashes do not matter."""
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def _digest(code: str) -> str:
    key = f"accounts.link-code:{settings.SECRET_KEY}".encode()
    return hmac.new(key, link_code_normalize(code).encode(), hashlib.sha256).hexdigest()


def link_code_format(code: str) -> str:
    """``ABCDE-FGHJK``: how a code is printed."""
    return f"{code[:5]}-{code[5:]}"


@transaction.atomic
def link_codes_issue(*, users: list[User]) -> dict[int, str]:
    """Give each person a new one-time link code (an earlier one stops working).
    Returns the printable codes by user id; only their digests are stored."""
    codes = {
        user.pk: "".join(
            secrets.choice(LINK_CODE_ALPHABET) for _ in range(LINK_CODE_LENGTH)
        )
        for user in users
    }
    LinkCode.objects.filter(user_id__in=codes).delete()
    LinkCode.objects.bulk_create(
        [LinkCode(user_id=pk, digest=_digest(code)) for pk, code in codes.items()]
    )
    return {pk: link_code_format(code) for pk, code in codes.items()}


def link_code_user(*, code: str) -> User | None:
    """The active person a link code belongs to, or None."""
    if len(link_code_normalize(code)) != LINK_CODE_LENGTH:
        return None
    found = (
        LinkCode.objects.filter(digest=_digest(code), user__is_active=True)
        .select_related("user")
        .first()
    )
    return found.user if found else None


# --- linking a provider account to a person ------------------------------------


def _claim(data: dict, path: str):
    """A claim by dotted path (``data.sis_id`` in Clever's answer)."""
    value = data
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    return value if isinstance(value, str | int) else None


def _unlinked(queryset, provider: str):
    """People who may be linked automatically: active, not admins, and not already
    linked to another account at this provider."""
    linked = SocialAccount.objects.filter(provider=provider).values("user_id")
    return queryset.filter(is_active=True, is_staff=False).exclude(pk__in=linked)


def _only(queryset) -> User | None:
    found = list(queryset[:2])
    return found[0] if len(found) == 1 else None


def _roster_id(extra_data: dict, claim: str):
    """The claim from what the provider sent: OpenID Connect's userinfo or ID
    token, or the answer itself (OAuth providers, SAML attributes)."""
    for source in (extra_data.get("userinfo"), extra_data.get("id_token"), extra_data):
        value = _claim(source, claim) if isinstance(source, dict) else None
        if value not in (None, ""):
            return value
    return None


def _by_roster_id(sociallogin: SocialLogin, app_settings: dict) -> User | None:
    claim = app_settings.get("roster_id_claim")
    value = _roster_id(sociallogin.account.extra_data or {}, claim) if claim else None
    if value is None:
        return None
    value = str(value)
    people = User.objects.filter(roster_source_id=value) | User.objects.filter(
        student_number=value
    )
    return _only(_unlinked(people, sociallogin.account.provider))


def _by_school_email(sociallogin: SocialLogin, app_settings: dict) -> User | None:
    domains = {
        d.lower().lstrip("@") for d in app_settings.get("school_email_domains", [])
    }
    if not domains:
        return None
    for address in sociallogin.email_addresses:
        email = (address.email or "").strip()
        if not address.verified or email.rpartition("@")[2].lower() not in domains:
            continue
        person = _only(
            _unlinked(
                User.objects.filter(email__iexact=email), sociallogin.account.provider
            )
        )
        if person:
            return person
    return None


def person_for_new_identity(sociallogin: SocialLogin) -> User | None:
    """The existing person an unknown provider account belongs to, by the roster
    identifier or the verified school e-mail the school trusts; None otherwise."""
    app = sociallogin.provider.app
    app_settings = app.settings if app else {}
    return _by_roster_id(sociallogin, app_settings) or _by_school_email(
        sociallogin, app_settings
    )


@transaction.atomic
def identity_link(*, request, sociallogin: SocialLogin, user: User) -> User:
    """Link a provider account to a person (the key is the provider and its subject
    id). A teacher-made card's one-time password stops mattering: the person now
    signs in through the provider, so it is no longer required to change it, and
    the card's link code is used up."""
    if SocialAccount.objects.filter(
        provider=sociallogin.account.provider, user=user
    ).exists():
        raise ValidationError(
            _(
                "This account is already linked to another sign-in at this "
                "provider. Ask your teacher or the school's admin."
            ),
            code="already_linked",
        )
    sociallogin.connect(request, user)
    LinkCode.objects.filter(user=user).delete()
    if user.must_change_password:
        user.must_change_password = False
        user.set_unusable_password()
        user.save(update_fields=["must_change_password", "password"])
    return user


# --- the sign-in page's Content-Security-Policy ----------------------------------

# Where each provider's button sends the browser (its authorization page).
FIXED_ORIGINS = {
    "google": "https://accounts.google.com",
    "microsoft": "https://login.microsoftonline.com",
    "clever": "https://clever.com",
}


def _origin(url: str) -> str | None:
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def provider_origins() -> list[str]:
    """The origins the sign-in buttons lead to: the form-action part of the page's
    Content-Security-Policy must name them, or the browser stops the redirect. An
    OpenID Connect provider's issuer (or its ``form_action_origins`` setting, when
    its sign-in page lives elsewhere); a SAML provider's single sign-on address."""
    origins = []
    for app in SocialApp.objects.all():
        if not _enabled(app):
            continue
        listed = app.settings.get("form_action_origins") or []
        found = [
            FIXED_ORIGINS.get(app.provider),
            _origin(app.settings.get("server_url", "")),
            _origin((app.settings.get("idp") or {}).get("sso_url", "")),
            *listed,
        ]
        origins.extend(o for o in found if o and o not in origins)
    return origins


def allow_provider_forms(response):
    """Let this page's forms lead to the switched-on providers (and nowhere else)."""
    origins = provider_origins()
    if origins:
        policy = {key: list(value) for key, value in settings.SECURE_CSP.items()}
        policy["form-action"] = [*policy.get("form-action", []), *origins]
        response._csp_config = policy
    return response
