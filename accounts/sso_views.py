"""The page an unknown provider account lands on: type the login card's link code."""

from allauth.account.utils import perform_login
from allauth.socialaccount.internal.flows.login import record_authentication
from allauth.socialaccount.models import SocialLogin
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.adapters import PENDING_SESSION_KEY
from accounts.forms import LinkCodeForm
from accounts.sso import identity_link, link_code_user
from portal.http import form_add_errors
from portal.network import client_address
from portal.ratelimit import failure_record, failures_reached

WINDOW_SECONDS = 15 * 60
# Wrong codes: a few per sign-in attempt, more per school address (a class).
LIMITS = {"session": 10, "address": 60}


def _pending(request) -> SocialLogin | None:
    data = request.session.get(PENDING_SESSION_KEY)
    if not data:
        return None
    try:
        return SocialLogin.deserialize(data)
    except (ValueError, KeyError, TypeError):
        return None


def _limit_keys(request) -> dict[str, int]:
    session = request.session.session_key or "none"
    return {
        f"accounts:link-fail:session:{session}": LIMITS["session"],
        f"accounts:link-fail:ip:{client_address(request)}": LIMITS["address"],
    }


def _link(request, form, sociallogin):
    """The code's person, linked; or None with the reason on the form."""
    keys = _limit_keys(request)
    if failures_reached(keys):
        form.add_error(
            None,
            _(
                "Too many wrong link codes. Wait a quarter of an hour or ask your teacher."
            ),
        )
        return None
    person = link_code_user(code=form.cleaned_data["code"])
    if person is None:
        failure_record(*keys, window_seconds=WINDOW_SECONDS)
        form.add_error(
            "code",
            _(
                "That link code does not work. Check it on your card, or ask your teacher for a new card."
            ),
        )
        return None
    try:
        return identity_link(request=request, sociallogin=sociallogin, user=person)
    except ValidationError as error:
        form_add_errors(form, error)
        return None


@login_not_required
def sso_link(request):
    """Link the provider account that just signed in to the person whose login card
    has this code, then finish signing in (a second factor if they have one)."""
    sociallogin = _pending(request)
    if sociallogin is None:
        # Nothing to link (opened directly, or the sign-in already finished).
        status = 400 if request.method == "POST" else 200
        return render(
            request, "accounts/sso_refused.html", {"reason": "expired"}, status=status
        )
    form = LinkCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = _link(request, form, sociallogin)
        if person is not None:
            request.session.pop(PENDING_SESSION_KEY, None)
            record_authentication(request, sociallogin)
            return perform_login(
                request,
                person,
                email_verification="none",
                redirect_url=sociallogin.get_redirect_url(request),
                signal_kwargs={"sociallogin": sociallogin},
            )
    provider_name = sociallogin.provider.name if sociallogin.provider else ""
    return render(
        request,
        "accounts/sso_link.html",
        {"form": form, "provider_name": provider_name},
    )
