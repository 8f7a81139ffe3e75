from django.core.management.base import BaseCommand

from assignments.models import Criterion, Rubric
from assignments.shipped import essay_rubric_load


class Command(BaseCommand):
    help = (
        "Load (or refresh) the rubric for document-based essays shipped with the "
        "portal, shared by every teacher. Safe to run again: it is matched by slug."
    )

    def handle(self, *args, **options):
        rubric = essay_rubric_load(Rubric, Criterion)
        self.stdout.write(
            self.style.SUCCESS(
                f"Rubric loaded: “{rubric.title}”, {rubric.criteria.count()} criteria."
            )
        )
