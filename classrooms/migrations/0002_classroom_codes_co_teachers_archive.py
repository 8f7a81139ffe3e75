import secrets

from django.conf import settings
from django.db import migrations, models

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def fill_join_codes(apps, schema_editor):
    Classroom = apps.get_model("classrooms", "Classroom")
    used = set()
    for classroom in Classroom.objects.filter(join_code__isnull=True):
        code = "".join(secrets.choice(ALPHABET) for _ in range(8))
        while code in used:
            code = "".join(secrets.choice(ALPHABET) for _ in range(8))
        used.add(code)
        classroom.join_code = code
        classroom.save(update_fields=["join_code"])


class Migration(migrations.Migration):
    dependencies = [
        ("classrooms", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="classroom",
            name="join_code",
            field=models.CharField(max_length=8, null=True),
        ),
        migrations.RunPython(fill_join_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="classroom",
            name="join_code",
            field=models.CharField(
                help_text="Students type this code to join the class.",
                max_length=8,
                unique=True,
                verbose_name="join code",
            ),
        ),
    ]
