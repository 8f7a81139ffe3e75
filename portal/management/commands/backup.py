from django.core.management.base import BaseCommand, CommandError

from portal.backups import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the whole database: pg_dump (custom format) on PostgreSQL, the "
        "online backup API on SQLite. Safe while the portal runs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            "-o",
            help="The backup file (default: PORTAL_BACKUP_DIR/portal-<time>.dump "
            "or .sqlite3).",
        )

    def handle(self, *args, **options):
        try:
            path = backup_create(output=options["output"])
        except BackupError as error:
            raise CommandError(str(error)) from None
        size = path.stat().st_size
        self.stdout.write(self.style.SUCCESS(f"Backup written: {path} ({size} bytes)"))
