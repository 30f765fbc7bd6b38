"""Fixtures for the repairs suites: officers in roles, a small estate, a contractor with a schedule of rates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from hearth.core import permissions
from hearth.people import services as people
from hearth.properties import services as properties
from hearth.repairs import services as repairs
from hearth.repairs.models import Contract, Contractor, RateLine
from hearth.tenancies import services as tenancies

RATES = [
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


def make_user(username: str, role: str | None) -> User:
    permissions.ensure_role_groups()
    user = User.objects.create_user(
        username=username, password="correct horse battery", first_name=username.title(), last_name="Officer"
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def user_with_role(db: Any) -> Any:
    return make_user


@pytest.fixture
def senior(db: Any) -> User:
    return make_user("senior", permissions.SENIOR)


@pytest.fixture
def officer(db: Any) -> User:
    return make_user("officer", permissions.ESTATE_SERVICES)


@pytest.fixture
def senior_client(senior: User) -> Client:
    client = Client()
    client.force_login(senior)
    return client


@pytest.fixture
def officer_client(officer: User) -> Client:
    client = Client()
    client.force_login(officer)
    return client


@dataclass
class World:
    estate: Any
    block: Any
    flat: Any
    house: Any
    person: Any
    tenancy: Any
    contractor: Contractor
    contract: Contract
    other_contractor: Contractor
    other_contract: Contract

    def rate(self, code: str, contract: Contract | None = None) -> RateLine:
        return RateLine.objects.get(contract=contract or self.contract, code=code)

    def line(self, code: str, quantity: str = "1", contract: Contract | None = None) -> repairs.LineRequest:
        return repairs.LineRequest(self.rate(code, contract), Decimal(quantity))


@pytest.fixture
def world(senior: User) -> World:
    e = properties.create_estate(actor=senior, name="Brook Estate", ward="Riverside")
    b = properties.create_block(
        actor=senior,
        estate=e,
        name="Alder House",
        address_line_1="1-40 Alder Road",
        town="Hearthton",
        postcode="HT1 2AB",
        storeys=8,
        asbestos_present=True,
    )
    flat = properties.create_property(
        actor=senior,
        estate=e,
        block=b,
        address_line_1="Flat 3",
        address_line_2="Alder House",
        town="Hearthton",
        postcode="HT1 2AB",
        kind="flat",
        bedrooms=2,
        floor=1,
        ownership="council",
        status="void",
    )
    house = properties.create_property(
        actor=senior,
        estate=e,
        address_line_1="12 Birch Lane",
        town="Hearthton",
        postcode="HT1 3DE",
        kind="house",
        bedrooms=3,
        ownership="council",
        status="void",
    )
    person = people.create_person(
        actor=senior, first_name="Nadia", last_name="Okafor", date_of_birth=dt.date(1984, 5, 17)
    )
    people.add_alert(
        actor=senior,
        person=person,
        kind="caution",
        category="Dog at property",
        description="Large dog; ask for it to be secured.",
        start_date=dt.date(2024, 1, 1),
    )
    tenancy = tenancies.create_tenancy(
        actor=senior, property=flat, kind="secure", start_date=dt.date(2020, 4, 6), tenants=[person]
    )
    contractor = repairs.create_contractor(
        actor=senior,
        name="Brightfix Repairs Ltd",
        email="orders@brightfix.test",
        trades="Plumbing, Electrical, Roofing",
        areas="Brook Estate",
    )
    contract = repairs.create_contract(
        actor=senior,
        contractor=contractor,
        name="Responsive repairs 2024-2028",
        start_date=dt.date(2024, 1, 1),
    )
    repairs.import_rates(actor=senior, contract=contract, rows=list(enumerate(RATES, start=2)))
    other = repairs.create_contractor(actor=senior, name="Other Works Ltd", email="jobs@other.test")
    other_contract = repairs.create_contract(
        actor=senior, contractor=other, name="Other contract", start_date=dt.date(2024, 1, 1)
    )
    repairs.import_rates(actor=senior, contract=other_contract, rows=list(enumerate(RATES, start=2)))
    return World(e, b, flat, house, person, tenancy, contractor, contract, other, other_contract)
