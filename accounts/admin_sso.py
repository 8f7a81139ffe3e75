"""The admin's page for sign-in providers (allauth's SocialApp): switched on per
installation, keys entered here, and the secret write-only: once saved it is never
shown again (the field stays empty; leaving it empty keeps the stored one)."""

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialApp, SocialToken
from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.sso import PROVIDER_TYPES

PROVIDER_LABELS = {
    "openid_connect": _("OpenID Connect (ClassLink, a district's own provider)"),
    "google": _("Google"),
    "microsoft": _("Microsoft"),
    "clever": _("Clever"),
    "saml": _("SAML 2.0"),
}
SETTINGS_HELP = _(
    "JSON. Every provider: “enabled” (true/false), “order” (buttons by number), "
    "“roster_id_claim” (the claim holding the student's SIS or OneRoster ID, e.g. "
    "“sis_id” or “data.sis_id” for Clever), “school_email_domains” (a list: verified "
    "addresses there link to the account with that e-mail). OpenID Connect: "
    "“server_url” (the issuer). Microsoft: “tenant”. SAML: “idp” (entity_id, "
    "sso_url, x509cert or metadata_url), “attribute_mapping”, “advanced”."
)


class SignInProviderForm(forms.ModelForm):
    provider = forms.ChoiceField(
        label=_("Provider"),
        choices=[(key, PROVIDER_LABELS[key]) for key in PROVIDER_TYPES],
    )
    secret = forms.CharField(
        label=_("Client secret"),
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_(
            "Write-only: a saved secret is never shown again. Leave empty to keep "
            "the one stored; type a new one to replace it."
        ),
    )

    class Meta:
        model = SocialApp
        fields = ["provider", "name", "provider_id", "client_id", "secret", "settings"]
        labels = {
            "name": _("Button label (the school's words)"),
            "provider_id": _("Short name in addresses"),
            "client_id": _("Client ID (SAML: the short name in addresses)"),
        }
        help_texts = {
            "name": _("e.g. “Sign in with Riverside Schools”."),
            "provider_id": _(
                "OpenID Connect only: letters and digits, used in the callback "
                "address /auth/oidc/<short name>/login/callback/."
            ),
            "settings": SETTINGS_HELP,
        }

    def clean(self):
        """SAML: the short name (client ID) also keys its accounts, so two identity
        providers never share subject ids; assertions must be signed unless the
        admin says otherwise."""
        cleaned = super().clean()
        if cleaned.get("provider") == "saml":
            cleaned["provider_id"] = cleaned.get("client_id", "")
            saml_settings = dict(cleaned.get("settings") or {})
            advanced = dict(saml_settings.get("advanced") or {})
            advanced.setdefault("want_assertion_signed", True)
            saml_settings["advanced"] = advanced
            cleaned["settings"] = saml_settings
        return cleaned

    def clean_secret(self):
        new = self.cleaned_data.get("secret", "")
        # Empty means "keep what is stored".
        return new or (self.instance.secret if self.instance.pk else "")


# allauth registers its own admin for SocialApp (secret in clear): replace it.
if admin.site.is_registered(SocialApp):
    admin.site.unregister(SocialApp)


@admin.register(SocialApp)
class SignInProviderAdmin(admin.ModelAdmin):
    form = SignInProviderForm
    list_display = ["name", "provider", "provider_id", "client_id", "is_enabled"]
    list_filter = ["provider"]

    @admin.display(boolean=True, description=_("switched on"))
    def is_enabled(self, app):
        return bool(app.settings.get("enabled", True))


# Tokens are not stored (SOCIALACCOUNT_STORE_TOKENS is off) and nobody signs in by
# e-mail address: nothing to show. (Provider accounts and second factors stay: an
# admin unlinks a wrong link or removes a lost authenticator there.)
for model in [SocialToken, EmailAddress]:
    if admin.site.is_registered(model):
        admin.site.unregister(model)
