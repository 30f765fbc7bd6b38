"""`hearth demo`: fill the database with the synthetic borough and print the demo sign-ins."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hearth.demo import generator
from hearth.properties.models import Property


class Command(BaseCommand):
    help = (
        "Generate a deterministic synthetic council (estates, blocks, homes, garages, shops, people, "
        "households, tenancies, search entries) and one sign-in per role. Same seed, same borough."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--homes",
            type=int,
            default=generator.DEFAULT_HOMES,
            help=f"number of homes (default {generator.DEFAULT_HOMES:,}); garages, shops and "
            "stores are added in proportion",
        )
        parser.add_argument(
            "--seed", type=int, default=generator.DEFAULT_SEED, help="random seed (default 1)"
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="generate only when no property exists yet; otherwise just print the sign-ins",
        )
        parser.add_argument(
            "--print-logins",
            action="store_true",
            help="print only the table of demo sign-ins and the address to open; generate nothing",
        )
        parser.add_argument(
            "--as-of",
            type=date.fromisoformat,
            default=None,
            metavar="YYYY-MM-DD",
            help="the day the borough is generated for (default today); fix it for "
            "identical data on different days",
        )
        parser.add_argument(
            "--writer",
            choices=["auto", "copy", "insert", "orm"],
            default="auto",
            help="how rows are written: auto = COPY on PostgreSQL, executemany INSERTs "
            "elsewhere; orm = bulk_create (slower, for comparison)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["print_logins"]:
            self.print_logins()
            return
        if Property.objects.exists():
            if options["if_empty"]:
                self.stdout.write("The database already holds properties: nothing generated.")
                self.print_logins()
                return
            raise CommandError(
                "The database already holds properties. Use an empty database, or --if-empty to skip generation."
            )
        if options["homes"] < 1:
            raise CommandError("--homes must be at least 1.")
        result = generator.generate(
            homes=options["homes"],
            seed=options["seed"],
            as_of=options["as_of"],
            writer=options["writer"],
            progress=self.stdout.write,
        )
        for label, n in generator.summary(result.rows):
            self.stdout.write(f"  {label:<20} {n:>12,}")
        self.stdout.write(
            f"Wrote {result.total_rows:,} rows in {result.seconds:.1f} s "
            f"({result.rows_per_second:,.0f} rows/s, {result.writer})."
        )
        self.print_logins()

    def print_logins(self) -> None:
        rows = generator.logins()
        width = max(len(u) for u, _, _ in rows)
        role_width = max(len(r) for _, r, _ in rows)
        self.stdout.write("")
        self.stdout.write(f"{'Username':<{width}}  {'Role':<{role_width}}  Password")
        for username, role, password in rows:
            self.stdout.write(f"{username:<{width}}  {role:<{role_width}}  {password}")
        self.stdout.write("")
        self.stdout.write(f"Sign in at {generator.DEMO_URL}")
