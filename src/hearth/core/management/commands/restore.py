"""`hearth restore SRC`: put a backup made by `hearth backup` into an empty instance."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hearth.core.backup import BackupError, services


class Command(BaseCommand):
    help = (
        "Restore the archive SRC made by `hearth backup` into this instance, which must be empty and on the "
        "same kind of database. The whole archive is checked first; a damaged one changes nothing. Stop the "
        "web processes and workers first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("src", type=Path, help="the archive written by `hearth backup`")
        parser.add_argument(
            "--check",
            action="store_true",
            help="only read the whole archive and match it to its manifest; change nothing",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["check"]:
                summary = services.check(options["src"])
                self.stdout.write(
                    f"{options['src']} is complete and as written: {summary.describe()}, "
                    f"taken at {summary.manifest['created_at']}."
                )
            else:
                summary = services.restore(options["src"])
                self.stdout.write(
                    f"Restored {summary.describe()}, taken at {summary.manifest['created_at']}; "
                    "the rows in every table match the backup."
                )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for problem in summary.problems:
            self.stderr.write(f"Not in the backup as attached: {problem}")
        if summary.pending_migrations:
            self.stdout.write(
                f"This release has {summary.pending_migrations} migrations the backup has not had: "
                "run `hearth migrate` next."
            )
