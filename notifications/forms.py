from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.kinds import DEFAULT_EMAIL, kinds_for
from notifications.models import EmailMode, Kind


class PreferencesForm(forms.Form):
    """One choice per kind of event the person can receive."""

    def __init__(self, *args, user, current: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = kinds_for(user)
        for kind in self.kinds:
            self.fields[kind] = forms.ChoiceField(
                label=Kind(kind).label,
                choices=EmailMode.choices,
                initial=current.get(kind, DEFAULT_EMAIL[kind]),
                widget=forms.RadioSelect,
                # A page loaded before a kind existed posts without it: the other
                # choices are saved, and that kind keeps its current setting.
                required=False,
            )
        if not user.email:
            for field in self.fields.values():
                field.help_text = _(
                    "You have no e-mail address here: you see these in the portal only."
                )

    def clean(self):
        data = super().clean()
        return {kind: mode for kind, mode in data.items() if mode}
