"""OpenID Connect with a nonce.

allauth's OpenID Connect provider checks the state (bound to this browser's
session) and sends PKCE (S256), but sends no ``nonce``. This provider adds one:
a fresh random value per sign-in, kept in the session with the state and sent in
the authorization request; the ID token that comes back must carry the same
value (accounts.adapters checks it before anything is signed in), so an ID token
minted for another sign-in cannot be slipped in.
"""

import hmac
import secrets

from allauth.socialaccount.providers.openid_connect.provider import (
    OpenIDConnectProvider,
)

STATE_KEY = "oidc_nonce"


class NonceOpenIDConnectProvider(OpenIDConnectProvider):
    def redirect(self, request, process, next_url=None, data=None, **kwargs):
        nonce = secrets.token_urlsafe(24)
        auth_params = kwargs.pop("auth_params", None)
        if auth_params is None:
            auth_params = self.get_auth_params()
        auth_params = {**auth_params, "nonce": nonce}
        kwargs[STATE_KEY] = nonce
        return super().redirect(
            request, process, next_url, data, auth_params=auth_params, **kwargs
        )


def nonce_matches(sociallogin) -> bool:
    """Whether the ID token's nonce is the one this sign-in sent (always True for
    the other providers, which send none)."""
    if not isinstance(sociallogin.provider, NonceOpenIDConnectProvider):
        return True
    expected = (sociallogin.state or {}).get(STATE_KEY)
    id_token = (sociallogin.account.extra_data or {}).get("id_token") or {}
    received = id_token.get("nonce")
    return (
        isinstance(expected, str)
        and isinstance(received, str)
        and hmac.compare_digest(received, expected)
    )
