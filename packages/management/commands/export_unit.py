from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lessons.models import Unit
from packages.archive import PackageError
from packages.services import package_filename, unit_package_export


class Command(BaseCommand):
    help = (
        "Export a unit (with its lessons, prompts, excerpts, sources, glossary and "
        "themes; never any student data) as a portable package file."
    )

    def add_arguments(self, parser):
        parser.add_argument("unit", help="The unit's id or slug.")
        parser.add_argument(
            "--output",
            "-o",
            help="Where to write the package (default: <slug>.unit.zip here).",
        )

    def handle(self, *args, **options):
        key = options["unit"]
        units = Unit.objects.filter(slug=key) if not key.isdigit() else None
        unit = (units.first() if units is not None else None) or (
            Unit.objects.filter(pk=int(key)).first() if key.isdigit() else None
        )
        if unit is None:
            raise CommandError(f"No unit with the id or slug {key!r}.")
        try:
            data = unit_package_export(unit=unit)
        except PackageError as refused:
            raise CommandError(str(refused)) from None
        path = Path(options["output"] or package_filename(unit))
        path.write_bytes(data)
        self.stdout.write(
            self.style.SUCCESS(
                f"Exported “{unit.title}” to {path} ({len(data)} bytes)."
            )
        )
