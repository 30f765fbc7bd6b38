"""Fixtures for the repairs suites: a small estate and two contractors with a schedule of rates, made by
the factories through the services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User

from factories import (
    AlertFactory,
    ContractFactory,
    ContractorFactory,
    PersonFactory,
    TenancyFactory,
    brook_estate,
)
from hearth.repairs import services as repairs
from hearth.repairs.models import Contract, Contractor, RateLine


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
    """Brook Estate: Flat 3 in Alder House (eight storeys, asbestos) let to Nadia Okafor, who has a
    cautionary alert; 12 Birch Lane, void; Brightfix and Other Works, each on a contract with the
    schedule of rates."""
    places = brook_estate(senior, storeys=8)
    person = PersonFactory(actor=senior, first_name="Nadia")
    AlertFactory(actor=senior, person=person, start_date=dt.date(2024, 1, 1))
    tenancy = TenancyFactory(actor=senior, property=places.flat, tenants=[person])
    contractor = ContractorFactory(
        actor=senior,
        name="Brightfix Repairs Ltd",
        email="orders@brightfix.test",
        trades="Plumbing, Electrical, Roofing",
        areas="Brook Estate",
    )
    contract = ContractFactory(actor=senior, contractor=contractor, name="Responsive repairs 2024-2028")
    other = ContractorFactory(actor=senior, name="Other Works Ltd", email="jobs@other.test")
    other_contract = ContractFactory(actor=senior, contractor=other, name="Other contract")
    return World(
        places.estate,
        places.block,
        places.flat,
        places.house,
        person,
        tenancy,
        contractor,
        contract,
        other,
        other_contract,
    )
