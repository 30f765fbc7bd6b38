"""Demo repairs: three contractors with a made-up schedule of rates (6-digit codes, never the licensed
NHF schedule) and some orders on let homes in every state. Running it again adds nothing."""

from __future__ import annotations

import datetime as dt
import io
import random
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from hearth.core.permissions import has_capability
from hearth.properties.models import Property
from hearth.repairs import domain, imports, services
from hearth.repairs.demo_schedule import DEMO_SCHEDULE_CSV
from hearth.repairs.models import Contractor, RateLine

CONTRACTORS = [
    ("Kestrel Property Care", "orders@kestrel.invalid", "Plumbing, Heating, Electrical", Decimal("0")),
    (
        "Ashgrove Building Services",
        "jobs@ashgrove.invalid",
        "Joinery, Roofing, Damp and mould",
        Decimal("2.5"),
    ),
    ("Cleanline Estates", "work@cleanline.invalid", "Cleaning", Decimal("0")),
]


def schedule_rows() -> list[tuple[int, dict[str, Any]]]:
    return imports.read_rate_file("demo-schedule.csv", io.BytesIO(DEMO_SCHEDULE_CSV.encode()))


class Command(BaseCommand):
    help = "Add demo contractors, a made-up schedule of rates and repair orders (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", default="admin", help="the user who does it (default admin)")
        parser.add_argument("--orders", type=int, default=200, help="orders to raise (default 200)")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, **options: Any) -> None:
        actor = get_user_model().objects.filter(username=options["user"]).first()
        if actor is None or not has_capability(actor, "contractors.manage"):
            raise CommandError(f"Run it as a user who may manage contractors (not {options['user']!r}).")
        if Contractor.objects.filter(name=CONTRACTORS[0][0]).exists():
            self.stdout.write("The demo contractors are already there: nothing added.")
            return
        rng = random.Random(options["seed"])  # noqa: S311 - demo data, not a secret
        contracts = []
        for name, email, trades, uplift in CONTRACTORS:
            contractor = services.create_contractor(
                actor=actor, name=name, email=email, trades=trades, areas="Whole borough"
            )
            contract = services.create_contract(
                actor=actor,
                contractor=contractor,
                name=f"{name} responsive repairs",
                start_date=dt.date(2024, 4, 1),
                uplift_percent=uplift,
            )
            services.import_rates(actor=actor, contract=contract, rows=schedule_rows())
            contracts.append(contract)
        homes = list(Property.objects.filter(status="let").order_by("id")[: options["orders"]])
        now = timezone.now()
        raised = completed = 0
        for i, home in enumerate(homes):
            contract = contracts[i % 2]
            rates = list(RateLine.objects.filter(contract=contract).order_by("code"))
            rate = rng.choice(rates)
            priority = rng.choice(domain.PRIORITIES)
            when = now - dt.timedelta(hours=rng.randint(3, 24 * 60))
            order = services.raise_order(
                actor=actor,
                contract=contract,
                property=home,
                description=rate.description,
                priority=priority,
                lines=[services.LineRequest(rate, Decimal(rng.choice([1, 1, 2, 3])))],
                raised_at=when,
            )
            raised += 1
            if order.status == "issued" and rng.random() < 0.65:
                done = min(now, order.due_at + dt.timedelta(hours=rng.randint(-72, 24)))
                done = max(done, when + dt.timedelta(hours=1))
                services.complete_order(
                    actor=actor, order=order, completed_at=done, first_time_fix=rng.random() < 0.8
                )
                completed += 1
        self.stdout.write(
            f"Added {len(CONTRACTORS)} contractors with a {len(schedule_rows())}-line schedule each, "
            f"{raised} orders ({completed} completed)."
        )
