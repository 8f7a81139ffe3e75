"""The parts of django-allauth the portal uses, mounted under /auth/.

Only these: the second factor (authenticator app and recovery codes), asking for
the password again before changing it, the pages a provider's answer may end on,
and each provider's sign-in and callback. allauth's own sign-in, sign-up, e-mail
and password-reset pages are not routed: the portal's sign-in page
(accounts:login) is the one way in, and ``account_login`` sends there.
Every name here has a row in portal/access.py.
"""

from functools import wraps

from allauth.account import views as account_views
from allauth.mfa.base import views as mfa_views
from allauth.mfa.recovery_codes import views as recovery_views
from allauth.mfa.totp import views as totp_views
from allauth.socialaccount import views as social_views
from allauth.socialaccount.providers.clever import views as clever_views
from allauth.socialaccount.providers.google import views as google_views
from allauth.socialaccount.providers.microsoft import views as microsoft_views
from allauth.socialaccount.providers.openid_connect import views as oidc_views
from allauth.socialaccount.providers.saml import views as saml_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path
from django.views.generic import RedirectView

from accounts.sso import allow_provider_forms


def _provider_page(view):
    """A provider's own "continue to sign in" page posts to it: its forms may lead
    to the provider (accounts.sso.allow_provider_forms)."""

    def wrapped(request, *args, **kwargs):
        return allow_provider_forms(view(request, *args, **kwargs))

    return login_not_required(wraps(view)(wrapped))


sign_in = login_not_required(
    RedirectView.as_view(pattern_name="accounts:login", query_string=True)
)

urlpatterns = [
    path("login/", sign_in, name="account_login"),
    path("logout/", account_views.logout, name="account_logout"),
    path(
        "reauthenticate/", account_views.reauthenticate, name="account_reauthenticate"
    ),
    path("2fa/", mfa_views.index, name="mfa_index"),
    path("2fa/authenticate/", mfa_views.authenticate, name="mfa_authenticate"),
    path("2fa/reauthenticate/", mfa_views.reauthenticate, name="mfa_reauthenticate"),
    path("2fa/totp/activate/", totp_views.activate_totp, name="mfa_activate_totp"),
    path(
        "2fa/totp/deactivate/", totp_views.deactivate_totp, name="mfa_deactivate_totp"
    ),
    path(
        "2fa/recovery-codes/",
        recovery_views.view_recovery_codes,
        name="mfa_view_recovery_codes",
    ),
    path(
        "2fa/recovery-codes/generate/",
        recovery_views.generate_recovery_codes,
        name="mfa_generate_recovery_codes",
    ),
    path(
        "2fa/recovery-codes/download/",
        recovery_views.download_recovery_codes,
        name="mfa_download_recovery_codes",
    ),
    path(
        "3rdparty/login/cancelled/",
        social_views.login_cancelled,
        name="socialaccount_login_cancelled",
    ),
    # Each provider's login (a POST from the sign-in page's button; a GET shows a
    # "continue" page) and callback; Google's one-tap token endpoint is left out.
    *[
        route
        for slug, views in [
            ("google", google_views),
            ("microsoft", microsoft_views),
            ("clever", clever_views),
        ]
        for route in (
            path(
                f"{slug}/login/",
                _provider_page(views.oauth2_login),
                name=f"{slug}_login",
            ),
            path(
                f"{slug}/login/callback/",
                views.oauth2_callback,
                name=f"{slug}_callback",
            ),
        )
    ],
    # SAML 2.0: sign-in, the assertion consumer (and its second step), the
    # metadata an identity provider is given, and single logout (the metadata
    # names it).
    path(
        "saml/<str:organization_slug>/login/",
        _provider_page(saml_views.login),
        name="saml_login",
    ),
    path("saml/<str:organization_slug>/acs/", saml_views.acs, name="saml_acs"),
    path(
        "saml/<str:organization_slug>/acs/finish/",
        saml_views.finish_acs,
        name="saml_finish_acs",
    ),
    path("saml/<str:organization_slug>/sls/", saml_views.sls, name="saml_sls"),
    path(
        "saml/<str:organization_slug>/metadata/",
        saml_views.metadata,
        name="saml_metadata",
    ),
    # OpenID Connect (ClassLink, a district's own): /auth/oidc/<short name>/...
    path(
        "oidc/<str:provider_id>/login/",
        _provider_page(oidc_views.login),
        name="openid_connect_login",
    ),
    path(
        "oidc/<str:provider_id>/login/callback/",
        oidc_views.callback,
        name="openid_connect_callback",
    ),
]
