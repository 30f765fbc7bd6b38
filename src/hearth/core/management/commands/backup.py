"""`hearth backup DEST`: the database and the uploaded files, from one moment, into one new archive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hearth.core.backup import BackupError, services


class Command(BaseCommand):
    help = (
        "Write the database and the uploaded files, as they were at one moment, to the new archive DEST "
        "(a tar file with a manifest of checksums, row counts and migrations). Safe while Hearth runs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "dest", type=Path, help="the archive to write, e.g. /backups/hearth-2026-01-31.tar"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = services.backup(options["dest"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Backed up {summary.describe()} to {options['dest']}.")
        if summary.problems:
            raise CommandError(
                f"The backup was written, but {len(summary.problems)} of the files the database names could "
                "not be backed up as they were attached:\n" + "\n".join(summary.problems)
            )
