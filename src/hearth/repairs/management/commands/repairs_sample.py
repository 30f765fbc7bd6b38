"""Pick the monthly post-inspection sample (for a scheduler: run early each month for the month before)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from hearth.repairs import services


class Command(BaseCommand):
    help = "Pick each contractor's post-inspection sample of a month's completed orders (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", help="YYYY-MM (default: last month)")
        parser.add_argument("--user", default="admin", help="the user recorded as doing it (default admin)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["month"]:
            try:
                month = dt.datetime.strptime(options["month"], "%Y-%m").date()
            except ValueError:
                raise CommandError("Give the month like 2025-06.") from None
        else:
            month = (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
        actor = get_user_model().objects.filter(username=options["user"]).first()
        if actor is None:
            raise CommandError(f"There is no user {options['user']!r}.")
        picked = services.select_monthly_sample(actor=actor, month=month)
        self.stdout.write(f"{month:%B %Y}: {picked} orders picked for post-inspection.")
