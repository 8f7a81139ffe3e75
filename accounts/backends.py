"""How a signed-in person's account is read on each request.

``PortalModelBackend`` is Django's ModelBackend (the same passwords, the same
``is_active`` rule, the same permissions) with one difference: the account a
session names is read with SQL compiled once a process (``portal.queries``), not
a queryset built and compiled on every request. Every page pays for that read
before anything else; the ORM's ``get(pk=…)`` cost some 1,400 Python calls of it
(more than a quarter of an autosave's), the kept SQL and the row's instance about
500 (docs/performance.md)."""

from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from portal.limits import id_from
from portal.queries import CompiledOnce, loaded

# The path sessions carry (settings.AUTHENTICATION_BACKENDS), and the one sessions
# signed in before this backend carried (accounts.middleware.SessionBackendMiddleware
# moves them over).
PATH = "accounts.backends.PortalModelBackend"
EARLIER_PATH = "django.contrib.auth.backends.ModelBackend"


@cache
def _fields() -> tuple[str, ...]:
    return tuple(field.attname for field in get_user_model()._meta.concrete_fields)


def _account_query(user: int):
    return get_user_model()._default_manager.filter(pk=user).values_list(*_fields())


_ACCOUNT = CompiledOnce(_account_query)


class PortalModelBackend(ModelBackend):
    def get_user(self, user_id):
        user_id = id_from(user_id)  # a session keeps it as text
        if user_id is None:
            return None
        rows = _ACCOUNT.rows(user=user_id)
        if not rows:
            return None
        user = loaded(get_user_model(), dict(zip(_fields(), rows[0], strict=True)))
        return user if self.user_can_authenticate(user) else None
