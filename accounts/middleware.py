from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.access import Audience, audience_for

# Pages a person with a one-time password may still open.
ALLOWED = {
    "accounts:password_change",
    "accounts:logout",
    "accounts:login",
    "healthz",
}


class PasswordChangeRequiredMiddleware:
    """Someone signed in with a one-time password must choose their own before
    anything else."""

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
        if match and audience_for(match.view_name) == Audience.STUDENT_API:
            # A page's fetch() must not follow a redirect to an HTML page and take
            # it for a successful save: say plainly that nothing was saved.
            message = _("Choose your new password first; your text was not saved yet.")
            return JsonResponse(
                {"error": "password_change_required", "message": message}, status=403
            )
        return redirect(f"{reverse('accounts:password_change')}?first=1")
