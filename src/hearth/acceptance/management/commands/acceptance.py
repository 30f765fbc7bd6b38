"""`hearth acceptance [--dir DIR]`: run every acceptance case and report each one by id."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from hearth.acceptance.base import AcceptanceError
from hearth.acceptance.runner import ENV_VAR, FAIL, run_all, summary


class Command(BaseCommand):
    help = f"Run the acceptance cases (folder: --dir, else ${ENV_VAR}, else ../shared/acceptance)."
    requires_system_checks: list[str] = []  # the rules need no pages or URLs

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dir", dest="directory", default=None, help="Folder of *.yaml case files.")

    def handle(self, *args: Any, directory: str | None = None, **options: Any) -> None:
        try:
            results = run_all(directory)
        except AcceptanceError as exc:
            self.stdout.write(f"FAIL {exc}")
            self.stdout.write("acceptance: 0 passed, 1 failed, 0 xfailed")
            raise SystemExit(1) from None
        for result in results:
            self.stdout.write(result.line)
        self.stdout.write(summary(results))
        if any(r.status == FAIL for r in results):
            raise SystemExit(1)
