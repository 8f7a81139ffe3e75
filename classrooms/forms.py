from django import forms
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.sso import sso_switched_on
from classrooms import importing
from classrooms.models import MAX_EXTRA_DAYS, MAX_EXTRA_PERCENT, Classroom
from classrooms.ratelimit import join_attempts_blocked, join_failure_record
from classrooms.services import classroom_for_join_code
from portal.forms import crispy_helper
from sources.models import ExcerptTranslation, language_known, language_name


class _Crispy:
    """Crispy lays out the fields; templates write the <form> and buttons."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = crispy_helper()


class ClassroomForm(_Crispy, forms.ModelForm):
    class Meta:
        model = Classroom
        fields = [
            "name",
            "section",
            "school_year",
            "join_enabled",
            "allow_self_signup",
            "require_sso",
        ]
        labels = {"name": _("Class name")}
        help_texts = {
            "name": _("For example “U.S. History”."),
            "section": _("For example “Period 3” or “Section B”."),
            "school_year": _("For example “2026–27”."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only a school with a sign-in provider switched on can require it.
        if not sso_switched_on():
            del self.fields["require_sso"]

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise ValidationError(_("Give the class a name."), code="required")
        return name


class StudentsAddForm(_Crispy, forms.Form):
    names = forms.CharField(
        label=_("Paste names, one student a line"),
        required=False,
        widget=forms.Textarea(
            attrs={
                "rows": 12,
                "spellcheck": "false",
                "autocomplete": "off",
                "data-name-count": "",
                "aria-describedby": "names-count",
            }
        ),
        help_text=_(
            "“First Last” or “Last, First”. Cells copied from a spreadsheet "
            "(first name, last name, student ID) work too. Blank lines are skipped."
        ),
    )
    csv_file = forms.FileField(
        label=_("Or upload a CSV file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
        help_text=_(
            "Columns: first name, last name, and an optional student ID. A header "
            "row is fine."
        ),
    )

    def clean_names(self):
        text = self.cleaned_data["names"]
        return importing.rows_from_pasted_names(text) if text.strip() else []

    def clean_csv_file(self):
        upload = self.cleaned_data["csv_file"]
        return importing.rows_from_csv(upload) if upload else []

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        names, csv_rows = cleaned.get("names") or [], cleaned.get("csv_file") or []
        if names and csv_rows:
            raise ValidationError(
                _("Paste names or upload a file, not both."), code="both"
            )
        if not names and not csv_rows:
            raise ValidationError(
                _("Paste at least one name or choose a CSV file."), code="empty"
            )
        cleaned["rows"] = names or csv_rows
        return cleaned


class _JoinCodeMixin:
    """Checks a join code, counting wrong ones against the person and address."""

    for_signup = False

    def __init__(self, *args, request, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_code(self):
        if join_attempts_blocked(self.request):
            raise ValidationError(
                _(
                    "Too many wrong codes. Wait 15 minutes, then try again, or ask "
                    "your teacher for the code."
                ),
                code="rate_limited",
            )
        try:
            self.classroom = classroom_for_join_code(
                code=self.cleaned_data["code"], for_signup=self.for_signup
            )
        except ValidationError:
            join_failure_record(self.request)
            raise
        return self.classroom.join_code


def _code_field():
    return forms.CharField(
        label=_("Class code"),
        max_length=20,
        help_text=_("8 letters and digits, from your teacher."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "class": "join-code-input",
            }
        ),
    )


class JoinForm(_JoinCodeMixin, _Crispy, forms.Form):
    code = _code_field()


class SignUpForm(_JoinCodeMixin, _Crispy, forms.Form):
    for_signup = True

    code = _code_field()
    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters; not only digits, not a common word."),
    )
    password2 = forms.CharField(
        label=_("Type the password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error(
                "password2",
                ValidationError(_("The two passwords differ."), code="mismatch"),
            )
        elif p1:
            candidate = User(
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                validate_password(p1, candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class CoTeacherForm(_Crispy, forms.Form):
    username = forms.CharField(
        label=_("Teacher's username"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )


def first_version_choices(*, current: str = "") -> list[tuple[str, str]]:
    """The original, the simpler wording, or a translation into a language the
    library has translations in or the portal speaks (and the one set now)."""
    languages = {code for code, _name in settings.LANGUAGES} | set(
        ExcerptTranslation.objects.values_list("language", flat=True).distinct()
    )
    if current and current != "adapted":
        languages.add(current)
    languages.discard(settings.LANGUAGE_CODE)
    translations = sorted(
        (
            (code, _("A translation: %(language)s") % {"language": language_name(code)})
            for code in languages
            if language_known(code)
        ),
        key=lambda pair: pair[1].casefold(),
    )
    return [
        ("", _("The original")),
        ("adapted", _("The simpler wording")),
        *translations,
    ]


class AccommodationsForm(_Crispy, forms.Form):
    extra_days = forms.IntegerField(
        label=_("Extended time, in days"),
        min_value=0,
        max_value=MAX_EXTRA_DAYS,
        help_text=_(
            "Added to every due date of this class for this student: their to-do "
            "list shows the later date and nothing they submit before it is late. "
            "0 for none."
        ),
    )
    extra_percent = forms.IntegerField(
        label=_("Extended time, as a share of the time given (percent)"),
        required=False,
        min_value=0,
        max_value=MAX_EXTRA_PERCENT,
        help_text=_(
            "Added to the time each assignment gives, from when it opens to when "
            "it is due: 50 is time and a half, 100 double time. Added to the days "
            "above. 0 for none."
        ),
    )
    first_version = forms.ChoiceField(
        label=_("Version their reading opens on"),
        required=False,
        help_text=_(
            "Shown beside the original from the start, where an excerpt has that "
            "version; the student can still switch."
        ),
    )
    read_aloud = forms.BooleanField(
        label=_("Offer read-aloud from the start"),
        required=False,
        help_text=_(
            "Their reading opens with the read-aloud controls showing (play, "
            "pause, speed), using the computer's own voices."
        ),
    )

    def clean_extra_percent(self) -> int:
        return self.cleaned_data.get("extra_percent") or 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_version"].choices = first_version_choices(
            current=self.initial.get("first_version", "")
        )


# --- small groups ---------------------------------------------------------------


class GroupNameForm(_Crispy, forms.Form):
    name = forms.CharField(label=_("Group name"), max_length=60)


class GroupsSplitForm(_Crispy, forms.Form):
    count = forms.IntegerField(
        label=_("Number of groups"),
        min_value=1,
        max_value=100,
        help_text=_(
            "Replaces the groups below with new ones and shares the class's "
            "students among them at random. Answers and replies are kept."
        ),
    )


NO_GROUP = "none"


class GroupsAssignForm(forms.Form):
    """Students ticked on the groups page, and the group they go to."""

    students = forms.TypedMultipleChoiceField(
        label=_("Students"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one student.")},
    )
    group = forms.ChoiceField(label=_("Move the ticked students to"))

    def __init__(self, *args, enrolments, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["students"].choices = [(e.pk, str(e.student)) for e in enrolments]
        self.fields["group"].choices = [
            *((str(g.pk), g.name) for g in groups),
            (NO_GROUP, _("No group")),
        ]
        self._groups = {str(g.pk): g for g in groups}

    def chosen_group(self):
        """The group chosen (None for "No group")."""
        return self._groups.get(self.cleaned_data["group"])
