"""Unit package import as a background job (jobs app): a worker runs it, the admin
who uploaded the package watches its progress on the job's page."""

from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobs.runner import JobContext, JobRefused, job_handler
from jobs.services import job_files_result
from lessons.models import Unit
from packages.archive import PackageError
from packages.services import package_filename, unit_package_export, unit_package_import

COUNT_LABELS = {
    "units": gettext_lazy("Units"),
    "lessons": gettext_lazy("Lessons"),
    "prompts": gettext_lazy("Prompts"),
    "lesson_excerpts": gettext_lazy("Excerpts placed in lessons"),
    "documents": gettext_lazy("Related documents"),
    "sources": gettext_lazy("Sources"),
    "excerpts": gettext_lazy("Excerpts"),
    "pictures": gettext_lazy("Pictures"),
    "glossary_terms": gettext_lazy("Glossary terms"),
    "themes": gettext_lazy("Themes"),
}
STAGES = {
    "sources": gettext_lazy("Importing sources and excerpts"),
    "lessons": gettext_lazy("Importing lessons and prompts"),
}


def import_result_present(result: dict) -> dict:
    """The stored result, as the result template shows it (in the viewer's
    language, with a link to the unit if it is still there)."""
    unit = Unit.objects.filter(pk=result.get("unit_id")).first()
    return {
        **result,
        "rows": [
            {"label": COUNT_LABELS.get(kind, kind), **row}
            for kind, row in result.get("counts", {}).items()
        ],
        "unit_url": reverse("admin:lessons_unit_change", args=[unit.pk])
        if unit
        else "",
    }


@job_handler(
    result_template="packages/_import_result.html", present=import_result_present
)
def unit_package_import_job(context: JobContext, *, storage_name: str) -> dict:
    """Import an uploaded package kept in the default storage (shared by every
    process), all or nothing, then remove the upload. A damaged package is refused
    with the reason; the database is unchanged."""

    def progress(stage: str, done: int, total: int) -> None:
        # Sources are the first half of the work, lessons the second.
        share = done / total if total else 1
        percent = share * 50 + (50 if stage == "lessons" else 0)
        context.progress(round(percent), str(STAGES.get(stage, stage)))

    context.progress(0, _("Checking the package"))
    try:
        with default_storage.open(storage_name, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        raise JobRefused(_("The uploaded file is gone; upload it again.")) from None
    try:
        result = unit_package_import(data=data, progress=progress)
    except PackageError as error:
        default_storage.delete(storage_name)
        raise JobRefused(
            f"{error} {_('Nothing was changed on this portal.')}"
        ) from None
    except Exception:
        if context.is_last_attempt:
            default_storage.delete(storage_name)
        raise
    transaction.on_commit(lambda: default_storage.delete(storage_name))
    return result.as_dict()


@job_handler
def unit_package_export_job(context: JobContext, *, unit_ids: list[int]) -> dict:
    """Export units as packages: one unit, its package; several, a zip holding one
    package per unit. The file is kept for the person to download from the job's
    page."""
    units = list(Unit.objects.filter(pk__in=unit_ids).order_by("title", "pk"))
    if not units:
        raise JobRefused(_("Those units are no longer on this portal."))
    packages = []
    for done, unit in enumerate(units):
        context.progress(
            round(100 * done / len(units)),
            _("Exporting “%(title)s”") % {"title": unit.title},
        )
        try:
            packages.append((unit, unit_package_export(unit=unit)))
        except PackageError as refused:
            raise JobRefused(str(refused)) from None
    file = job_files_result(
        files=(
            [(package_filename(unit), data) for unit, data in packages]
            if len(packages) == 1
            else [(f"{unit.pk}-{package_filename(unit)}", d) for unit, d in packages]
        ),
        bundle_name="unit-packages.zip",
    )
    return {"file": file, "units": len(packages)}
