from django import forms
from django.utils.translation import gettext_lazy as _

from packages.archive import max_package_bytes


class PackageImportForm(forms.Form):
    package = forms.FileField(
        label=_("Unit package"),
        help_text=_(
            "A .unit.zip file exported from this or another installation of the "
            "portal. Importing the same package again changes nothing."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )

    def clean_package(self):
        upload = self.cleaned_data["package"]
        limit = max_package_bytes()
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is too large; a unit package is at most %(max)s MB.")
                % {"max": limit // (1024 * 1024)},
                code="too_large",
            )
        return upload
