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
"""

from __future__ import annotations

import bisect
import random
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max
from django.db.models.base import ModelState
from django.utils import timezone

from hearth.core import permissions, references
from hearth.core.models import SearchEntry
from hearth.core.models import Sequence as Counters
from hearth.core.search import Entry
from hearth.demo import pools as P
from hearth.people.models import Alert, Household, HouseholdMember, Person
from hearth.people.search import person_entry
from hearth.properties.models import Block, Estate, Property
from hearth.properties.search import block_entry, estate_entry, property_entry
from hearth.tenancies.models import Tenancy, TenancyParty
from hearth.tenancies.search import tenancy_entry

DEFAULT_HOMES = 3000
DEFAULT_SEED = 1
CHUNK_HOMES = 20_000
HOMES_PER_ESTATE = 75
DEMO_PASSWORD = "warm-hearth-demo"  # noqa: S105 - a published demo password, never production
DEMO_URL = "http://127.0.0.1:8000/"
UPRN_BASE = 100_023_000_000

# username, role group, first name, last name
DEMO_USERS: list[tuple[str, str, str, str]] = [
    ("estates", permissions.ESTATE_SERVICES, "Denise", "Okoro"),
    ("income", permissions.INCOME, "Gareth", "Pryce"),
    ("options", permissions.HOUSING_OPTIONS, "Shazia", "Rahman"),
    ("senior", permissions.SENIOR, "Margaret", "Halloran"),
    ("finance", permissions.FINANCE_APPROVER, "Tomasz", "Wiśniewski"),
    ("auditor", permissions.AUDITOR, "Helen", "Ashworth"),
    ("admin", permissions.ADMINISTRATOR, "Kwame", "Mensah"),
]

K = Property.Kind
TK = Tenancy.Kind
ST = Property.Status
REL = HouseholdMember.Relationship


# --------------------------------------------------------------------------------------------
# Tables: the columns the generator fills, in the order of its row tuples
# --------------------------------------------------------------------------------------------
class Table:
    def __init__(self, model: type[models.Model], columns: Sequence[str]) -> None:
        self.model = model
        self.columns = list(columns)
        self.name = model._meta.db_table
        by_attname = {f.attname: f for f in model._meta.concrete_fields}
        unknown = [c for c in self.columns if c not in by_attname]
        if unknown:
            raise RuntimeError(f"{model.__name__} has no fields {unknown}")
        # fields added to the model later that the generator does not know: their defaults
        self.extra: list[tuple[str, str, Any]] = []
        now = timezone.now()
        for f in model._meta.concrete_fields:
            if f.attname in self.columns:
                continue
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                value: Any = now
            elif f.has_default() or f.null or f.empty_strings_allowed:
                value = f.get_default()
            else:
                raise RuntimeError(
                    f"{model.__name__}.{f.name} has no default: teach the demo generator to fill it"
                )
            self.extra.append((f.attname, f.column, value))
        self.db_columns = [by_attname[c].column for c in self.columns] + [c for _, c, _ in self.extra]
        self.extra_values = tuple(v for _, _, v in self.extra)
        extra = {a: v for a, _, v in self.extra}
        self.extra_dict = extra
        position = {c: i for i, c in enumerate(self.columns)}
        # for each concrete field in model order: (index into the row, or None, constant)
        self.order = [(position.get(f.attname), extra.get(f.attname)) for f in model._meta.concrete_fields]
        self.date_positions = [
            i
            for i, c in enumerate(self.columns)
            if isinstance(by_attname[c], models.DateField)
            and not isinstance(by_attname[c], models.DateTimeField)
        ]
        self.datetime_positions = [
            i for i, c in enumerate(self.columns) if isinstance(by_attname[c], models.DateTimeField)
        ]

    def instance(self, row: tuple[Any, ...]) -> models.Model:
        """An unsaved model instance for a row (positional: the fast path of Model.__init__)."""
        return self.model(*[c if i is None else row[i] for i, c in self.order])

    def view(self, row: tuple[Any, ...]) -> Any:
        """A read-only instance for building search entries: the model's class and attributes,
        without Model.__init__ (five times cheaper; a million of them add up)."""
        obj = self.model.__new__(self.model)
        d = obj.__dict__
        d.update(self.extra_dict)
        d.update(zip(self.columns, row, strict=True))
        d["_state"] = ModelState()
        return obj


ESTATE = Table(Estate, ["id", "code", "name", "ward"])
BLOCK = Table(
    Block,
    [
        "id",
        "code",
        "estate_id",
        "name",
        "address_line_1",
        "town",
        "postcode",
        "storeys",
        "asbestos_present",
        "fire_risk_assessed_on",
    ],
)
PROPERTY = Table(
    Property,
    [
        "id",
        "reference",
        "uprn",
        "estate_id",
        "block_id",
        "address_line_1",
        "address_line_2",
        "town",
        "postcode",
        "kind",
        "bedrooms",
        "floor",
        "floor_area",
        "adapted",
        "ownership",
        "status",
        "asbestos_present",
        "fire_risk_assessed_on",
        "gas_safety_due",
        "created_at",
        "updated_at",
    ],
)
PERSON = Table(
    Person,
    [
        "id",
        "reference",
        "title",
        "first_name",
        "middle_names",
        "last_name",
        "preferred_name",
        "date_of_birth",
        "ni_number",
        "email",
        "phone",
        "address",
        "preferred_contact",
        "language",
        "interpreter_needed",
        "created_at",
        "updated_at",
    ],
)
ALERT = Table(
    Alert,
    [
        "id",
        "person_id",
        "kind",
        "category",
        "description",
        "start_date",
        "end_date",
        "recorded_by_id",
        "recorded_at",
    ],
)
HOUSEHOLD = Table(Household, ["id", "reference", "name", "created_at"])
MEMBER = Table(HouseholdMember, ["id", "household_id", "person_id", "relationship", "joined", "left"])
TENANCY = Table(
    Tenancy,
    [
        "id",
        "reference",
        "property_id",
        "kind",
        "start_date",
        "end_date",
        "end_reason",
        "created_at",
        "updated_at",
    ],
)
PARTY = Table(TenancyParty, ["id", "tenancy_id", "person_id", "role", "start_date", "end_date"])
SEARCH = Table(SearchEntry, ["id", "kind", "object_id", "title", "detail", "text", "key", "postcode"])

# dependency order
TABLES = [ESTATE, BLOCK, PROPERTY, PERSON, HOUSEHOLD, MEMBER, TENANCY, PARTY, ALERT, SEARCH]


_SEARCH_FIELDS = tuple(SEARCH.columns[1:])


def search_row(entry_id: int, entry: Entry) -> tuple[Any, ...]:
    """The SearchEntry row for an Entry, made by Entry.as_model() itself (what search.index and
    index_many write), so the demo's rows can never drift from the services' rows."""
    values = entry.as_model().__dict__
    return (entry_id, *[values[c] for c in _SEARCH_FIELDS])


# --------------------------------------------------------------------------------------------
# Records kept while a chunk is built
# --------------------------------------------------------------------------------------------
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


@dataclass
class Home:
    id: int
    kind: str
    bedrooms: int
    floor: int | None
    ownership: str
    status: str
    address: str
    postcode: str
    built: date
    storeys: int
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


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------
def spread(total: int, weights: Sequence[float]) -> list[int]:
    """Integers proportional to weights that add up to exactly `total` (cumulative rounding)."""
    s = float(sum(weights))
    if total <= 0 or not weights:
        return [0] * len(weights)
    if s <= 0:
        weights = [1.0] * len(weights)
        s = float(len(weights))
    out, acc, prev = [], 0.0, 0
    for w in weights:
        acc += w
        cur = round(acc / s * total)
        out.append(cur - prev)
        prev = cur
    return out


def pick(rng: random.Random, options: Sequence[tuple[Any, float]]) -> Any:
    r = rng.random() * sum(w for _, w in options)
    for value, w in options:
        r -= w
        if r < 0:
            return value
    return options[-1][0]


def ascii_fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def years(n: float) -> timedelta:
    return timedelta(days=int(n * 365.25))


def add_years(d: date, n: int) -> date:
    try:
        return d.replace(year=d.year + n)
    except ValueError:  # 29 February
        return d.replace(year=d.year + n, day=28)


def _day(d: date) -> str:
    return f"{d.day} {d:%b %Y}"


VULNERABILITIES = [
    ("Mental health", "Anxiety and depression; prefers a phone call before any visit."),
    ("Physical disability", "Limited mobility; needs ground-floor access and extra time at the door."),
    ("Learning disability", "Letters should be explained; support worker can attend appointments."),
    ("Sight loss", "Letters in large print (24 point) please."),
    ("Hearing loss", "Uses text messages rather than phone calls."),
    ("Older person living alone", "Check on welfare during cold weather and after repairs."),
    ("Domestic abuse", "Do not share address details; contact only on the recorded number."),
    ("Long-term illness", "Home oxygen in use; priority for heating and power repairs."),
    ("Hoarding", "Support plan agreed with adult social care."),
    ("Care leaver", "Supported by the leaving care team until age 25."),
    ("Uses a wheelchair", "Needs level access; lift outages affect this resident."),
    ("Substance misuse", "Engaged with local recovery service."),
]
CAUTIONS = [
    ("Verbal abuse towards staff", "Visit in pairs; do not enter alone."),
    ("Dog at the property", "Ask for the dog to be secured before entering."),
    ("Threatening behaviour", "Two officers to attend; meet in the office where possible."),
    ("Risk to lone workers", "Check in with the office before and after visiting."),
]
END_REASONS = [
    ("Tenant died", 22),
    ("Moved out: gave notice", 26),
    ("Moved into residential care", 8),
    ("Possession order: rent arrears", 7),
    ("Abandoned the home", 4),
    ("Bought a home", 4),
    ("Moved in with family", 5),
]
MOVE_REASONS = [("Transferred to another council home", 24), ("Mutual exchange", 8)]
INTRO_DONE = "Introductory period completed: became a secure tenancy"


# --------------------------------------------------------------------------------------------
# The generator
# --------------------------------------------------------------------------------------------
class Borough:
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

    # ---- people ----
    def person(
        self,
        rng: random.Random,
        chunk: Chunk,
        *,
        dob: date,
        sex: str | None = None,
        origin: str | None = None,
        last: str | None = None,
        address: str = "",
        language: str | None = None,
    ) -> Who:
        pools = self.pools
        origin = origin or rng.choices(pools.origins, pools.origin_weights)[0]
        names = pools.names[origin]
        sex = sex or rng.choice("MF")
        first_pool = names.male if sex == "M" else names.female
        age = (self.as_of - dob).days / 365.25
        adult = age >= 18
        first = rng.choice(first_pool)
        middle = ""
        if rng.random() < 0.3:
            middle = rng.choice(first_pool)
            if middle == first:
                middle = ""
        title = ""
        if adult:
            if rng.random() < 0.01:
                title = "Dr"
            elif rng.random() < 0.006:
                title = "Mx"
            elif sex == "M":
                title = "Mr"
            else:
                title = pick(rng, [("Ms", 40), ("Mrs", 42), ("Miss", 18)])
        if language is None:
            language = "English"
            for lang, p in names.languages:
                if rng.random() < p:
                    language = lang
                    break
        ni = None
        if age >= 16 and rng.random() < 0.9:
            while True:
                ni = P.ni_number(self.ni_ordinal, self.seed)
                self.ni_ordinal += 1
                if ni not in self.existing_ni:
                    break
        email = phone = ""
        contact = Person.ContactMethod.LETTER
        if adult:
            last_name = last or rng.choice(names.last)
            if rng.random() < 0.65:
                local = ascii_fold(f"{first}.{last_name}").lower().replace(" ", "").replace("'", "")
                email = (
                    f"{local}{rng.randint(1, 99)}@{rng.choice(('example.com', 'example.org', 'example.net'))}"
                )
            if rng.random() < 0.8:
                if rng.random() < 0.75:
                    phone = f"07700 900{rng.randrange(1000):03d}"
                else:
                    phone = (
                        rng.choice(("020 7946 0", "0113 496 0", "0161 496 0", "0121 496 0"))
                        + f"{rng.randrange(1000):03d}"
                    )
            r = rng.random()
            if email and r < 0.4:
                contact = Person.ContactMethod.EMAIL
            elif phone and r < 0.6:
                contact = Person.ContactMethod.TEXT if phone.startswith("07") else Person.ContactMethod.PHONE
            elif phone and r < 0.7:
                contact = Person.ContactMethod.PHONE
        else:
            last_name = last or rng.choice(names.last)
        who = Who(
            id=self.new_id(PERSON),
            title=title,
            first=first,
            middle=middle,
            last=last_name,
            preferred=rng.choice(names.female if sex == "F" else names.male)
            if adult and rng.random() < 0.02
            else "",
            dob=dob,
            ni=ni,
            email=email,
            phone=phone,
            address=address,
            contact=contact,
            language=language,
            interpreter=language != "English" and rng.random() < 0.5,
        )
        chunk.people.append(who)
        if adult:
            r = rng.random()
            if r < 0.06:
                cat, text = rng.choice(VULNERABILITIES)
                self.alert(rng, chunk, who, Alert.Kind.VULNERABILITY, cat, text)
            elif r < 0.072:
                cat, text = rng.choice(CAUTIONS)
                self.alert(rng, chunk, who, Alert.Kind.CAUTION, cat, text)
        return who

    def alert(self, rng: random.Random, chunk: Chunk, who: Who, kind: str, cat: str, text: str) -> None:
        earliest = max(add_years(who.dob, 18), self.as_of - years(12))
        span = max(1, (self.as_of - earliest).days)
        start = earliest + timedelta(days=rng.randrange(span))
        end = None
        if rng.random() < 0.15:
            end = start + timedelta(days=rng.randint(30, 900))
            if end >= self.as_of:
                end = None
        chunk.alerts.append((self.new_id(ALERT), who.id, kind, cat, text, start, end, None, self.now))

    def dob_for_age(self, rng: random.Random, age: float) -> date:
        return self.as_of - timedelta(days=int(age * 365.25) + rng.randrange(365))

    # ---- households and tenancies ----
    def household(
        self, rng: random.Random, chunk: Chunk, home: Home, start: date, tenure_years: float
    ) -> tuple[list[Who], list[tuple[Who, date]], list[Who]]:
        """A household living in `home` since `start`: (tenants, occupants with dates, everyone)."""
        as_of = self.as_of
        if home.kind == K.BUNGALOW:
            start_age = rng.uniform(55, 78)
        else:
            start_age = pick(rng, [((18, 25), 20), ((25, 40), 40), ((40, 60), 30), ((60, 80), 10)])
            start_age = rng.uniform(*start_age)
        age = start_age + tenure_years
        if age > 97:
            age = max(18 + tenure_years, rng.uniform(80, 97))
        if home.bedrooms <= 1:
            comp = pick(rng, [("single", 82), ("couple", 18)])
        else:
            comp = pick(rng, [("single", 68), ("couple", 11), ("parent", 10), ("family", 5), ("relative", 6)])
        if comp in ("parent", "family") and not (19 < age < 58):
            comp = "single" if rng.random() < 0.7 else "couple"
        origin = rng.choices(self.pools.origins, self.pools.origin_weights)[0]
        sex = rng.choice("MF") if comp != "parent" else pick(rng, [("F", 85), ("M", 15)])
        address = home.address
        lead = self.person(
            rng, chunk, dob=self.dob_for_age(rng, age), sex=sex, origin=origin, address=address
        )
        everyone = [lead]
        tenants = [lead]
        occupants: list[tuple[Who, date]] = []
        members: list[tuple[Who, str, date]] = [(lead, REL.LEAD, start)]
        if comp in ("couple", "family"):
            p_age = max(19.0 + tenure_years, age + rng.uniform(-8, 8))
            partner = self.person(
                rng,
                chunk,
                dob=self.dob_for_age(rng, p_age),
                sex="F" if sex == "M" and rng.random() < 0.95 else "M",
                origin=origin if rng.random() < 0.85 else None,
                last=lead.last if rng.random() < 0.6 else None,
                address=address,
                language=lead.language,
            )
            everyone.append(partner)
            joined = (
                start
                if rng.random() < 0.8
                else start + timedelta(days=rng.randrange(max(1, (as_of - start).days)))
            )
            members.append((partner, REL.PARTNER, joined))
            if joined == start and home.ownership == Property.Ownership.COUNCIL and rng.random() < 0.55:
                tenants.append(partner)
            else:
                occupants.append((partner, joined))
        if comp in ("parent", "family"):
            for _ in range(pick(rng, [(1, 60), (2, 30), (3, 10)])):
                c_age = rng.uniform(0, min(24.0, age - 17))
                dob = self.dob_for_age(rng, c_age)
                child = self.person(
                    rng,
                    chunk,
                    dob=dob,
                    origin=origin,
                    last=lead.last,
                    address=address,
                    language=lead.language,
                )
                joined = max(start, dob)
                everyone.append(child)
                members.append((child, REL.CHILD, joined))
                occupants.append((child, joined))
        if comp == "relative":
            kin: str
            if age < 55 and rng.random() < 0.6:
                kin, r_age = REL.PARENT, min(99.0, age + rng.uniform(20, 34))
            elif age > 45:
                kin, r_age = REL.CHILD, rng.uniform(19, min(40.0, age - 18))
            else:
                kin, r_age = REL.SIBLING, max(18.0, age + rng.uniform(-10, 10))
            relative = self.person(
                rng,
                chunk,
                dob=self.dob_for_age(rng, r_age),
                origin=origin,
                last=lead.last if rng.random() < 0.8 else None,
                address=address,
                language=lead.language,
            )
            everyone.append(relative)
            members.append((relative, kin, start))
            occupants.append((relative, start))
        hh_id = self.new_id(HOUSEHOLD)
        chunk.households.append((hh_id, lead))
        for who, relation, joined in members:
            chunk.members.append((self.new_id(MEMBER), hh_id, who.id, relation, joined, None))
        return tenants, occupants, everyone

    def let(
        self,
        chunk: Chunk,
        property_id: int,
        kind: str,
        start: date,
        end: date | None,
        reason: str,
        tenants: list[Who],
        occupants: list[tuple[Who, date]],
        address: str,
    ) -> Let:
        t = Let(self.new_id(TENANCY), property_id, kind, start, end, reason, tenants, occupants, address)
        chunk.lets.append(t)
        return t

    def current_let(self, rng: random.Random, chunk: Chunk, home: Home) -> Let:
        as_of = self.as_of
        earliest = max(home.built + timedelta(days=90), date(1965, 1, 1))
        max_days = max(30, (as_of - earliest).days)
        if home.ownership == Property.Ownership.LEASEHOLD:
            first_sale = max(date(1981, 4, 1), home.built + timedelta(days=365))
            span = max(30, (as_of - first_sale).days)
            start = as_of - timedelta(
                days=rng.randint(30, span) if rng.random() < 0.5 else rng.randint(30, min(span, 15 * 365))
            )
            n = 2 if rng.random() < 0.3 else 1
            origin = rng.choices(self.pools.origins, self.pools.origin_weights)[0]
            lead_age = rng.uniform(25, 60) + (as_of - start).days / 365.25
            lead_age = min(lead_age, 95)
            address = home.address if rng.random() < 0.75 else self.private_address(rng)
            lessees = [
                self.person(rng, chunk, dob=self.dob_for_age(rng, lead_age), origin=origin, address=address)
            ]
            if n == 2:
                lessees.append(
                    self.person(
                        rng,
                        chunk,
                        dob=self.dob_for_age(
                            rng, max(19.0 + (as_of - start).days / 365.25, lead_age + rng.uniform(-6, 6))
                        ),
                        origin=origin,
                        last=lessees[0].last,
                        address=address,
                    )
                )
            return self.let(chunk, home.id, TK.LEASEHOLD, start, None, "", lessees, [], home.address)

        r = rng.random()
        if r < 0.05:
            kind, days = TK.TEMPORARY, rng.randint(7, 2 * 365)
        elif r < 0.09:
            since = (as_of - date(2012, 4, 1)).days
            kind, days = TK.FLEXIBLE, rng.randint(30, min(5 * 365, since))
        elif r < 0.12:
            kind, days = TK.NON_SECURE, rng.randint(14, 3 * 365)
        else:
            days = int(rng.expovariate(1 / (9 * 365)))
            kind = TK.INTRODUCTORY if days < 365 and rng.random() < 0.85 else TK.SECURE
        days = max(1, min(days, max_days))
        if kind == TK.INTRODUCTORY:
            days = min(days, 364)
        start = as_of - timedelta(days=days)
        tenants, occupants, _ = self.household(rng, chunk, home, start, days / 365.25)
        return self.let(chunk, home.id, kind, start, None, "", tenants, occupants, home.address)

    def history(
        self, rng: random.Random, chunk: Chunk, home: Home, by_start: list[tuple[int, int]], movers: list[Let]
    ) -> None:
        """Ended agreements before the current one (or before a void), newest first."""
        as_of = self.as_of
        earliest = max(home.built + timedelta(days=90), date(1965, 1, 1))
        cur = home.current
        if home.ownership == Property.Ownership.LEASEHOLD:
            if cur and rng.random() < 0.2:
                sold = cur.start - timedelta(days=1)
                start = sold - timedelta(days=rng.randint(365, 12 * 365))
                if start > max(earliest, date(1981, 4, 1)):
                    who = self.person(
                        rng, chunk, dob=start - years(rng.uniform(25, 55)), address=self.private_address(rng)
                    )
                    self.let(
                        chunk,
                        home.id,
                        TK.LEASEHOLD,
                        start,
                        sold,
                        "Lease assigned: flat sold",
                        [who],
                        [],
                        home.address,
                    )
            return
        if cur is not None:
            hi = cur.start - timedelta(days=1)
            if cur.kind == TK.SECURE and 365 <= (as_of - cur.start).days <= 5 * 365 and rng.random() < 0.35:
                intro_start = add_years(cur.start, -1)
                if intro_start > earliest and all(add_years(w.dob, 18) <= intro_start for w in cur.tenants):
                    self.let(
                        chunk,
                        home.id,
                        TK.INTRODUCTORY,
                        intro_start,
                        hi,
                        INTRO_DONE,
                        list(cur.tenants),
                        [(w, max(d, intro_start)) for w, d in cur.occupants if d < hi],
                        home.address,
                    )
                    hi = intro_start - timedelta(days=1)
            count = pick(rng, [(0, 82), (1, 15), (2, 3)])
            lo_gap, hi_gap = 7, 120
        elif home.status == ST.VOID:
            hi, count, lo_gap, hi_gap = as_of, 1 + (rng.random() < 0.15), 3, 150
        elif home.status == ST.UNDER_OFFER:
            hi, count, lo_gap, hi_gap = as_of, 1, 20, 120
        elif home.status == ST.MAJOR_WORKS:
            hi, count, lo_gap, hi_gap = as_of, 1, 60, 500
        else:
            hi, count, lo_gap, hi_gap = as_of, int(rng.random() < 0.5), 200, 2000
        for _ in range(count):
            # the earlier agreement ended between hi - hi_gap and hi - lo_gap
            end_lo, end_hi = hi - timedelta(days=hi_gap), hi - timedelta(days=lo_gap)
            if end_lo <= earliest + timedelta(days=365):
                return
            reason = pick(rng, END_REASONS + MOVE_REASONS)
            tenants: list[Who] = []
            end: date | None = None
            if reason in dict(MOVE_REASONS):
                # the same people moved to another home of this chunk: their new tenancy began
                # the day after this one ended
                mover = self._mover(rng, by_start, movers, end_lo, end_hi)
                if mover is not None:
                    end = mover.start - timedelta(days=1)
                    tenants = mover.tenants
            if not tenants:
                reason = pick(rng, END_REASONS)
                end = end_lo + timedelta(days=rng.randrange(max(1, (end_hi - end_lo).days)))
            if end is None:
                return
            length = max(180, int(rng.expovariate(1 / (9 * 365))))
            start = end - timedelta(days=length)
            if start < earliest:
                start = earliest + timedelta(days=rng.randrange(60))
                if start >= end - timedelta(days=90):
                    return
            if tenants:
                adult_from = max(add_years(t.dob, 18) for t in tenants)
                if adult_from > start:
                    start = adult_from
                    if start >= end - timedelta(days=90):
                        return
            else:
                if reason in ("Tenant died", "Moved into residential care"):
                    age_at_end = rng.uniform(68, 96)
                else:
                    age_at_end = rng.uniform(22, 70)
                dob = end - years(age_at_end) - timedelta(days=rng.randrange(365))
                start = max(start, add_years(dob, 18))
                if start >= end - timedelta(days=90):
                    return
                tenants = [self.person(rng, chunk, dob=dob, address="")]
                if rng.random() < 0.08:
                    tenants.append(
                        self.person(
                            rng,
                            chunk,
                            dob=dob + timedelta(days=rng.randint(-2000, 0)),
                            last=tenants[0].last,
                            address="",
                        )
                    )
            kind: str = TK.SECURE
            if start >= date(2012, 4, 1) and rng.random() < 0.08:
                kind = TK.FLEXIBLE
            elif rng.random() < 0.04:
                kind = TK.NON_SECURE
            self.let(chunk, home.id, kind, start, end, reason, tenants, [], home.address)
            hi = start - timedelta(days=1)
            lo_gap, hi_gap = 7, 150

    @staticmethod
    def _mover(
        rng: random.Random, by_start: list[tuple[int, int]], movers: list[Let], lo: date, hi: date
    ) -> Let | None:
        # movers' tenancies that started on a day in (lo, hi]: their previous one ended the day before
        i = bisect.bisect_right(by_start, (lo.toordinal() + 1, -1))
        j = bisect.bisect_right(by_start, (hi.toordinal() + 1, 1 << 62))
        if j <= i:
            return None
        return movers[by_start[rng.randrange(i, j)][1]]

    # ---- one chunk of estates ----
    def build_chunk(self, number: int, plans: list[EstatePlan]) -> Chunk:
        rng = random.Random(f"hearth-demo:{self.seed}:chunk:{number}")
        chunk = Chunk()
        homes: list[Home] = []
        lettable: list[tuple[int, str, str, bool]] = []  # garages, stores, shops: id, kind, address, let?
        pools = self.pools
        as_of = self.as_of

        for plan in plans:
            estate_id = self.new_id(ESTATE)
            district = P.ESTATE_DISTRICTS[plan.index % len(P.ESTATE_DISTRICTS)]
            town = P.town_for(district)
            ward = P.WARDS[(district * 7 + plan.index // len(P.ESTATE_DISTRICTS)) % len(P.WARDS)]
            kind_of_estate = pick(rng, P.ESTATE_TYPES)
            base = rng.choice(P.ESTATE_PREFIXES) if rng.random() < 0.5 else rng.choice(pools.street_bases)
            estate_name = f"{base} {kind_of_estate}"
            chunk.estates.append((estate_id, estate_name, ward))
            built = date(
                pick(rng, [((1935, 1959), 20), ((1960, 1979), 50), ((1980, 1999), 20), ((2000, 2020), 10)])[
                    0
                ],
                1,
                1,
            )
            built = built.replace(
                year=rng.randint(built.year, built.year + (19 if built.year < 2000 else 20))
            )
            built = min(built, as_of - timedelta(days=3 * 365))
            used_streets: set[str] = set()
            streets = [self.street_name(rng, used_streets) for _ in range(rng.randint(1, 4))]
            n_flats = round(plan.homes * plan.flats_share)
            n_houses = plan.homes - n_flats
            blocks: list[tuple[int, str, str, str]] = []
            block_id: int | None

            # blocks of flats and maisonettes
            left = n_flats
            used_blocks: set[str] = set()
            while left > 0:
                style = pick(
                    rng, [("tower", 12 if left >= 40 else 0), ("medium", 28), ("low", 45), ("maisonette", 15)]
                )
                if style == "tower":
                    storeys, per_floor = rng.randint(10, 20), rng.randint(4, 6)
                elif style == "medium":
                    storeys, per_floor = rng.randint(5, 9), rng.randint(3, 5)
                elif style == "low":
                    storeys, per_floor = rng.randint(2, 4), rng.randint(2, 6)
                else:
                    storeys, per_floor = rng.randint(2, 4), rng.randint(3, 6)
                units = style == "maisonette" and (storeys // 2 or 1) * per_floor or storeys * per_floor
                units = min(units, left)
                left -= units
                street = rng.choice(streets)
                types = P.BLOCK_TYPES_TALL if storeys >= 10 else P.BLOCK_TYPES_LOW
                for _ in range(10):
                    name = f"{rng.choice(pools.block_bases)} {pick(rng, types)}"
                    if name not in used_blocks:
                        break
                used_blocks.add(name)
                block_id = self.new_id(BLOCK)
                code = self.new_postcode(district)
                old = built.year < 1980
                asbestos = old and rng.random() < 0.55
                fra = as_of - timedelta(days=rng.randint(20, 365 if storeys >= 6 else 3 * 365))
                chunk.blocks.append((block_id, estate_id, name, street, town, code, storeys, asbestos, fra))
                blocks.append((block_id, name, street, code))
                gas_block = storeys < 10 and rng.random() < 0.92 or storeys >= 10 and rng.random() < 0.1
                for i in range(units):
                    if style == "maisonette":
                        kind, floor, beds = (
                            K.MAISONETTE,
                            2 * (i // per_floor),
                            pick(rng, [(2, 40), (3, 45), (4, 15)]),
                        )
                    else:
                        floor = i // per_floor
                        kind = K.FLAT
                        beds = pick(rng, [(0, 5), (1, 38), (2, 40), (3, 15), (4, 2)])
                        if beds == 0:
                            kind = K.BEDSIT
                    line1 = f"Flat {i + 1} {name}"
                    self._home(
                        rng,
                        chunk,
                        homes,
                        estate_id,
                        block_id,
                        line1,
                        street,
                        town,
                        code,
                        kind,
                        beds,
                        floor,
                        built,
                        storeys,
                        asbestos and rng.random() < 0.7,
                        gas_block,
                    )

            # houses and bungalows along the streets
            per_street = spread(n_houses, [rng.uniform(0.5, 1.5) for _ in streets])
            for street, count in zip(streets, per_street, strict=True):
                skip13 = rng.random() < 0.5
                number = 0
                code = ""
                in_code = 0
                for _ in range(count):
                    number += 1
                    if skip13 and number == 13:
                        number += 1
                    if not code or in_code >= rng.randint(10, 20):
                        code, in_code = self.new_postcode(district), 0
                    in_code += 1
                    if rng.random() < 0.12:
                        kind, beds = K.BUNGALOW, pick(rng, [(1, 55), (2, 45)])
                    else:
                        kind, beds = K.HOUSE, pick(rng, [(2, 35), (3, 50), (4, 12), (5, 3)])
                    self._home(
                        rng,
                        chunk,
                        homes,
                        estate_id,
                        None,
                        f"{number} {street}",
                        "",
                        town,
                        code,
                        kind,
                        beds,
                        0,
                        built,
                        2,
                        built.year < 1980 and rng.random() < 0.35,
                        rng.random() < 0.9,
                    )

            # garages, stores, shops, communal areas
            if plan.garages:
                street = rng.choice(streets)
                code = self.new_postcode(district)
                for i in range(plan.garages):
                    status = pick(rng, [(ST.LET, 80), (ST.VOID, 15), (ST.NOT_LETTABLE, 5)])
                    pid = self._other(
                        rng,
                        chunk,
                        estate_id,
                        None,
                        f"Garage {i + 1}",
                        f"Rear of {street}",
                        town,
                        code,
                        K.GARAGE,
                        status,
                    )
                    lettable.append(
                        (pid, K.GARAGE, f"Garage {i + 1}, Rear of {street}, {town}, {code}", status == ST.LET)
                    )
            for i in range(plan.stores):
                if blocks:
                    block_id, bname, street, code = rng.choice(blocks)
                    line1, line2 = f"Store {i + 1}", f"{bname}, {street}"
                else:
                    block_id, street, code = None, rng.choice(streets), self.new_postcode(district)
                    line1, line2 = f"Store {i + 1}", street
                status = pick(rng, [(ST.LET, 60), (ST.VOID, 40)])
                pid = self._other(rng, chunk, estate_id, block_id, line1, line2, town, code, K.STORE, status)
                lettable.append((pid, K.STORE, f"{line1}, {line2}, {town}, {code}", status == ST.LET))
            if plan.shops:
                parade = f"{rng.choice(pools.street_bases)} Parade"
                code = self.new_postcode(district)
                for i in range(plan.shops):
                    line1 = f"{i + 1} {parade}"
                    status = pick(rng, [(ST.LET, 85), (ST.VOID, 15)])
                    pid = self._other(
                        rng, chunk, estate_id, None, line1, "", town, code, K.SHOP, status, fra=True
                    )
                    lettable.append((pid, K.SHOP, f"{line1}, {town}, {code}", status == ST.LET))
            for _ in range(plan.communal):
                what = rng.choice(P.COMMUNAL_KINDS)
                if blocks and rng.random() < 0.5:
                    block_id, bname, street, code = rng.choice(blocks)
                    line1, line2 = f"{what}, {bname}", street
                else:
                    block_id, code = None, self.new_postcode(district)
                    line1, line2 = f"{what}, {estate_name}", rng.choice(streets)
                self._other(
                    rng,
                    chunk,
                    estate_id,
                    block_id,
                    line1,
                    line2,
                    town,
                    code,
                    K.COMMUNAL,
                    ST.NOT_LETTABLE,
                    fra=True,
                    uprn=False,
                )

        # current tenancies of homes, then history (movers are found among this chunk's homes)
        for home in homes:
            if home.status == ST.LET:
                home.current = self.current_let(rng, chunk, home)
        movers = [
            h.current
            for h in homes
            if h.current and h.current.kind in (TK.SECURE, TK.INTRODUCTORY, TK.FLEXIBLE)
        ]
        by_start = sorted((m.start.toordinal(), i) for i, m in enumerate(movers))
        for home in homes:
            self.history(rng, chunk, home, by_start, movers)
        residents = [h.current.tenants[0] for h in homes if h.current and h.current.kind != TK.LEASEHOLD]
        for pid, what, address, is_let in lettable:
            self._lettable_history(rng, chunk, pid, what, address, residents, current=is_let)
        return chunk

    def _home(
        self,
        rng: random.Random,
        chunk: Chunk,
        homes: list[Home],
        estate_id: int,
        block_id: int | None,
        line1: str,
        line2: str,
        town: str,
        code: str,
        kind: str,
        beds: int,
        floor: int,
        built: date,
        storeys: int,
        asbestos: bool,
        gas: bool,
    ) -> None:
        pid = self.new_id(PROPERTY)
        leasehold = kind in (K.FLAT, K.MAISONETTE) and built.year < 2005 and rng.random() < 0.105
        if leasehold:
            status = ST.LET
        else:
            status = pick(
                rng,
                [
                    (ST.LET, 915),
                    (ST.VOID, 45),
                    (ST.UNDER_OFFER, 12),
                    (ST.MAJOR_WORKS, 18),
                    (ST.NOT_LETTABLE, 10),
                ],
            )
        adapted = rng.random() < (
            0.35 if kind == K.BUNGALOW else 0.06 if floor == 0 and kind != K.HOUSE else 0.02
        )
        gas_due = None
        if gas and not leasehold and status != ST.NOT_LETTABLE:
            gas_due = self.as_of + timedelta(days=rng.randint(-25, 340))
        ownership = Property.Ownership.LEASEHOLD if leasehold else Property.Ownership.COUNCIL
        address = ", ".join(p for p in (line1, line2, town, code) if p)
        chunk.props.append(
            (
                pid,
                self.new_uprn(rng),
                estate_id,
                block_id,
                line1,
                line2,
                town,
                code,
                kind,
                beds,
                floor,
                floor_area(pid, kind, beds),
                adapted,
                ownership,
                status,
                asbestos,
                None,
                gas_due,
            )
        )
        homes.append(Home(pid, kind, beds, floor, ownership, status, address, code, built, storeys))

    def _other(
        self,
        rng: random.Random,
        chunk: Chunk,
        estate_id: int,
        block_id: int | None,
        line1: str,
        line2: str,
        town: str,
        code: str,
        kind: str,
        status: str,
        *,
        fra: bool = False,
        uprn: bool = True,
    ) -> int:
        pid = self.new_id(PROPERTY)
        fra_date = self.as_of - timedelta(days=rng.randint(30, 700)) if fra else None
        chunk.props.append(
            (
                pid,
                self.new_uprn(rng) if uprn else None,
                estate_id,
                block_id,
                line1,
                line2,
                town,
                code,
                kind,
                0,
                0 if kind in (K.SHOP, K.COMMUNAL) else None,
                floor_area(pid, kind, 0),
                False,
                Property.Ownership.COUNCIL,
                status,
                False,
                fra_date,
                None,
            )
        )
        return pid

    def _lettable_history(
        self,
        rng: random.Random,
        chunk: Chunk,
        pid: int,
        kind: str,
        address: str,
        residents: list[Who],
        current: bool,
    ) -> None:
        as_of = self.as_of
        tk = TK.COMMERCIAL if kind == K.SHOP else TK.GARAGE
        mean = 6 if kind == K.SHOP else 4

        def holder(start: date) -> list[Who]:
            if tk == TK.GARAGE and residents and rng.random() < 0.7:
                who = rng.choice(residents)
                if add_years(who.dob, 18) <= start:
                    return [who]
            dob = start - years(rng.uniform(25, 65))
            addr = address if tk == TK.COMMERCIAL else self.private_address(rng)
            return [self.person(rng, chunk, dob=dob, address=addr)]

        hi = as_of
        if current:
            days = min(int(rng.expovariate(1 / (mean * 365))) + 7, 20 * 365)
            start = as_of - timedelta(days=days)
            self.let(chunk, pid, tk, start, None, "", holder(start), [], address)
            hi = start - timedelta(days=rng.randint(7, 200))
        if rng.random() < 0.3:
            end = hi - timedelta(days=rng.randint(0, 400))
            start = end - timedelta(days=rng.randint(180, 8 * 365))
            reason = rng.choice(
                ["Licence ended by the licensee", "Ended for arrears", "Keys returned"]
                if tk == TK.GARAGE
                else ["Lease expired", "Business closed", "Lease surrendered"]
            )
            self.let(chunk, pid, tk, start, end, reason, holder(start), [], address)

    # ---- rows and search entries for a built chunk ----
    def materialise(self, chunk: Chunk) -> Chunk:
        """Rows and search entries. References continue the counters from where the run began;
        the writing transaction reserves the same numbers (`reserve_references`)."""
        now = self.now
        first: dict[str, int] = {}
        for name, n in (
            ("E", len(chunk.estates)),
            ("B", len(chunk.blocks)),
            ("PR", len(chunk.props)),
            ("P", len(chunk.people)),
            ("H", len(chunk.households)),
            ("T", len(chunk.lets)),
        ):
            first[name] = self.next_ref[name]
            self.next_ref[name] += n
            chunk.references[name] = (first[name], n)
        entries = chunk.entries
        row: tuple[Any, ...]
        for i, (eid, name, ward) in enumerate(chunk.estates):
            row = (eid, references.format_reference("E", first["E"] + i, 3), name, ward)
            chunk.add(ESTATE, row)
            entries.append(estate_entry(ESTATE.view(row)))
        for i, (bid, estate_id, name, street, town, code, storeys, asbestos, fra) in enumerate(chunk.blocks):
            row = (
                bid,
                references.format_reference("B", first["B"] + i, 4),
                estate_id,
                name,
                street,
                town,
                code,
                storeys,
                asbestos,
                fra,
            )
            chunk.add(BLOCK, row)
            entries.append(block_entry(BLOCK.view(row)))
        for i, p in enumerate(chunk.props):
            row = (p[0], references.format_reference("PR", first["PR"] + i, 7), *p[1:], now, now)
            chunk.add(PROPERTY, row)
            entries.append(property_entry(PROPERTY.view(row)))
        people_rows = chunk.rows.setdefault(PERSON.name, [])
        for i, w in enumerate(chunk.people):
            ref = references.format_reference("P", first["P"] + i, 7)
            row = (
                w.id,
                ref,
                w.title,
                w.first,
                w.middle,
                w.last,
                w.preferred,
                w.dob,
                w.ni,
                w.email,
                w.phone,
                w.address,
                w.contact,
                w.language,
                w.interpreter,
                now,
                now,
            )
            people_rows.append(row)
            entries.append(person_entry(PERSON.view(row)))
        for i, (hid, lead) in enumerate(chunk.households):
            chunk.add(
                HOUSEHOLD,
                (hid, references.format_reference("H", first["H"] + i, 7), f"{lead.last} household", now),
            )
        chunk.rows[MEMBER.name] = chunk.members
        parties = chunk.rows.setdefault(PARTY.name, [])
        for i, t in enumerate(chunk.lets):
            row = (
                t.id,
                references.format_reference("T", first["T"] + i, 7),
                t.property_id,
                t.kind,
                t.start,
                t.end,
                t.reason,
                now,
                now,
            )
            chunk.add(TENANCY, row)
            for who in t.tenants:
                parties.append((self.new_id(PARTY), t.id, who.id, TenancyParty.Role.TENANT, t.start, t.end))
            for who, joined in t.occupants:
                parties.append((self.new_id(PARTY), t.id, who.id, TenancyParty.Role.OCCUPANT, joined, t.end))
            entries.append(tenancy_entry(TENANCY.view(row), [w.name for w in t.tenants], t.address))
        chunk.rows[ALERT.name] = chunk.alerts
        rows = chunk.rows.setdefault(SEARCH.name, [])
        for e in entries:
            rows.append(search_row(self.new_id(SEARCH), e))
        return chunk


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------
REFERENCE_COUNTERS = ("E", "B", "PR", "P", "H", "T")


class ReferencesMoved(RuntimeError):
    pass


def current_reference(name: str) -> int:
    return Counters.objects.filter(name=name).values_list("value", flat=True).first() or 0


def reserve_references(chunk: Chunk) -> None:
    """Reserve the chunk's reference numbers in the writing transaction. They must be the ones
    the generator used: if somebody else took numbers meanwhile, stop rather than collide."""
    for name, (first, count) in chunk.references.items():
        if count and references.reserve(name, count) != first:
            raise ReferencesMoved(
                f"Another process took {name} references while the demo was generating; run it again."
            )


def write_chunk(out: Writer, chunk: Chunk, counts: Counter[str]) -> None:
    reserve_references(chunk)
    for table in TABLES:
        rows = chunk.rows.get(table.name, [])
        out.write(table, rows)
        counts[table.name] += len(rows)


class Writer:
    name = "orm"

    def write(self, table: Table, rows: list[tuple[Any, ...]]) -> None:
        if rows:
            table.model._default_manager.bulk_create([table.instance(r) for r in rows], batch_size=2000)

    def finish(self) -> None:
        pass


class CopyWriter(Writer):
    """PostgreSQL COPY through psycopg 3, every column given (ids included)."""

    name = "copy"

    def write(self, table: Table, rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        extra = table.extra_values
        sql = f"COPY {table.name} ({', '.join(connection.ops.quote_name(c) for c in table.db_columns)}) FROM STDIN"
        with connection.connection.cursor() as cur, cur.copy(sql) as copy:
            write = copy.write_row
            if extra:
                for r in rows:
                    write(r + extra)
            else:
                for r in rows:
                    write(r)


class InsertWriter(Writer):
    """Plain multi-row INSERTs through the database cursor (executemany), values adapted once."""

    name = "insert"

    def write(self, table: Table, rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        ops = connection.ops
        model_fields = {f.column: f for f in table.model._meta.concrete_fields}
        extra = tuple(
            model_fields[column].get_db_prep_save(value, connection) for _, column, value in table.extra
        )
        cols = ", ".join(ops.quote_name(c) for c in table.db_columns)
        marks = ", ".join(["%s"] * len(table.db_columns))
        # identifiers come from the models' metadata, values are parameters
        sql = f"INSERT INTO {ops.quote_name(table.name)} ({cols}) VALUES ({marks})"  # noqa: S608
        dates, stamps = table.date_positions, table.datetime_positions
        adapt_date, adapt_stamp = ops.adapt_datefield_value, ops.adapt_datetimefield_value

        def adapted(r: tuple[Any, ...]) -> tuple[Any, ...]:
            if dates or stamps:
                v = list(r)
                for i in dates:
                    if v[i] is not None:
                        v[i] = adapt_date(v[i])
                for i in stamps:
                    if v[i] is not None:
                        v[i] = adapt_stamp(v[i])
                r = tuple(v)
            return r + extra if extra else r

        with connection.cursor() as cur:
            for start in range(0, len(rows), 5000):
                cur.executemany(sql, [adapted(r) for r in rows[start : start + 5000]])


WRITERS = {"orm": Writer, "insert": InsertWriter, "copy": CopyWriter}


def _writer(kind: str) -> Writer:
    if kind == "auto":
        kind = "copy" if connection.vendor == "postgresql" else "insert"
    if kind == "copy" and connection.vendor != "postgresql":
        raise ValueError("COPY needs PostgreSQL.")
    return WRITERS[kind]()


def fix_sequences() -> None:
    """Move identity sequences past the ids the generator assigned (PostgreSQL, Oracle)."""
    sql = connection.ops.sequence_reset_sql(no_style(), [t.model for t in TABLES])
    if sql:
        with connection.cursor() as cur:
            for statement in sql:
                cur.execute(statement)


# --------------------------------------------------------------------------------------------
# Users
# --------------------------------------------------------------------------------------------
def ensure_users() -> list[tuple[str, str, str]]:
    """One user per role, each in the role's group, with the demo password. Returns the sign-ins."""
    permissions.ensure_role_groups()
    User = get_user_model()
    encoded = make_password(DEMO_PASSWORD)  # hashed once: the same published password for every user
    out = []
    for username, role, first, last in DEMO_USERS:
        user, _ = User.objects.get_or_create(username=username)
        user.first_name, user.last_name = first, last
        user.email = f"{username}@hearth.invalid"
        user.is_active = True
        user.is_staff = role == permissions.ADMINISTRATOR
        validate_password(DEMO_PASSWORD, user)
        user.password = encoded
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        out.append((username, permissions.ROLES[role][0], DEMO_PASSWORD))
    return out


