"""Stored search vectors for the library (PostgreSQL): a column on sources and
excerpts, kept up to date by the database itself (a BEFORE INSERT OR UPDATE trigger,
so every way a row is written counts: services, the admin, imports, bulk_create,
the content loaders), and a GIN index on each. The weights are the ones the search
gave when it computed the vectors per query. On SQLite the columns stay empty."""

import django.contrib.postgres.search
from django.db import migrations

# (table, trigger function body's vector, columns whose change recomputes it)
VECTORS = {
    "sources_source": (
        "setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A')"
        " || setweight(to_tsvector('english', coalesce(NEW.creator, '')), 'B')"
        " || setweight(to_tsvector('english', coalesce(NEW.headnote, '')"
        " || ' ' || coalesce(NEW.citation, '')), 'C')",
        "title, creator, headnote, citation, search_vector",
    ),
    "sources_excerpt": (
        "setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A')"
        " || setweight(to_tsvector('english', coalesce(NEW.text, '')), 'D')",
        "title, text, search_vector",
    ),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, (vector, columns) in VECTORS.items():
        schema_editor.execute(
            f"CREATE FUNCTION {table}_search_vector() RETURNS trigger AS $$ "
            f"BEGIN NEW.search_vector := {vector}; RETURN NEW; END "
            "$$ LANGUAGE plpgsql"
        )
        schema_editor.execute(
            f"CREATE TRIGGER {table}_search_vector "
            f"BEFORE INSERT OR UPDATE OF {columns} ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_search_vector()"
        )
        # Fills the rows already there (the trigger computes the value).
        schema_editor.execute(f"UPDATE {table} SET search_vector = NULL")  # noqa: S608
        schema_editor.execute(
            f"CREATE INDEX {table}_search ON {table} USING gin (search_vector)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in VECTORS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search")
        schema_editor.execute(
            f"DROP TRIGGER IF EXISTS {table}_search_vector ON {table}"
        )
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {table}_search_vector()")


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0004_excerpt_images"),
    ]

    operations = [
        migrations.AddField(
            model_name="excerpt",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True
            ),
        ),
        migrations.AddField(
            model_name="source",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True
            ),
        ),
        migrations.RunPython(create, drop),
    ]
