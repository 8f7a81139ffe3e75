from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _

from accounts.forms import ChangePasswordForm, SignInForm
from accounts.services import user_password_change


@method_decorator(login_not_required, name="dispatch")
class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


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
