from django.db import migrations

from assignments.shipped import essay_rubric_load


def load_essay_rubric(apps, schema_editor):
    """Every installation gets the shipped rubric for document-based essays (in a
    migration of its own: PostgreSQL refuses data and schema changes together)."""
    essay_rubric_load(
        apps.get_model("assignments", "Rubric"),
        apps.get_model("assignments", "Criterion"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("assignments", "0010_shared_rubrics"),
    ]

    operations = [
        migrations.RunPython(load_essay_rubric, migrations.RunPython.noop),
    ]
