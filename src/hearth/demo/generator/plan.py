"""The plan of a borough: its estates and their sizes, decided up front from one generator; ids and places."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date

from django.db import models
from django.db.models import Max
from django.utils import timezone

from hearth.demo import pools as P
from hearth.demo.generator.helpers import spread
from hearth.demo.generator.records import EstatePlan
from hearth.demo.generator.tables import TABLES, Table
from hearth.demo.generator.writing import REFERENCE_COUNTERS, current_reference
from hearth.people.models import Person
from hearth.properties.models import Property

DEFAULT_HOMES = 3000
DEFAULT_SEED = 1
CHUNK_HOMES = 20_000
HOMES_PER_ESTATE = 75
UPRN_BASE = 100_023_000_000


class BoroughPlan:
    """The first stage of `Borough`: the state of a run, the plan of its estates, new ids and places."""

    def __init__(self, *, homes: int, seed: int, as_of: date) -> None:
        self.homes = homes
        self.seed = seed
        self.as_of = as_of
        self.now = timezone.now()
        self.pools = P.build_pools(seed)
        self.next_id = {t.name: self._max_id(t.model) + 1 for t in TABLES}
        self.uprn = max(UPRN_BASE, (Property.objects.aggregate(m=Max("uprn"))["m"] or 0)) + 1
        self.ni_ordinal = 0
        self.existing_ni: set[str] = set()
        if Person.objects.exists() and Person.objects.count() < 200_000:
            self.existing_ni = {
                n for n in Person.objects.exclude(ni_number=None).values_list("ni_number", flat=True) if n
            }
        self.district_next: Counter[int] = Counter()
        self.next_ref = {name: current_reference(name) + 1 for name in REFERENCE_COUNTERS}
        self.plan = self._plan()

    @staticmethod
    def _max_id(model: type[models.Model]) -> int:
        return model._default_manager.aggregate(m=Max("pk"))["m"] or 0

    def new_id(self, table: Table) -> int:
        n = self.next_id[table.name]
        self.next_id[table.name] = n + 1
        return n

    # ---- plan: estates and their sizes, decided up front from one generator ----
    def _plan(self) -> list[EstatePlan]:
        rng = random.Random(f"hearth-demo:{self.seed}:plan")
        n = max(1, round(self.homes / HOMES_PER_ESTATE))
        weights = [rng.uniform(0.35, 1.65) for _ in range(n)]
        homes = spread(self.homes, weights)
        flats = [rng.uniform(0.3, 0.95) for _ in range(n)]
        garage_w = [h if (i == 0 or rng.random() < 0.6) else 0 for i, h in enumerate(homes)]
        shop_w = [h if (i == 0 or rng.random() < 0.3) else 0 for i, h in enumerate(homes)]
        store_w = [h * f if f > 0.5 else 0 for h, f in zip(homes, flats, strict=True)]
        communal_w = [1 if (i == 0 or rng.random() < 0.15) else 0 for i in range(n)]
        garages = spread(round(self.homes * 0.035), garage_w)
        stores = spread(round(self.homes * 0.0075), store_w)
        shops = spread(round(self.homes * 0.0075), shop_w)
        communal = spread(max(3, round(n / 8)) if self.homes >= 100 else 1, communal_w)
        return [
            EstatePlan(i, homes[i], flats[i], garages[i], stores[i], shops[i], communal[i]) for i in range(n)
        ]

    def chunks(self, chunk_homes: int = CHUNK_HOMES) -> list[list[EstatePlan]]:
        out: list[list[EstatePlan]] = [[]]
        size = 0
        for plan in self.plan:
            if size >= chunk_homes:
                out.append([])
                size = 0
            out[-1].append(plan)
            size += plan.homes
        return out

    # ---- places ----
    def new_postcode(self, district: int) -> str:
        n = self.district_next[district]
        self.district_next[district] += 1
        return P.postcode(district, n)

    def new_uprn(self, rng: random.Random) -> int:
        value = self.uprn
        self.uprn += rng.choice((1, 1, 1, 2, 3))
        return value

    def street_name(self, rng: random.Random, used: set[str]) -> str:
        for _ in range(20):
            base = rng.choice(self.pools.street_bases)
            kind = rng.choices(self.pools.street_types, self.pools.street_type_weights)[0]
            name = f"{base} {kind}"
            if name not in used:
                used.add(name)
                return name
        return name

    def private_address(self, rng: random.Random) -> str:
        district = rng.choice(P.PRIVATE_DISTRICTS)
        street = f"{rng.choice(self.pools.street_bases)} {rng.choice(self.pools.street_types)}"
        code = P.postcode(district, rng.randrange(P.POSTCODES_PER_DISTRICT))
        return f"{rng.randint(1, 180)} {street}, {P.town_for(district)}, {code}"
