"""The audit log: one service, ``audit_record``, called where the event happens
(sign-ins through the auth signals, refusals through ``portal.access.refused``,
resets, score changes, exports and erasures from their services and views).

Targets are ids and short labels: never a password, token, one-time password or
the text of an answer. The address comes from ``portal.network`` (the request
given, or the request being answered)."""

from accounts.models import AuditEntry
from portal.network import client_address
from portal.requestlog import current_request

Kind = AuditEntry.Kind


def audit_record(kind, actor=None, target: str = "", request=None) -> AuditEntry:
    """One insert. ``actor`` is the person acting; left out, the person signed in on
    the request (None for a signed-out visitor or a worker)."""
    request = request if request is not None else current_request.get()
    if actor is None and request is not None:
        actor = getattr(request, "user", None)
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEntry.objects.create(
        kind=kind,
        actor=actor,
        target=str(target)[:200],
        address=client_address(request)[:64] if request is not None else "",
    )
