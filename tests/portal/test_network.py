"""portal.network: who is asking, as far as the network can tell."""

from django.test import RequestFactory, override_settings

from portal.network import client_address


def test_behind_a_proxy_the_visitor_address_is_the_one_the_proxy_appended():
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9"
    )
    with override_settings(PORTAL_BEHIND_PROXY=True):
        assert client_address(request) == "203.0.113.9"
    with override_settings(PORTAL_BEHIND_PROXY=False):
        assert client_address(request) == "10.0.0.1"
