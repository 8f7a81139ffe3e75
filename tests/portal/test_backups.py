"""Backups: what `manage.py backup` writes, restored, is the same database."""

import hashlib
import io
import uuid

import pytest
from django.core.management import call_command
from django.db import connection

from portal.backups import backup_create, pg_restore, pg_versions_check


def _some_classwork():
    from tests.assignments.conftest import build_assignment, enrol
    from tests.builders import TeacherFactory

    call_command(
        "seed_demo",
        "--quiet-logins",
        "--i-know-this-creates-demo-accounts",
        stdout=io.StringIO(),
    )
    assignment = build_assignment(TeacherFactory(), prompts=2)
    enrol(assignment.classroom)


# --- PostgreSQL -------------------------------------------------------------------


def _pg_connect(db: dict, name: str):
    import psycopg

    return psycopg.connect(
        dbname=name,
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        autocommit=True,
    )


def _pg_fingerprint(db: dict, name: str) -> dict:
    """Per table: the row count and a checksum of every row's content."""
    with _pg_connect(db, name) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "ORDER BY tablename"
            )
        ]
        result = {}
        for table in tables:
            count, digest = conn.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' "  # noqa: S608
                f"ORDER BY t::text), '')) FROM \"{table}\" t"
            ).fetchone()
            result[table] = (count, digest)
        return result


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_into_a_fresh_postgres_database_is_the_same(tmp_path):
    tool, server = pg_versions_check()
    assert tool >= server
    _some_classwork()
    db = connection.settings_dict
    original = _pg_fingerprint(db, db["NAME"])
    assert original["lessons_unit"][0] >= 1
    assert original["assignments_assignment"][0] >= 1  # the demo class has some too

    out = io.StringIO()
    path = tmp_path / "portal.dump"
    call_command("backup", "--output", str(path), stdout=out)
    assert "Backup written" in out.getvalue()

    scratch = f"portal_restore_test_{uuid.uuid4().hex[:10]}"
    with _pg_connect(db, "postgres") as admin:
        admin.execute(f'CREATE DATABASE "{scratch}"')
    try:
        pg_restore(path=path, db={**db, "NAME": scratch})
        assert _pg_fingerprint(db, scratch) == original
    finally:
        with _pg_connect(db, "postgres") as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')


# --- SQLite -----------------------------------------------------------------------


def _sqlite_fingerprint() -> dict:
    with connection.cursor() as cursor:
        tables = [
            row[0]
            for row in cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            ).fetchall()
        ]
        result = {}
        for table in tables:
            rows = cursor.execute(f'SELECT * FROM "{table}"').fetchall()  # noqa: S608
            digest = hashlib.sha256(repr(sorted(map(repr, rows))).encode()).hexdigest()
            result[table] = (len(rows), digest)
        return result


@pytest.mark.django_db(transaction=True)
def test_sqlite_backup_and_restore_bring_back_the_same_database(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite online backup; PostgreSQL is tested above")
    _some_classwork()
    original = _sqlite_fingerprint()
    path = tmp_path / "portal.sqlite3"
    backup_create(output=path)

    from lessons.models import Unit

    Unit.objects.filter(slug="us-soviet-alliance-1941-1945").update(title="Changed")
    assert _sqlite_fingerprint() != original

    call_command("restore", str(path), "--noinput", stdout=io.StringIO())
    assert _sqlite_fingerprint() == original


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path, db):
    from django.core.management.base import CommandError

    path = tmp_path / "nonsense.dump"
    path.write_bytes(b"not a backup at all" * 100)
    with pytest.raises(CommandError):
        call_command("restore", str(path), "--noinput", stdout=io.StringIO())
