import logging

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.utils.crypto import get_random_string
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _cache() -> None:
    """A write and a read back: Redis that answers but cannot store is down too."""
    key = f"healthz:{get_random_string(12)}"
    cache.set(key, "1", timeout=10)
    if cache.get(key) != "1":
        raise RuntimeError("the cache did not keep a value")
    cache.delete(key)


# What every process needs from outside itself to serve a request. An app adds
# its own check from its AppConfig.ready() (jobs adds "task_queue": jobs/health.py).
CHECKS = {"database": _database, "cache": _cache}


@login_not_required
@never_cache
def healthz(request):
    """For a load balancer or proxy: 200 when the database and the cache both
    answer; 503 naming each that failed, so the proxy takes this process out of
    rotation and whoever reads the answer knows where to look."""
    failed = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as error:  # noqa: BLE001 - any failure means "not healthy"
            logger.warning("healthz: %s failed: %s", name, error)
            failed[name] = type(error).__name__
    if failed:
        return JsonResponse({"status": "unavailable", "failed": failed}, status=503)
    return JsonResponse({"status": "ok", "checked": list(CHECKS)})
