"""Records for tests, made by factory-boy factories through the services the pages call.

Each factory saves through the real model by way of its service, so a record gets its real reference
from the gap-free counters (P0000001, PR0000001, T0000001 ...), its audit history and its search entry,
exactly as when an officer adds it. Every factory takes `actor=`, the officer who adds the record
(by default an administrator made for the purpose); the other arguments are the service's own. The
defaults make a valid record; names and codes that must be unique are numbered, and the traits
`PropertyFactory(with_uprn=True)` and `PersonFactory(with_ni_number=True)` give a valid UPRN or National
Insurance number no other record has. Only `create` is supported: a record exists once its service ran.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar

import factory
from django.contrib.auth.models import Group, User
from django.utils import timezone

from hearth.core import permissions
from hearth.lettings import services as lettings
from hearth.lettings.models import Council, Cycle, StaffCouncil
from hearth.people import services as people
from hearth.people.models import Alert, Household, Person
from hearth.properties import services as properties
from hearth.properties.models import Block, Estate, Property
from hearth.rents import services as rents
from hearth.rents.models import RentAccount
from hearth.repairs import services as repairs
from hearth.repairs.models import Contract, Contractor, RepairOrder
from hearth.tenancies import services as tenancies
from hearth.tenancies.models import Tenancy

PASSWORD = "correct horse battery"

# A small schedule of rates: two plumbing lines, an electrical one and a roofing one.
RATES: list[dict[str, str]] = [
    {
        "code": "100010",
        "description": "Renew tap washer",
        "unit": "each",
        "rate": "18.40",
        "trade": "Plumbing",
    },
    {
        "code": "100020",
        "description": "Clear blocked sink waste",
        "unit": "each",
        "rate": "42.00",
        "trade": "Plumbing",
    },
    {
        "code": "200010",
        "description": "Replace 13A socket outlet",
        "unit": "each",
        "rate": "55.10",
        "trade": "Electrical",
    },
    {"code": "300010", "description": "Renew roof tiles", "unit": "m2", "rate": "120.00", "trade": "Roofing"},
]


def ni_number(n: int) -> str:
    """The n-th test National Insurance number: a prefix HMRC issues (JT), six digits, a suffix A-D."""
    return f"JT{n % 1_000_000:06d}{'ABCD'[n % 4]}"


def uprn(n: int) -> int:
    """The n-th test UPRN: twelve digits, none of them used by the fixed records of the suites."""
    return 200_000_000_000 + n


# --- officers ------------------------------------------------------------------------------------
class UserFactory(factory.django.DjangoModelFactory):
    """A staff user who signs in with PASSWORD, in `role` (a group name) and working for `council`."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"officer{n}")
    first_name = factory.LazyAttribute(lambda o: o.username.title())
    last_name = "Officer"
    password = PASSWORD

    @classmethod
    def _create(cls, model_class: type[User], *args: Any, **kwargs: Any) -> User:
        return model_class.objects.create_user(*args, **kwargs)

    @factory.post_generation
    def role(obj: User, create: bool, extracted: str | None, **kwargs: Any) -> None:  # noqa: N805
        if extracted:
            permissions.ensure_role_groups()
            obj.groups.add(Group.objects.get(name=extracted))

    @factory.post_generation
    def council(obj: User, create: bool, extracted: Council | None, **kwargs: Any) -> None:  # noqa: N805
        if extracted is not None:
            StaffCouncil.objects.create(user=obj, council=extracted)


def _administrator() -> User:
    return UserFactory(role=permissions.ADMINISTRATOR)


