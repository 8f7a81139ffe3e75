from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from packages.archive import PackageError
from packages.services import unit_package_import


class Command(BaseCommand):
    help = (
        "Import a unit package file. All or nothing: a damaged, unsafe or "
        "incompatible package changes nothing. Importing the same package again "
        "changes nothing either."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The package file (.unit.zip).")

    def handle(self, *args, **options):
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")

        def progress(stage: str, done: int, total: int) -> None:
            self.stdout.write(f"  {stage}: {done}/{total}")

        self.stdout.write(f"Importing {path} …")
        try:
            result = unit_package_import(data=path.read_bytes(), progress=progress)
        except PackageError as error:
            raise CommandError(f"The package was refused: {error}") from None
        for kind, row in sorted(result.counts.items()):
            self.stdout.write(
                f"  {kind}: {row['created']} created, {row['updated']} updated, "
                f"{row['unchanged']} unchanged"
            )
        verdict = "imported" if result.changed else "already up to date"
        self.stdout.write(
            self.style.SUCCESS(
                f"“{result.title}” {verdict} (unit id {result.unit.pk})."
            )
        )
