"""Writing a chunk: references reserved, rows written by COPY, INSERTs or the ORM."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.core.management.color import no_style
from django.db import connection

from hearth.core import references
from hearth.core.models import Sequence as Counters
from hearth.demo.generator.records import Chunk
from hearth.demo.generator.tables import TABLES, Table

REFERENCE_COUNTERS = ("E", "B", "PR", "P", "H", "T")


class ReferencesMoved(RuntimeError):
    pass


def current_reference(name: str) -> int:
    return Counters.objects.filter(name=name).values_list("value", flat=True).first() or 0


def reserve_references(chunk: Chunk) -> None:
    """Reserve the chunk's reference numbers in the writing transaction. They must be the ones
    the generator used: if somebody else took numbers meanwhile, stop rather than collide."""
    for name, (first, count) in chunk.references.items():
        if count and references.reserve(name, count) != first:
            raise ReferencesMoved(
                f"Another process took {name} references while the demo was generating; run it again."
            )


def write_chunk(out: Writer, chunk: Chunk, counts: Counter[str]) -> None:
    reserve_references(chunk)
    for table in TABLES:
        rows = chunk.rows.get(table.name, [])
        out.write(table, rows)
        counts[table.name] += len(rows)


class Writer:
    """Writes a chunk's rows, table by table: through the ORM here (`bulk_create`)."""

    name = "orm"

    def write(self, table: Table, rows: list[tuple[Any, ...]]) -> None:
        if rows:
            self.write_rows(table, rows)

    def write_rows(self, table: Table, rows: list[tuple[Any, ...]]) -> None:
        """Write one table's rows (there is at least one)."""
        table.model._default_manager.bulk_create([table.instance(r) for r in rows], batch_size=2000)

    def finish(self) -> None:
        pass


class CopyWriter(Writer):
    """PostgreSQL COPY through psycopg 3, every column given (ids included)."""

    name = "copy"

    def write_rows(self, table: Table, rows: list[tuple[Any, ...]]) -> None:
        extra = table.extra_values
        sql = f"COPY {table.name} ({', '.join(connection.ops.quote_name(c) for c in table.db_columns)}) FROM STDIN"
        with connection.connection.cursor() as cur, cur.copy(sql) as copy:
            write = copy.write_row
            if extra:
                for r in rows:
                    write(r + extra)
            else:
                for r in rows:
                    write(r)


class InsertWriter(Writer):
    """Plain multi-row INSERTs through the database cursor (executemany), values adapted once."""

    name = "insert"

    def write_rows(self, table: Table, rows: list[tuple[Any, ...]]) -> None:
        ops = connection.ops
        model_fields = {f.column: f for f in table.model._meta.concrete_fields}
        extra = tuple(
            model_fields[column].get_db_prep_save(value, connection) for _, column, value in table.extra
        )
        cols = ", ".join(ops.quote_name(c) for c in table.db_columns)
        marks = ", ".join(["%s"] * len(table.db_columns))
        # identifiers come from the models' metadata, values are parameters
        sql = f"INSERT INTO {ops.quote_name(table.name)} ({cols}) VALUES ({marks})"  # noqa: S608
        dates, stamps = table.date_positions, table.datetime_positions
        adapt_date, adapt_stamp = ops.adapt_datefield_value, ops.adapt_datetimefield_value

        def adapted(r: tuple[Any, ...]) -> tuple[Any, ...]:
            if dates or stamps:
                v = list(r)
                for i in dates:
                    if v[i] is not None:
                        v[i] = adapt_date(v[i])
                for i in stamps:
                    if v[i] is not None:
                        v[i] = adapt_stamp(v[i])
                r = tuple(v)
            return r + extra if extra else r

        with connection.cursor() as cur:
            for start in range(0, len(rows), 5000):
                cur.executemany(sql, [adapted(r) for r in rows[start : start + 5000]])


WRITERS = {"orm": Writer, "insert": InsertWriter, "copy": CopyWriter}


def writer_for(kind: str) -> Writer:
    if kind == "auto":
        kind = "copy" if connection.vendor == "postgresql" else "insert"
    if kind == "copy" and connection.vendor != "postgresql":
        raise ValueError("COPY needs PostgreSQL.")
    return WRITERS[kind]()


def fix_sequences() -> None:
    """Move identity sequences past the ids the generator assigned (PostgreSQL, Oracle)."""
    sql = connection.ops.sequence_reset_sql(no_style(), [t.model for t in TABLES])
    if sql:
        with connection.cursor() as cur:
            for statement in sql:
                cur.execute(statement)
