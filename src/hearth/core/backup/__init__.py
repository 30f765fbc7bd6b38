"""A whole instance in one archive: the database and the uploaded files from one moment, with a manifest
that says what the archive holds (`hearth backup`, `hearth restore`).

- `archive`: the archive itself. A tar file of `database.dump` (PostgreSQL, `pg_dump`'s custom format)
  or `database.sqlite3` (SQLite, a copy made with its online backup API), then `files/...` (the files
  of `HEARTH_DATA_DIR/files` the database names), then `manifest.json`: the SHA-256 and size of every
  other member, the rows in each table, the migrations applied, the Hearth release and the database.
- `database`: the database at one moment. On PostgreSQL the dump, the row counts and the list of files
  are read in one exported snapshot; on SQLite they are read from the copy. A file is written before
  the row that names it is committed and is never changed afterwards, so every file on that list is
  on disk, as it was at that moment, when it is copied after the dump.
- `services`: `backup`, `check` and `restore`. A restore goes only into an empty instance on the same
  kind of database. It reads and checks the whole archive first (every member against the manifest),
  so a damaged or cut-short archive changes nothing; then it puts the files back, loads the database
  (`pg_restore` in one transaction, the schema and so the ledger's triggers with it; on SQLite the
  backup API) and counts the rows again.
"""

from __future__ import annotations


class BackupError(Exception):
    """A backup or restore that cannot go ahead, with the sentence that says why."""
