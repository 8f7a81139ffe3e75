"""Who is asking, as far as the network can tell."""

from django.conf import settings


def client_address(request) -> str:
    """The visitor's address. Behind the proxy that DJANGO_BEHIND_PROXY declares,
    REMOTE_ADDR is the proxy's, so take the address the proxy appended last to
    X-Forwarded-For (the part a client cannot forge); otherwise REMOTE_ADDR."""
    if getattr(settings, "PORTAL_BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR", "")
