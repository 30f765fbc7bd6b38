"""Entry point: build the borough into the default database, in chunks or as one bulk load."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from datetime import date

from django.db import connection, transaction
from django.utils import timezone

from hearth.demo.generator.borough import Borough
from hearth.demo.generator.plan import CHUNK_HOMES, DEFAULT_HOMES, DEFAULT_SEED
from hearth.demo.generator.records import Chunk, Result
from hearth.demo.generator.tables import TABLES
from hearth.demo.generator.users import ensure_users
from hearth.demo.generator.writing import fix_sequences, write_chunk, writer_for
from hearth.properties.models import Property


class AlreadyPopulated(Exception):
    pass


class BulkLoad:
    """PostgreSQL, empty tables: load everything in ONE transaction with the secondary indexes and
    foreign keys of the loaded tables dropped, then rebuild them once at the end.

    Building a GIN trigram index over millions of rows at once is many times faster than keeping it
    up to date row by row, and re-adding a foreign key checks it with one join instead of a trigger
    per row. Everything, the DROPs included, is in the one transaction: an interrupted run rolls
    back to the empty, fully indexed schema.
    """

    def __init__(self, say: Callable[[str], None]) -> None:
        self.say = say
        self.indexes: list[tuple[str, str]] = []
        self.foreign_keys: list[tuple[str, str, str]] = []

    def drop(self) -> None:
        names = [t.name for t in TABLES]
        with connection.cursor() as cur:
            cur.execute(
                """
                SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
                FROM pg_constraint c
                WHERE c.contype = 'f' AND c.conrelid::regclass::text = ANY(%s)
                ORDER BY 1, 2
                """,
                [names],
            )
            self.foreign_keys = list(cur.fetchall())
            cur.execute(
                """
                SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
                FROM pg_index i
                WHERE i.indrelid::regclass::text = ANY(%s)
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
                ORDER BY 1
                """,
                [names],
            )
            self.indexes = list(cur.fetchall())
            for table, name, _ in self.foreign_keys:
                cur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            for name, _ in self.indexes:
                cur.execute(f"DROP INDEX {name}")
        self.say(
            f"  bulk load: {len(self.indexes)} indexes and {len(self.foreign_keys)} foreign keys set aside"
        )

    def restore(self, timings: dict[str, float]) -> None:
        t = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute("SET LOCAL maintenance_work_mem = '1GB'")
            cur.execute("SET LOCAL max_parallel_maintenance_workers = 2")
            for _, ddl in self.indexes:
                cur.execute(ddl)
            timings["indexes"] = time.perf_counter() - t
            self.say(f"  indexes rebuilt in {timings['indexes']:.1f} s")
            t = time.perf_counter()
            for table, name, definition in self.foreign_keys:
                cur.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
            timings["foreign keys"] = time.perf_counter() - t
            self.say(f"  foreign keys checked and restored in {timings['foreign keys']:.1f} s")


def _tables_empty() -> bool:
    return not any(t.model._default_manager.exists() for t in TABLES)


def generate(
    *,
    homes: int = DEFAULT_HOMES,
    seed: int = DEFAULT_SEED,
    as_of: date | None = None,
    writer: str = "auto",
    chunk_homes: int = CHUNK_HOMES,
    bulk_load: bool | None = None,
    progress: Callable[[str], None] | None = None,
) -> Result:
    """Build the borough into the default database. Refuses when properties already exist.

    bulk_load: None = decide (PostgreSQL with COPY, every loaded table empty, 50,000 homes or more).

    Chunks are built and written in turn. (Writing chunk n on a second thread while this one
    builds chunk n + 1 was measured: 15 % slower at a million homes, the two threads fight for
    the GIL.)
    """
    if homes < 1:
        raise ValueError("Generate at least one home.")
    if Property.objects.exists():
        raise AlreadyPopulated("The database already holds properties.")
    say = progress or (lambda _msg: None)
    t0 = time.perf_counter()
    as_of = as_of or timezone.localdate()
    out = writer_for(writer)
    pg = connection.vendor == "postgresql"
    if bulk_load is None:
        bulk_load = pg and out.name == "copy" and homes >= 50_000 and _tables_empty()
    elif bulk_load and not (pg and _tables_empty()):
        raise ValueError("A bulk load needs PostgreSQL and empty tables.")
    ensure_users()
    borough = Borough(homes=homes, seed=seed, as_of=as_of)
    chunks = borough.chunks(chunk_homes)
    say(
        f"Generating {homes:,} homes in {len(borough.plan):,} estates ({len(chunks)} chunk(s)), "
        f"seed {seed}, as of {as_of.isoformat()}"
    )
    counts: Counter[str] = Counter()
    timings = {"generate": 0.0, "write": 0.0}

    def built() -> Iterator[tuple[int, Chunk, int]]:
        done = 0
        for number, plans in enumerate(chunks):
            t = time.perf_counter()
            chunk = borough.materialise(borough.build_chunk(number, plans))
            timings["generate"] += time.perf_counter() - t
            done += sum(p.homes for p in plans)
            yield number, chunk, done

    def store(number: int, chunk: Chunk, done: int) -> None:
        t = time.perf_counter()
        if bulk_load:
            write_chunk(out, chunk, counts)
        else:
            with transaction.atomic():
                write_chunk(out, chunk, counts)
        timings["write"] += time.perf_counter() - t
        total = sum(counts.values())
        say(
            f"  chunk {number + 1}/{len(chunks)}: {done:,} homes, {total:,} rows, "
            f"{total / (time.perf_counter() - t0):,.0f} rows/s "
            f"(busy generating {timings['generate']:.0f} s, writing {timings['write']:.0f} s)"
        )

    def load(source: Iterable[tuple[int, Chunk, int]]) -> None:
        if pg:
            with connection.cursor() as cur:
                cur.execute("SET synchronous_commit TO off")
        try:
            if bulk_load:
                with transaction.atomic():
                    loader = BulkLoad(say)
                    loader.drop()
                    for item in source:
                        store(*item)
                    loader.restore(timings)
            else:
                for item in source:
                    store(*item)
        finally:
            if pg:
                with connection.cursor() as cur:
                    cur.execute("SET synchronous_commit TO DEFAULT")

    load(built())
    fix_sequences()
    if pg:
        t = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute("ANALYZE " + ", ".join(table.name for table in TABLES))
        timings["analyze"] = time.perf_counter() - t
        say(f"  ANALYZE in {timings['analyze']:.1f} s")
    elapsed = time.perf_counter() - t0
    return Result(
        homes=homes,
        seed=seed,
        rows=dict(counts),
        seconds=elapsed,
        writer=out.name + (" bulk" if bulk_load else ""),
        phases={k: round(v, 1) for k, v in timings.items()},
    )


# what the summary of a run calls each table's rows
LABELS = {t.name: t.label for t in TABLES}


def summary(counts: dict[str, int]) -> Iterable[tuple[str, int]]:
    for t in TABLES:
        yield LABELS[t.name], counts.get(t.name, 0)
