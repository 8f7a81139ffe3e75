"""Running a OneRoster import recorded as a RosterImport: reading its file,
applying it (or a dry run), keeping its progress where any process can see it,
and storing its report. The admin's upload page and the nightly command both
start imports this way; the admin's goes through Django's tasks framework
(classrooms.roster.tasks), so a worker runs it once one is configured."""

from pathlib import Path

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from classrooms.models import RosterImport
from classrooms.roster.apply import RosterReport, roster_import
from classrooms.roster.read import roster_read_folder, roster_read_zip

PROGRESS_KEY = "classrooms:roster-import:{pk}"
PROGRESS_SECONDS = 24 * 60 * 60


def roster_import_progress(roster: RosterImport) -> tuple[int, str]:
    """How far a running import is (percent, stage): the live figure while it
    runs (its transaction is not committed yet), the stored one otherwise."""
    live = cache.get(PROGRESS_KEY.format(pk=roster.pk))
    if roster.status == RosterImport.Status.RUNNING and live:
        return live
    return roster.progress, roster.stage


def _progress_recorder(roster: RosterImport):
    def record(percent: int, stage: str) -> None:
        cache.set(PROGRESS_KEY.format(pk=roster.pk), (percent, stage), PROGRESS_SECONDS)

    return record


def roster_import_start(*, file, dry_run: bool, started_by=None) -> RosterImport:
    """Record an import of an uploaded OneRoster zip; it waits to be run."""
    return RosterImport.objects.create(
        file=file, dry_run=dry_run, started_by=started_by
    )


def roster_import_execute(
    *, import_id: int, folder: Path | None = None
) -> RosterReport:
    """Run a recorded import (its zip, or ``folder`` for the nightly command) and
    store its report. A dry run changes nothing but its own record."""
    roster = RosterImport.objects.get(pk=import_id)
    RosterImport.objects.filter(pk=import_id).update(
        status=RosterImport.Status.RUNNING, stage=_("Reading the files")
    )
    roster.status = RosterImport.Status.RUNNING
    try:
        files = _read(roster, folder)
        report = roster_import(
            files=files, dry_run=roster.dry_run, progress=_progress_recorder(roster)
        )
    except Exception:
        _finish(
            roster,
            RosterImport.Status.FAILED,
            {
                "problems": [
                    _("The import stopped on an unexpected error; nothing was changed.")
                ]
            },
        )
        raise
    status = RosterImport.Status.FAILED if files.fatal else RosterImport.Status.DONE
    _finish(roster, status, report.as_json())
    return report


def _read(roster: RosterImport, folder: Path | None):
    if folder is not None:
        return roster_read_folder(folder)
    with roster.file.open("rb") as handle:
        return roster_read_zip(handle)


@transaction.atomic
def _finish(roster: RosterImport, status: str, report: dict) -> None:
    roster.status = status
    roster.report = report
    roster.progress = 100
    roster.stage = ""
    roster.finished_at = timezone.now()
    roster.save(update_fields=["status", "report", "progress", "stage", "finished_at"])
    cache.delete(PROGRESS_KEY.format(pk=roster.pk))