def logins() -> list[tuple[str, str, str]]:
    return [(u, permissions.ROLES[r][0], DEMO_PASSWORD) for u, r, _, _ in DEMO_USERS]


# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------
class AlreadyPopulated(Exception):
    pass


class BulkLoad:
    """PostgreSQL, empty tables: load everything in ONE transaction with the secondary indexes and
    foreign keys of the loaded tables dropped, then rebuild them once at the end.

    Building a GIN trigram index over millions of rows at once is many times faster than keeping it
    up to date row by row, and re-adding a foreign key checks it with one join instead of a trigger
    per row. Everything, the DROPs included, is in the one transaction: an interrupted run rolls
    back to the empty, fully indexed schema.
    """

    def __init__(self, say: Callable[[str], None]) -> None:
        self.say = say
        self.indexes: list[tuple[str, str]] = []
        self.foreign_keys: list[tuple[str, str, str]] = []

    def drop(self) -> None:
        names = [t.name for t in TABLES]
        with connection.cursor() as cur:
            cur.execute(
                """
                SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
                FROM pg_constraint c
                WHERE c.contype = 'f' AND c.conrelid::regclass::text = ANY(%s)
                ORDER BY 1, 2
                """,
                [names],
            )
            self.foreign_keys = list(cur.fetchall())
            cur.execute(
                """
                SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
                FROM pg_index i
                WHERE i.indrelid::regclass::text = ANY(%s)
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
                ORDER BY 1
                """,
                [names],
            )
            self.indexes = list(cur.fetchall())
            for table, name, _ in self.foreign_keys:
                cur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            for name, _ in self.indexes:
                cur.execute(f"DROP INDEX {name}")
        self.say(
            f"  bulk load: {len(self.indexes)} indexes and {len(self.foreign_keys)} foreign keys set aside"
        )

    def restore(self, timings: dict[str, float]) -> None:
        t = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute("SET LOCAL maintenance_work_mem = '1GB'")
            cur.execute("SET LOCAL max_parallel_maintenance_workers = 2")
            for _, ddl in self.indexes:
                cur.execute(ddl)
            timings["indexes"] = time.perf_counter() - t
            self.say(f"  indexes rebuilt in {timings['indexes']:.1f} s")
            t = time.perf_counter()
            for table, name, definition in self.foreign_keys:
                cur.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
            timings["foreign keys"] = time.perf_counter() - t
            self.say(f"  foreign keys checked and restored in {timings['foreign keys']:.1f} s")


