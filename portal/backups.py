"""Backups of the whole database, and restoring one.

PostgreSQL: ``pg_dump -Fc`` (one compressed file) and ``pg_restore --clean
--if-exists``, with the connection settings taken from DATABASES (the password goes
through the environment, never the command line). pg_dump must be at least as new as
the server: the version is checked first, with a clear message.

SQLite: the sqlite3 module's online backup API, which copies a consistent snapshot
while the portal keeps running, and copies a backup back the same way.
"""

import os
import re
import shutil
import sqlite3
import subprocess  # noqa: S404 - runs pg_dump/pg_restore with fixed arguments
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import connections


class BackupError(Exception):
    """The backup or restore could not be done; the message says why."""


def _settings_dict(alias: str = "default") -> dict:
    return connections[alias].settings_dict


def default_backup_path(alias: str = "default") -> Path:
    vendor = connections[alias].vendor
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    suffix = "dump" if vendor == "postgresql" else "sqlite3"
    return Path(settings.PORTAL_BACKUP_DIR) / f"portal-{stamp}.{suffix}"


# --- PostgreSQL ---------------------------------------------------------------------


def _pg_args(db: dict) -> tuple[list[str], dict]:
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    sslmode = (db.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = sslmode
    return args, env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} is not installed. Install the PostgreSQL client tools of the "
            "server's major version (Debian: apt-get install postgresql-client-15)."
        )
    return path


def _major(text: str) -> int:
    match = re.search(r"(\d+)(?:\.\d+)?", text)
    if not match:
        raise BackupError(f"Cannot read a version number from {text!r}.")
    return int(match.group(1))


def pg_versions_check(alias: str = "default") -> tuple[int, int]:
    """(pg_dump major version, server major version); refuses an older pg_dump,
    which cannot dump a newer server."""
    output = subprocess.run(  # noqa: S603
        [_tool("pg_dump"), "--version"], capture_output=True, text=True, check=True
    ).stdout
    # "pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)"
    tool = _major(output.split("(PostgreSQL)", 1)[-1])
    connection = connections[alias]
    connection.ensure_connection()
    server = connection.pg_version // 10000
    if tool < server:
        raise BackupError(
            f"pg_dump is version {tool} but the server runs PostgreSQL {server}: "
            f"install postgresql-client-{server}."
        )
    return tool, server


def _run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(
            f"{Path(command[0]).name} failed: {result.stderr.strip() or result.stdout}"
        )


def pg_backup(*, output: Path, db: dict) -> None:
    args, env = _pg_args(db)
    _run(
        [_tool("pg_dump"), "--format=custom", "--file", str(output), *args, db["NAME"]],
        env,
    )


def pg_restore(*, path: Path, db: dict) -> None:
    args, env = _pg_args(db)
    _run(
        [
            _tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--dbname",
            db["NAME"],
            *args,
            str(path),
        ],
        env,
    )


# --- SQLite -------------------------------------------------------------------------


def sqlite_backup(*, output: Path, alias: str = "default") -> None:
    connection = connections[alias]
    connection.ensure_connection()
    target = sqlite3.connect(output)
    try:
        with target:
            connection.connection.backup(target)
    finally:
        target.close()


def sqlite_restore(*, path: Path, alias: str = "default") -> None:
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        check = source.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise BackupError(f"The backup file is damaged: {check}")
        connection = connections[alias]
        connection.ensure_connection()
        source.backup(connection.connection)
    except sqlite3.DatabaseError as error:
        raise BackupError(f"Not an SQLite backup: {error}") from None
    finally:
        source.close()


# --- entry points -------------------------------------------------------------------


def backup_create(*, output: Path | None = None, alias: str = "default") -> Path:
    """Write a backup of the database; returns its path."""
    output = Path(output or default_backup_path(alias))
    output.parent.mkdir(parents=True, exist_ok=True)
    vendor = connections[alias].vendor
    if vendor == "postgresql":
        pg_versions_check(alias)
        pg_backup(output=output, db=_settings_dict(alias))
    elif vendor == "sqlite":
        sqlite_backup(output=output, alias=alias)
    else:  # pragma: no cover - the portal runs on these two only
        raise BackupError(f"No backup method for the {vendor} database.")
    return output


def backup_restore(*, path: Path, alias: str = "default") -> None:
    """Replace the database's contents with a backup."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"No such file: {path}")
    vendor = connections[alias].vendor
    if vendor == "postgresql":
        db = _settings_dict(alias)
        connections[alias].close()
        pg_restore(path=path, db=db)
    elif vendor == "sqlite":
        sqlite_restore(path=path, alias=alias)
    else:  # pragma: no cover
        raise BackupError(f"No restore method for the {vendor} database.")
