from django.core.management.base import BaseCommand

from lessons.shipped import load_alliance_unit


class Command(BaseCommand):
    help = (
        "Load (or refresh) the shipped unit “The U.S.–Soviet Alliance, 1941–1945” "
        "from fixtures/content/alliance_unit.yaml. Run after load_alliance_sources. "
        "Safe to run again: the unit is matched by slug and updated in place."
    )

    def handle(self, *args, **options):
        unit = load_alliance_unit()
        lessons = unit.lessons.count()
        prompts = sum(lesson.prompts.count() for lesson in unit.lessons.all())
        self.stdout.write(
            self.style.SUCCESS(
                f"Unit loaded: “{unit.title}”, {lessons} lessons, {prompts} prompts."
            )
        )