def _tables_empty() -> bool:
    return not any(t.model._default_manager.exists() for t in TABLES)


def generate(
    *,
    homes: int = DEFAULT_HOMES,
    seed: int = DEFAULT_SEED,
    as_of: date | None = None,
    writer: str = "auto",
    chunk_homes: int = CHUNK_HOMES,
    bulk_load: bool | None = None,
    progress: Callable[[str], None] | None = None,
) -> Result:
    """Build the borough into the default database. Refuses when properties already exist.

    bulk_load: None = decide (PostgreSQL with COPY, every loaded table empty, 50,000 homes or more).

    Chunks are built and written in turn. (Writing chunk n on a second thread while this one
    builds chunk n + 1 was measured: 15 % slower at a million homes, the two threads fight for
    the GIL.)
    """
    if homes < 1:
        raise ValueError("Generate at least one home.")
    if Property.objects.exists():
        raise AlreadyPopulated("The database already holds properties.")
    say = progress or (lambda _msg: None)
    t0 = time.perf_counter()
    as_of = as_of or timezone.localdate()
    out = _writer(writer)
    pg = connection.vendor == "postgresql"
    if bulk_load is None:
        bulk_load = pg and out.name == "copy" and homes >= 50_000 and _tables_empty()
    elif bulk_load and not (pg and _tables_empty()):
        raise ValueError("A bulk load needs PostgreSQL and empty tables.")
    ensure_users()
    borough = Borough(homes=homes, seed=seed, as_of=as_of)
    chunks = borough.chunks(chunk_homes)
    say(
        f"Generating {homes:,} homes in {len(borough.plan):,} estates ({len(chunks)} chunk(s)), "
        f"seed {seed}, as of {as_of.isoformat()}"
    )
    counts: Counter[str] = Counter()
    timings = {"generate": 0.0, "write": 0.0}

    def built() -> Iterator[tuple[int, Chunk, int]]:
        done = 0
        for number, plans in enumerate(chunks):
            t = time.perf_counter()
            chunk = borough.materialise(borough.build_chunk(number, plans))
            timings["generate"] += time.perf_counter() - t
            done += sum(p.homes for p in plans)
            yield number, chunk, done

    def store(number: int, chunk: Chunk, done: int) -> None:
        t = time.perf_counter()
        if bulk_load:
            write_chunk(out, chunk, counts)
        else:
            with transaction.atomic():
                write_chunk(out, chunk, counts)
        timings["write"] += time.perf_counter() - t
        total = sum(counts.values())
        say(
            f"  chunk {number + 1}/{len(chunks)}: {done:,} homes, {total:,} rows, "
            f"{total / (time.perf_counter() - t0):,.0f} rows/s "
            f"(busy generating {timings['generate']:.0f} s, writing {timings['write']:.0f} s)"
        )

    def load(source: Iterable[tuple[int, Chunk, int]]) -> None:
        if pg:
            with connection.cursor() as cur:
                cur.execute("SET synchronous_commit TO off")
        try:
            if bulk_load:
                with transaction.atomic():
                    loader = BulkLoad(say)
                    loader.drop()
                    for item in source:
                        store(*item)
                    loader.restore(timings)
            else:
                for item in source:
                    store(*item)
        finally:
            if pg:
                with connection.cursor() as cur:
                    cur.execute("SET synchronous_commit TO DEFAULT")

    load(built())
    fix_sequences()
    if pg:
        t = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute("ANALYZE " + ", ".join(table.name for table in TABLES))
        timings["analyze"] = time.perf_counter() - t
        say(f"  ANALYZE in {timings['analyze']:.1f} s")
    elapsed = time.perf_counter() - t0
    return Result(
        homes=homes,
        seed=seed,
        rows=dict(counts),
        seconds=elapsed,
        writer=out.name + (" bulk" if bulk_load else ""),
        phases={k: round(v, 1) for k, v in timings.items()},
    )


LABELS = {
    ESTATE.name: "estates",
    BLOCK.name: "blocks",
    PROPERTY.name: "properties",
    PERSON.name: "people",
    HOUSEHOLD.name: "households",
    MEMBER.name: "household members",
    TENANCY.name: "tenancies",
    PARTY.name: "tenancy parties",
    ALERT.name: "alerts",
    SEARCH.name: "search entries",
}


def summary(counts: dict[str, int]) -> Iterable[tuple[str, int]]:
    for t in TABLES:
        yield LABELS[t.name], counts.get(t.name, 0)


__all__ = ["generate", "ensure_users", "logins", "DEMO_PASSWORD", "DEMO_URL", "AlreadyPopulated", "Result"]
