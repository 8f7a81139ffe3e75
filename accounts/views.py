from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from accounts.forms import (
    ChangePasswordForm,
    SignInForm,
    TeacherSignUpForm,
    TimeZoneForm,
)
from accounts.services import (
    language_offered,
    teacher_sign_up,
    user_language_set,
    user_password_change,
    user_time_zone_set,
)
from accounts.signin import password_sign_in, password_sign_in_refusal
from accounts.sso import allow_provider_forms, sign_in_buttons
from portal.network import client_address
from portal.ratelimit import failure_record, failures_reached, session_key
from portal.school import teacher_signup_open

SIGNIN_WINDOW_SECONDS = 15 * 60


@method_decorator(login_not_required, name="dispatch")
class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["teacher_signup"] = teacher_signup_open()
        context["providers"] = sign_in_buttons(self.request)
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        return allow_provider_forms(response)

    def form_valid(self, form):
        """The password was right: finish through allauth's flow (second factor,
        new session), unless this person signs in another way."""
        user = form.get_user()
        refusal = password_sign_in_refusal(user)
        if refusal:
            form.add_error(None, refusal)
            return self.render_to_response(self.get_context_data(form=form))
        return password_sign_in(
            self.request,
            user=user,
            username=form.cleaned_data["username"],
            redirect_url=self.get_success_url(),
        )

    # Lockout is per username (django-axes), so a class sharing one school address
    # never locks each other out. One browser trying passwords across many accounts
    # is paused by its session's count; the far higher count per address is the
    # backstop for a machine that throws its cookies away.
    def _keys(self) -> dict[str, int]:
        address = f"accounts:signin-fail:ip:{client_address(self.request)}"
        return {
            session_key(self.request, "accounts:signin-fail"): (
                settings.PORTAL_SIGNIN_FAILURES_PER_SESSION
            ),
            address: settings.PORTAL_SIGNIN_FAILURES_PER_IP,
        }

    def post(self, request, *args, **kwargs):
        if failures_reached(self._keys()):
            return render(
                request,
                "accounts/locked_out.html",
                {
                    "address_locked": True,
                    "cooloff_minutes": SIGNIN_WINDOW_SECONDS // 60,
                },
                status=429,
            )
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        failure_record(*self._keys(), window_seconds=SIGNIN_WINDOW_SECONDS)
        return super().form_invalid(form)


class SignOutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = ChangePasswordForm
    success_url = reverse_lazy("accounts:password_change_done")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["first_time"] = self.request.user.must_change_password
        return context

    def form_valid(self, form):
        first_time = self.request.user.must_change_password
        user_password_change(
            user=self.request.user,
            new_password=form.cleaned_data["new_password1"],
            request=self.request,
        )
        if first_time:
            messages.success(self.request, _("Your new password is set. Welcome!"))
            return redirect("home")
        return redirect(self.success_url)


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


@login_not_required
def teacher_sign_up_view(request):
    """A teacher asks for an account, when the school allows it
    (school settings, else PORTAL_TEACHER_SIGNUP); otherwise the page answers 404
    like an unknown one. The account waits,
    switched off, until an admin approves it."""
    if not teacher_signup_open():
        raise Http404
    form = TeacherSignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        teacher_sign_up(
            username=data["username"],
            password=data["password1"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
        )
        return render(request, "accounts/teacher_sign_up_done.html")
    return render(request, "accounts/teacher_sign_up.html", {"form": form})


@login_not_required
@require_POST
def language_set(request):
    """The language menu on every page (a form, no script needed): Django's
    set_language keeps the choice in a cookie and returns to the page the menu was
    on (only on this host); a signed-in person's choice is also kept on their
    account, so it follows them to any computer from their next sign-in on."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language_offered(language):
        user_language_set(user=request.user, language=language)
    return response


@never_cache
def time_zone(request):
    """The person's own time zone (or the school's): every date they read is
    written in it, on pages, in their calendar and in their e-mails."""
    form = TimeZoneForm(
        request.POST or None, initial={"time_zone": request.user.time_zone}
    )
    if request.method == "POST" and form.is_valid():
        user_time_zone_set(user=request.user, time_zone=form.cleaned_data["time_zone"])
        messages.success(request, _("Your time zone is saved."))
        return redirect("accounts:time_zone")
    return render(
        request, "accounts/time_zone.html", {"form": form, "now": timezone.now()}
    )
