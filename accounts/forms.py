from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.utils.translation import gettext_lazy as _


class SignInForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Username"),
        widget=forms.TextInput(
            attrs={
                "autofocus": True,
                "autocomplete": "username",
                "autocapitalize": "none",
            }
        ),
    )
    error_messages = {
        "invalid_login": _(
            "That username and password do not match. Check both and try again; "
            "your teacher can reset a forgotten password."
        ),
        "inactive": _(
            "This account is switched off. Ask your teacher or the school admin."
        ),
    }


class ChangePasswordForm(PasswordChangeForm):
    pass
