"""Long jobs of the packages app, run through Django's tasks framework (the
immediate backend runs them in the request until a worker backend is configured)."""

from django.core.files.storage import default_storage
from django.tasks import task

from packages.archive import PackageError
from packages.services import unit_package_import


@task
def unit_package_import_task(*, storage_name: str) -> dict:
    """Import an uploaded package kept in the default storage (shared by every
    process), then remove the upload. Returns a summary for the admin page."""
    try:
        with default_storage.open(storage_name, "rb") as handle:
            data = handle.read()
        try:
            result = unit_package_import(data=data)
        except PackageError as error:
            return {"ok": False, "message": str(error)}
        return {"ok": True, **result.as_dict()}
    finally:
        default_storage.delete(storage_name)
