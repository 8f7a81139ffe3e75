"""The library's version (PostgreSQL): one row whose number changes whenever a
statement writes to a table the library's search reads (sources, their passages,
their themes and the themes' names), set by the database itself (a statement
trigger, so every way a row is written counts: services, the admin, imports, a
queryset update that sends no signal, a TRUNCATE, another process).

The number comes from a sequence, so it is never given twice: a transaction that
wrote and then rolled back leaves the version it found, and the next write takes
a number no one has seen. ``sources.library_search`` keeps a page of results under
the version it was read at (a kept page is found only while nothing changed).

The trigger runs before the statement's rows are written, so a transaction takes
the version's row before any row of the library: two transactions writing to the
library wait for each other at the version, in the order they came, and cannot
each hold a row the other needs. The table is not a model's, so the test suite's flush leaves it (the flush's
TRUNCATE of the sources moves it on). On SQLite there is nothing: the search
there is the ORM's, kept by no one."""

from django.db import migrations

TABLES = (
    "sources_source",
    "sources_excerpt",
    "sources_source_themes",
    "sources_theme",
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    run = schema_editor.execute
    run("CREATE SEQUENCE sources_library_version_seq")
    run(
        "CREATE TABLE sources_library_version ("
        " id smallint PRIMARY KEY CHECK (id = 1),"
        " version bigint NOT NULL)"
    )
    run(
        "INSERT INTO sources_library_version (id, version)"
        " VALUES (1, nextval('sources_library_version_seq'))"
    )
    run(
        "CREATE FUNCTION sources_library_changed() RETURNS trigger AS $$ "
        "BEGIN UPDATE sources_library_version"
        " SET version = nextval('sources_library_version_seq'); RETURN NULL; END "
        "$$ LANGUAGE plpgsql"
    )
    for table in TABLES:
        run(
            f"CREATE TRIGGER {table}_library_changed"
            f" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}"
            " FOR EACH STATEMENT EXECUTE FUNCTION sources_library_changed()"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    run = schema_editor.execute
    for table in TABLES:
        run(f"DROP TRIGGER IF EXISTS {table}_library_changed ON {table}")
    run("DROP FUNCTION IF EXISTS sources_library_changed()")
    run("DROP TABLE IF EXISTS sources_library_version")
    run("DROP SEQUENCE IF EXISTS sources_library_version_seq")


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0008_excerpt_translations"),
    ]

    operations = [migrations.RunPython(create, drop)]
