"""Records kept while a chunk is built, and the result of a run."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from hearth.core.search import Entry
from hearth.demo.generator.tables import Table
from hearth.properties.models import Property


@dataclass(slots=True, eq=False)
class Who:
    """A person being generated (the row is made once references are reserved)."""

    id: int
    title: str
    first: str
    middle: str
    last: str
    preferred: str
    dob: date
    ni: str | None
    email: str
    phone: str
    address: str
    contact: str
    language: str
    interpreter: bool

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.title, self.first, self.last) if p)


@dataclass(slots=True, eq=False)
class Let:
    """A tenancy being generated."""

    id: int
    property_id: int
    kind: str
    start: date
    end: date | None
    reason: str
    tenants: list[Who]
    occupants: list[tuple[Who, date]]
    address: str


# typical internal floor areas (m²) of social homes by bedrooms; houses and maisonettes a little larger
AREA_BY_BEDROOMS = {0: 30, 1: 48, 2: 64, 3: 80, 4: 96, 5: 110}
AREA_EXTRA = {"house": 12, "maisonette": 6}
AREA_OTHER = {"garage": 15, "shop": 60}


def floor_area(pid: int, kind: str, bedrooms: int) -> Decimal | None:
    """A plausible floor area for a home, varied by up to 5 m² either way. Worked out from the id
    rather than drawn from the random generator, so the rest of the estate comes out as before."""
    if kind in AREA_OTHER:
        base = AREA_OTHER[kind]
    elif kind in Property.DWELLINGS:
        base = AREA_BY_BEDROOMS.get(bedrooms, 110 + 12 * (bedrooms - 5)) + AREA_EXTRA.get(kind, 0)
    else:
        return None
    spread = (pid * 2654435761) % 21 - 10  # -10 .. 10 half square metres
    return Decimal(base) + Decimal(spread) / 2


class Site(NamedTuple):
    """Where a property stands: its estate and block (None for a house or a parade) and its address,
    in the order of the property's columns."""

    estate_id: int
    block_id: int | None
    line1: str
    line2: str
    town: str
    code: str

    @property
    def address(self) -> str:
        return ", ".join(p for p in (self.line1, self.line2, self.town, self.code) if p)


@dataclass
class PropertyRow:
    """A property being generated, by field; the defaults are those of a property that is not a
    home (a garage, store, shop or communal area)."""

    id: int
    uprn: int | None
    site: Site
    kind: str
    status: str
    bedrooms: int = 0
    floor: int | None = None
    adapted: bool = False
    ownership: str = Property.Ownership.COUNCIL
    asbestos_present: bool = False
    fire_risk_assessed_on: date | None = None
    gas_safety_due: date | None = None

    def values(self) -> tuple[Any, ...]:
        """The row without its reference, which the chunk's rows get once references are reserved."""
        return (
            self.id,
            self.uprn,
            *self.site,
            self.kind,
            self.bedrooms,
            self.floor,
            floor_area(self.id, self.kind, self.bedrooms),
            self.adapted,
            self.ownership,
            self.status,
            self.asbestos_present,
            self.fire_risk_assessed_on,
            self.gas_safety_due,
        )

    @property
    def address(self) -> str:
        return self.site.address


@dataclass(kw_only=True)
class Home(PropertyRow):
    """A home being generated: its property's row, and what its tenancies are made from beside it
    (when it was built, and the agreement it is let on now)."""

    built: date
    current: Let | None = None


@dataclass
class EstatePlan:
    index: int
    homes: int
    flats_share: float
    garages: int
    stores: int
    shops: int
    communal: int


@dataclass
class Chunk:
    rows: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)
    entries: list[Entry] = field(default_factory=list)
    people: list[Who] = field(default_factory=list)
    households: list[tuple[int, Who]] = field(default_factory=list)
    lets: list[Let] = field(default_factory=list)
    estates: list[tuple[int, str, str]] = field(default_factory=list)
    blocks: list[tuple[Any, ...]] = field(default_factory=list)
    props: list[tuple[Any, ...]] = field(default_factory=list)
    members: list[tuple[Any, ...]] = field(default_factory=list)
    alerts: list[tuple[Any, ...]] = field(default_factory=list)
    references: dict[str, tuple[int, int]] = field(default_factory=dict)  # counter: (first, count)

    def add(self, table: Table, row: tuple[Any, ...]) -> None:
        self.rows.setdefault(table.name, []).append(row)


@dataclass
class Result:
    homes: int
    seed: int
    rows: dict[str, int]
    seconds: float
    writer: str
    phases: dict[str, float] = field(default_factory=dict)  # seconds: generate, write, indexes...

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())

    @property
    def rows_per_second(self) -> float:
        return self.total_rows / self.seconds if self.seconds else 0.0
