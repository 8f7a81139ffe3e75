"""Each answer's draft and each submitted version keep their word count, written
with the text (the review table counts, filters and sorts a class by words
without reading every answer); the rows already there are counted here."""

from django.db import migrations, models

BATCH = 1000


def _count(apps, model_name):
    # The same count as assignments.text.word_count, frozen here.
    model = apps.get_model("assignments", model_name)
    batch = []
    for row in model.objects.only("pk", "text").order_by("pk").iterator(BATCH):
        row.words = len(row.text.split())
        batch.append(row)
        if len(batch) == BATCH:
            model.objects.bulk_update(batch, ["words"])
            batch = []
    model.objects.bulk_update(batch, ["words"])


def count_words(apps, schema_editor):
    _count(apps, "Response")
    _count(apps, "SubmissionVersion")


class Migration(migrations.Migration):
    dependencies = [
        ("assignments", "0014_personal_due_dates"),
    ]

    operations = [
        migrations.AddField(
            model_name="response",
            name="words",
            field=models.PositiveIntegerField(
                default=0, db_default=0, verbose_name="words"
            ),
        ),
        migrations.AddField(
            model_name="submissionversion",
            name="words",
            field=models.PositiveIntegerField(
                default=0, db_default=0, verbose_name="words"
            ),
        ),
        migrations.RunPython(count_words, migrations.RunPython.noop),
    ]
