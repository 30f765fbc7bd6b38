"""The synthetic borough: a deterministic council for demos, tests and benchmarks.

Same seed, same homes count, same `as_of` date -> the same borough, row for row (names, addresses,
references, dates). Estates are generated in chunks of about 20,000 homes; each chunk is built in
memory from its own seeded random generator, then written (COPY on PostgreSQL, executemany
INSERTs elsewhere, which measured 3 to 4 times faster than bulk_create on SQLite), so memory
stays flat from 200 homes to a million. Each chunk is one transaction; a large load into empty
PostgreSQL tables is one transaction with its indexes built at the end (`BulkLoad`).

Ids are assigned here (the next free id of each table) so that foreign keys need no read-back;
PostgreSQL identity sequences are moved past them at the end. References (P0000001...) continue
each counter and are reserved in the writing transaction.

The modules, in the order they build on each other:

- `tables`: the columns the generator fills, in the order of its row tuples
- `records`: what is kept while a chunk is built, and the `Result` of a run
- `helpers`: sharing out, weighted picks, dates, the texts drawn from
- `writing`: references reserved, rows written (COPY, INSERTs or the ORM), sequences moved on
- `plan`, `people`, `tenancies`, `estates`, `borough`: the generator, `Borough`, one stage a module
- `users`: one demo user per role
- `load`: `generate()`, the entry point
"""

from hearth.demo.generator.borough import Borough
from hearth.demo.generator.load import LABELS, AlreadyPopulated, BulkLoad, generate, summary
from hearth.demo.generator.plan import CHUNK_HOMES, DEFAULT_HOMES, DEFAULT_SEED, HOMES_PER_ESTATE, UPRN_BASE
from hearth.demo.generator.records import Chunk, EstatePlan, Home, Let, Result, Who
from hearth.demo.generator.tables import TABLES, Table
from hearth.demo.generator.users import DEMO_PASSWORD, DEMO_URL, DEMO_USERS, ensure_users, logins
from hearth.demo.generator.writing import ReferencesMoved

__all__ = [
    "CHUNK_HOMES",
    "DEFAULT_HOMES",
    "DEFAULT_SEED",
    "DEMO_PASSWORD",
    "DEMO_URL",
    "DEMO_USERS",
    "HOMES_PER_ESTATE",
    "LABELS",
    "TABLES",
    "UPRN_BASE",
    "AlreadyPopulated",
    "Borough",
    "BulkLoad",
    "Chunk",
    "EstatePlan",
    "Home",
    "Let",
    "ReferencesMoved",
    "Result",
    "Table",
    "Who",
    "ensure_users",
    "generate",
    "logins",
    "summary",
]
