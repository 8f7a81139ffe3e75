"""Import a OneRoster 1.2 CSV export from a folder or a zip, e.g. nightly from cron:

    manage.py import_oneroster /srv/sis/oneroster/            # apply
    manage.py import_oneroster /srv/sis/export.zip --dry-run  # only report

Prints what was (or would be) created, updated and switched off, and every problem
by file and line; exits 1 when the files could not be read (nothing changed) and 2
when rows were left out for problems."""

from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from classrooms.models import RosterImport
from classrooms.roster.run import roster_import_execute, roster_import_start


class Command(BaseCommand):
    help = "Import a OneRoster 1.2 CSV export (a folder or a zip file)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="a folder of CSV files or a zip")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="report what would change and change nothing",
        )

    def handle(self, *args, path: Path, dry_run: bool, **options):
        if not path.exists():
            raise CommandError(f"{path} does not exist.")
        if path.is_dir():
            roster = RosterImport.objects.create(dry_run=dry_run, folder=str(path))
            report = roster_import_execute(import_id=roster.pk, folder=path)
        else:
            with path.open("rb") as handle:
                roster = roster_import_start(
                    file=File(handle, name=path.name), dry_run=dry_run
                )
            report = roster_import_execute(import_id=roster.pk)
        self._print(report, dry_run)
        roster.refresh_from_db()
        if roster.status == RosterImport.Status.FAILED:
            raise CommandError("The files could not be read; nothing was changed.")
        if report.problems:
            raise SystemExit(2)

    def _print(self, report, dry_run: bool) -> None:
        verb = "would be" if dry_run else "were"
        for kind, counts in report.counts().items():
            summary = ", ".join(f"{n} {action}" for action, n in counts.items())
            self.stdout.write(f"{kind}: {summary} ({verb})")
        for problem in report.problems:
            self.stderr.write(str(problem))
        for note in report.notes:
            self.stdout.write(f"note: {note}")
