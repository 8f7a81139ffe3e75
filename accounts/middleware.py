import requests
from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from allauth.socialaccount.models import SocialApp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import BACKEND_SESSION_KEY
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from accounts import backends
from accounts.services import language_offered
from accounts.signin import signed_in_through_provider_only
from portal.access import Audience, audience_for
from portal.times import zone_of

# Pages a person with a one-time password may still open.
ALLOWED = {
    "accounts:password_change",
    "accounts:logout",
    "accounts:login",
    "healthz",
}


class PasswordChangeRequiredMiddleware:
    """Someone signed in with a one-time password must choose their own before
    anything else (not someone who came in through the school's provider)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if not (user and user.is_authenticated and user.must_change_password):
            return None
        match = request.resolver_match
        if match and match.view_name in ALLOWED:
            return None
        if signed_in_through_provider_only(request):
            return None
        if match and audience_for(match.view_name) == Audience.STUDENT_API:
            # A page's fetch() must not follow a redirect to an HTML page and take
            # it for a successful save: say plainly that nothing was saved.
            message = _("Choose your new password first; your text was not saved yet.")
            return JsonResponse(
                {"error": "password_change_required", "message": message}, status=403
            )
        return redirect(f"{reverse('accounts:password_change')}?first=1")


class AdminMFARequiredMiddleware:
    """With PORTAL_ADMIN_MFA_REQUIRED on, the admin opens only for an admin who has
    a second factor and used it in this session: one without is sent to set up an
    authenticator app, one whose session has no code yet is asked for one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        user = getattr(request, "user", None)
        if not (
            settings.PORTAL_ADMIN_MFA_REQUIRED
            and match
            and match.namespace == "admin"
            and user
            and user.is_authenticated
            and user.is_staff
        ):
            return None
        if not is_mfa_enabled(user):
            messages.info(
                request,
                _(
                    "Admins sign in with a second step here. Set up an authenticator "
                    "app first; the admin opens after that."
                ),
            )
            return redirect("mfa_activate_totp")
        records = get_authentication_records(request, user)
        if not any(record.get("method") == "mfa" for record in records):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('mfa_reauthenticate')}?{query}")
        return None


# allauth's views that receive a provider's answer.
CALLBACKS = {"saml_acs", "saml_finish_acs"}


class SingleSignOnErrorMiddleware:
    """allauth refuses a provider answer it cannot match to a sign-in this browser
    started (a replayed or forged callback) with PermissionDenied; say so plainly.
    A provider that is not switched on answers 404 like any unknown page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, SocialApp.DoesNotExist):
            # A provider nobody switched on (or one switched off): no such page.
            raise Http404("No such sign-in provider.")
        match = request.resolver_match
        if isinstance(exception, requests.RequestException):
            # The provider's server did not answer (discovery, token exchange):
            # say so, rather than a server error. Nothing was signed in.
            return render(
                request,
                "accounts/sso_refused.html",
                {"reason": "unreachable"},
                status=400,
            )
        if not isinstance(exception, PermissionDenied) or match is None:
            return None
        if match.url_name in CALLBACKS or match.url_name.endswith("_callback"):
            return render(
                request, "accounts/sso_refused.html", {"reason": "state"}, status=400
            )
        return None


class SessionBackendMiddleware:
    """Sessions signed in before the portal read accounts with its own backend
    (accounts.backends) name Django's ModelBackend, which is no longer in
    AUTHENTICATION_BACKENDS: such a session is moved to the portal's backend (the
    same passwords and rules) rather than signed out. Runs before
    AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if session.get(BACKEND_SESSION_KEY) == backends.EARLIER_PATH:
            session[BACKEND_SESSION_KEY] = backends.PATH
        return self.get_response(request)


class PreferredLanguageMiddleware:
    """A signed-in person who chose a language reads the portal in it on every
    computer, from the page after sign-in on (User.language). Runs after
    LocaleMiddleware (which took the menu's cookie or the browser's
    Accept-Language) and AuthenticationMiddleware; the user row is loaded for this
    request anyway, so it costs no query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        chosen = user.language if user and user.is_authenticated else ""
        if chosen and chosen != request.LANGUAGE_CODE and language_offered(chosen):
            translation.activate(chosen)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


class PersonalTimeZoneMiddleware:
    """Every request reads dates in the viewer's own time zone (User.time_zone), or
    the school's for someone who chose none and for signed-out visitors. Set on each
    request (and reset after it), so a thread serving several people never carries
    one person's zone into another's page. The user row is loaded anyway: no query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        timezone.activate(zone_of(user if user and user.is_authenticated else None))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
