from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from portal.times import available_zones, school_zone_name


class SignInForm(AuthenticationForm):
    # No username is longer (User.username); a longer one is refused here, before
    # it reaches the lockout's records or the database.
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
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


class TeacherSignUpForm(forms.Form):
    """A teacher asks for an account; an admin approves it before it can be used."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(
        label=_("School e-mail address"),
        help_text=_("The admin uses it to check that you work at the school."),
    )
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("Letters, digits and @ . + - _ only."),
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autocapitalize": "none"}
        ),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not a common password."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        UnicodeUsernameValidator()(username)
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(
                _("That username is taken. Choose another."), code="taken"
            )
        return username

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error(
                "password2",
                forms.ValidationError(
                    _("The two passwords are not the same."), code="mismatch"
                ),
            )
        elif password1:
            candidate = User(
                username=cleaned.get("username", ""),
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
                email=cleaned.get("email", ""),
            )
            try:
                password_validation.validate_password(password1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class LinkCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Link code"),
        max_length=20,
        help_text=_(
            "Ten letters and digits, printed on your login card (ABCDE-FGHJK)."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters"}
        ),
    )


def _zone_choices() -> list[tuple[str, str]]:
    school = school_zone_name()
    first = (
        "",
        _("The school's time zone (%(zone)s)") % {"zone": school.replace("_", " ")},
    )
    names = sorted(available_zones())
    return [first, *((name, name.replace("_", " ")) for name in names)]


class TimeZoneForm(forms.Form):
    """A person's own time zone, or the school's (blank)."""

    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        required=False,
        help_text=_(
            "Due dates, reminders, your calendar and e-mails show times in this zone."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = _zone_choices()
