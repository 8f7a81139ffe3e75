from django.core.management.base import BaseCommand

from sources.shipped import load_alliance_library


class Command(BaseCommand):
    help = (
        "Load (or refresh) the shipped library for the U.S.-Soviet alliance unit "
        "from fixtures/content/. Safe to run again: records are matched by slug."
    )

    def handle(self, *args, **options):
        counts = load_alliance_library()
        self.stdout.write(
            self.style.SUCCESS(
                "Library loaded: {sources} sources, {excerpts} excerpts, "
                "{themes} themes.".format(**counts)
            )
        )
