"""The header's bell on every page a signed-in person sees, rendered by the server
(readable without JavaScript): one query, and only when the page shows the bell
(the value is computed when the template first reads it)."""

from django.utils.functional import SimpleLazyObject

from notifications.selectors import bell_of


def bell(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"bell": SimpleLazyObject(lambda: bell_of(user))}