class ServiceFactory(factory.django.DjangoModelFactory):
    """A factory whose `create` calls the service named by `service` with `actor=` and its fields."""

    class Meta:
        abstract = True

    actor = factory.LazyFunction(_administrator)
    service: ClassVar[Callable[..., Any]]

    @classmethod
    def _create(cls, model_class: type[Any], *args: Any, **kwargs: Any) -> Any:
        return cls.service(*args, **kwargs)

    @classmethod
    def _build(cls, model_class: type[Any], *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError(f"{cls.__name__} only creates records (through their service).")


def _same_actor() -> Any:
    """The actor of the record being made, for the records it needs."""
    return factory.SelfAttribute("..actor")


# --- people --------------------------------------------------------------------------------------
class PersonFactory(ServiceFactory):
    class Meta:
        model = Person

    service = staticmethod(people.create_person)
    first_name = factory.Sequence(lambda n: f"Resident{n}")
    last_name = "Okafor"
    date_of_birth = dt.date(1984, 5, 17)

    class Params:
        with_ni_number = factory.Trait(ni_number=factory.Sequence(ni_number))


class AlertFactory(ServiceFactory):
    class Meta:
        model = Alert

    service = staticmethod(people.add_alert)
    person = factory.SubFactory(PersonFactory, actor=_same_actor())
    kind = "caution"
    category = "Dog at property"
    description = "Large dog; ask for it to be secured."


class HouseholdFactory(ServiceFactory):
    """A household led by `lead`, with `members`: (person, relationship) pairs."""

    class Meta:
        model = Household

    service = staticmethod(people.create_household)
    lead = factory.SubFactory(PersonFactory, actor=_same_actor())
    name = factory.LazyAttribute(lambda o: f"{o.lead.last_name} household")
    members: Sequence[tuple[Person, str]] = ()

    @classmethod
    def _create(cls, model_class: type[Any], *args: Any, members: Any = (), **kwargs: Any) -> Household:
        household = people.create_household(*args, **kwargs)
        for person, relationship in members:
            people.add_household_member(
                actor=kwargs["actor"], household=household, person=person, relationship=relationship
            )
        return household


# --- places --------------------------------------------------------------------------------------
class EstateFactory(ServiceFactory):
    class Meta:
        model = Estate

    service = staticmethod(properties.create_estate)
    name = factory.Sequence(lambda n: f"Estate {n}")
    ward = "Riverside"


class BlockFactory(ServiceFactory):
    class Meta:
        model = Block

    service = staticmethod(properties.create_block)
    estate = factory.SubFactory(EstateFactory, actor=_same_actor())
    name = factory.Sequence(lambda n: f"Block {n}")
    address_line_1 = factory.LazyAttribute(lambda o: f"1-40 {o.name} Road")
    town = "Hearthton"
    postcode = "HT1 2AB"
    storeys = 5


class PropertyFactory(ServiceFactory):
    class Meta:
        model = Property

    service = staticmethod(properties.create_property)
    estate = factory.SubFactory(EstateFactory, actor=_same_actor())
    address_line_1 = factory.Sequence(lambda n: f"{n} Birch Lane")
    town = "Hearthton"
    postcode = "HT1 3DE"
    kind = "house"
    bedrooms = 2
    ownership = "council"
    status = "void"

    class Params:
        with_uprn = factory.Trait(uprn=factory.Sequence(uprn))


@dataclass
class Places:
    estate: Estate
    block: Block
    flat: Property
    house: Property


def brook_estate(actor: User, *, storeys: int, flat_uprn: int | None = None) -> Places:
    """Brook Estate (Riverside ward): Flat 3 on the first floor of Alder House, a block with asbestos,
    and 12 Birch Lane, a three-bedroom house; both void."""
    estate = EstateFactory(actor=actor, name="Brook Estate", ward="Riverside")
    block = BlockFactory(
        actor=actor,
        estate=estate,
        name="Alder House",
        address_line_1="1-40 Alder Road",
        storeys=storeys,
        asbestos_present=True,
    )
    flat = PropertyFactory(
        actor=actor,
        estate=estate,
        block=block,
        address_line_1="Flat 3",
        address_line_2="Alder House",
        postcode=block.postcode,
        kind="flat",
        floor=1,
        uprn=flat_uprn,
    )
    house = PropertyFactory(actor=actor, estate=estate, address_line_1="12 Birch Lane", bedrooms=3)
    return Places(estate, block, flat, house)


# --- agreements and accounts ---------------------------------------------------------------------
class TenancyFactory(ServiceFactory):
    """An agreement of `kind` on `property` with its parties: `tenants` (a new adult by default) and
    `occupants`."""

    class Meta:
        model = Tenancy

    service = staticmethod(tenancies.create_tenancy)
    property = factory.SubFactory(PropertyFactory, actor=_same_actor())
    kind = "secure"
    start_date = dt.date(2020, 4, 6)
    end_date = None
    tenants = factory.LazyAttribute(lambda o: [PersonFactory(actor=o.actor)])
    occupants: Sequence[Person] = ()


class RentAccountFactory(ServiceFactory):
    """The rent account of `tenancy`, with weekly `charges`: (kind, weekly amount, description)."""

    class Meta:
        model = RentAccount

    service = staticmethod(rents.open_account)
    tenancy = factory.SubFactory(TenancyFactory, actor=_same_actor())
    charges = (("rent", Decimal("95.50"), ""),)


# --- repairs -------------------------------------------------------------------------------------
class ContractorFactory(ServiceFactory):
    class Meta:
        model = Contractor

    service = staticmethod(repairs.create_contractor)
    name = factory.Sequence(lambda n: f"Contractor {n} Ltd")
    email = factory.Sequence(lambda n: f"orders{n}@contractor.test")


class ContractFactory(ServiceFactory):
    """A contract of `contractor`, with a schedule of `rates` (RATES by default; `rates=[]` for none)."""

    class Meta:
        model = Contract

    service = staticmethod(repairs.create_contract)
    contractor = factory.SubFactory(ContractorFactory, actor=_same_actor())
    name = factory.Sequence(lambda n: f"Responsive repairs contract {n}")
    start_date = dt.date(2024, 1, 1)
    rates: list[dict[str, str]] = RATES

    @classmethod
    def _create(cls, model_class: type[Any], *args: Any, rates: Any = (), **kwargs: Any) -> Contract:
        contract = repairs.create_contract(*args, **kwargs)
        if rates:
            repairs.import_rates(
                actor=kwargs["actor"], contract=contract, rows=list(enumerate(rates, start=2))
            )
        return contract


class RepairOrderFactory(ServiceFactory):
    """An order on `contract` for `property`, raised with one line of each rate code in `codes`."""

    class Meta:
        model = RepairOrder

    service = staticmethod(repairs.raise_order)
    contract = factory.SubFactory(ContractFactory, actor=_same_actor())
    property = factory.SubFactory(PropertyFactory, actor=_same_actor())
    description = "Kitchen tap dripping"
    priority = "routine"
    lines = factory.LazyAttribute(
        lambda o: [repairs.LineRequest(o.contract.rates.get(code=code), Decimal("1")) for code in o.codes]
    )

    class Params:
        codes = ("100010",)


# --- lettings ------------------------------------------------------------------------------------
class CouncilFactory(ServiceFactory):
    """A partner in the lettings scheme (a council by default)."""

    class Meta:
        model = Council

    service = staticmethod(lettings.create_council)
    code = factory.Sequence(lambda n: f"C{n:02d}")
    name = factory.Sequence(lambda n: f"Council {n}")
    area = factory.LazyAttribute(lambda o: o.name)


class CycleFactory(ServiceFactory):
    """A bidding cycle, open from two days ago until two days from now."""

    class Meta:
        model = Cycle

    service = staticmethod(lettings.open_cycle)
    opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=2))
    closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=2))
