"""The database side of a backup: what it held at one moment, its dump and its load, on PostgreSQL
(`pg_dump`, `pg_restore`) and SQLite (the online backup API); whether it holds any data."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from hearth.core.backup import BackupError
from hearth.core.models import Attachment

MEMBER = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
NAMES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}

# Rows a fresh `hearth migrate` writes itself: the default rules for each kind of agreement. An
# instance holding only these is empty; a rule an officer changed has left an audit event, which counts.
WRITTEN_BY_MIGRATE = {"tenancy_processes_agreementkindrule"}


@dataclass
class Moment:
    """What the database held at the backup's moment: rows per table, migrations, the files it names."""

    tables: dict[str, int]
    migrations: dict[str, list[str]]
    files: list[tuple[str, str]]  # (name under HEARTH_DATA_DIR/files, SHA-256 recorded when attached)


def vendor() -> str:
    if connection.vendor not in MEMBER:
        raise BackupError(f"Backups are made of PostgreSQL and SQLite databases, not {connection.vendor}.")
    return connection.vendor


def outside_transaction() -> None:
    if connection.in_atomic_block:
        raise BackupError("A backup or restore runs on its own, outside any transaction.")


def _count(cursor: Any, table: str) -> int:
    cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 (a table's name)
    return int(cursor.fetchone()[0])


def _read_moment(cursor: Any, tables: list[str]) -> Moment:
    """The row counts, migrations and files, read through `cursor` (a DB-API cursor on the snapshot)."""
    quote = connection.ops.quote_name
    counts = {table: _count(cursor, table) for table in sorted(tables)}
    migrations: dict[str, list[str]] = {}
    if "django_migrations" in counts:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        for app, name in cursor.fetchall():
            migrations.setdefault(app, []).append(name)
    files: list[tuple[str, str]] = []
    table = Attachment._meta.db_table
    if table in counts:
        columns = {f.name: quote(f.column) for f in Attachment._meta.concrete_fields}
        name, digest = columns["file"], columns["sha256"]
        cursor.execute(f"SELECT {name}, {digest} FROM {quote(table)} ORDER BY 1")  # noqa: S608 (the model's)
        files = [(str(n), str(d or "")) for n, d in cursor.fetchall() if n]
    return Moment(counts, migrations, files)


def _dump_sqlite(path: Path) -> Moment:
    connection.ensure_connection()
    copy = sqlite3.connect(path)
    try:
        connection.connection.backup(copy)
        cursor = copy.cursor()
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        return _read_moment(cursor, [row[0] for row in cursor.fetchall()])
    finally:
        copy.close()


def _load_sqlite(path: Path) -> None:
    source = sqlite3.connect(path)
    try:
        connection.ensure_connection()
        source.backup(connection.connection)
    finally:
        source.close()


def _pg_command(program: str, *args: str) -> tuple[list[str], dict[str, str]]:
    """`program` with `args`, connecting to the database as Hearth does, and its environment."""
    from django.db.backends.postgresql.client import DatabaseClient

    db = connection.settings_dict
    _psql, client_env = DatabaseClient.settings_to_cmd_args_env(db, [])
    env = {key: str(value) for key, value in (client_env or {}).items()}
    dbname = db.get("NAME") or f"service={db.get('OPTIONS', {}).get('service', '')}"
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if db.get(key):
            env[variable] = str(db[key])
    return [program, f"--dbname={dbname}", *args], {**os.environ, **env}


def _failed(program: str, returncode: int, errors: str) -> BackupError:
    return BackupError(f"{program} failed: {errors.strip() or f'exit status {returncode}'}")


def _dump_postgresql(path: Path) -> Moment:
    with transaction.atomic(durable=True), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        command, env = _pg_command("pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={path}")
        dump = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)  # noqa: S603
        try:
            moment = _read_moment(cursor, connection.introspection.table_names(cursor))
        finally:
            _out, errors = dump.communicate()  # the snapshot lives as long as this transaction
    if dump.returncode != 0:
        raise _failed("pg_dump", dump.returncode, errors)
    return moment


def _load_postgresql(path: Path) -> None:
    # --clean --if-exists: the tables an empty `hearth migrate` made give way to the backup's.
    # One transaction: a failure leaves the database as it was.
    command, env = _pg_command(
        "pg_restore",
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        str(path),
    )
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise _failed("pg_restore", result.returncode, result.stderr)


def dump(path: Path) -> Moment:
    """Write the database to `path`; what it held at that moment."""
    return _dump_postgresql(path) if vendor() == "postgresql" else _dump_sqlite(path)


def load(path: Path) -> None:
    """Replace the database with the one written to `path`."""
    _load_postgresql(path) if vendor() == "postgresql" else _load_sqlite(path)


def tables_holding_data() -> list[str]:
    """The tables of Hearth's records, and of user accounts, that hold a row `migrate` did not write."""
    existing = set(connection.introspection.table_names())
    tables = {"auth_user"}
    for config in apps.get_app_configs():
        if config.name.startswith("hearth."):
            tables.update(model._meta.db_table for model in config.get_models(include_auto_created=True))
    quote = connection.ops.quote_name
    holding = []
    with connection.cursor() as cursor:
        for table in sorted((tables & existing) - WRITTEN_BY_MIGRATE):
            cursor.execute(f"SELECT 1 FROM {quote(table)} LIMIT 1")  # noqa: S608 (a model's table)
            if cursor.fetchone() is not None:
                holding.append(table)
    return holding


def recount(tables: dict[str, int]) -> list[str]:
    """The tables whose rows now differ from `tables` (table: rows), each with both counts."""
    with connection.cursor() as cursor:
        now = {table: _count(cursor, table) for table in sorted(tables)}
    return [
        f"{table}: {now[table]} rows, the backup has {rows}"
        for table, rows in tables.items()
        if now[table] != rows
    ]


def unknown_migrations(migrations: dict[str, list[str]]) -> list[str]:
    """The migrations of `migrations` (app: names) that this release does not have."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return sorted(
        f"{app} {name}" for app, names in migrations.items() for name in names if (app, name) not in known
    )


def pending_migrations() -> int:
    """How many of this release's migrations the database has not had."""
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
