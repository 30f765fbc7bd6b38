"""Fixtures for rent accounts: officers by role, and agreements with accounts made through the services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User

from hearth.people import services as people
from hearth.properties import services as properties
from hearth.rents import services
from hearth.rents.models import RentAccount
from hearth.tenancies import services as tenancies


@pytest.fixture
def estate(senior: User) -> Any:
    return properties.create_estate(actor=senior, name="Brook Estate", ward="Riverside")


@pytest.fixture
def make_account(senior: User, estate: Any) -> Callable[..., RentAccount]:
    counter = {"n": 0}

    def make(
        start: dt.date = dt.date(2020, 4, 6),
        end: dt.date | None = None,
        charges: tuple[tuple[str, str, str], ...] = (("rent", "95.50", ""),),
        *,
        first_name: str = "",
        last_name: str = "Okafor",
        street: str = "Birch Lane",
        postcode: str = "HT1 3DE",
    ) -> RentAccount:
        counter["n"] += 1
        n = counter["n"]
        home = properties.create_property(
            actor=senior,
            estate=estate,
            address_line_1=f"{n} {street}",
            town="Hearthton",
            postcode=postcode,
            kind="house",
            bedrooms=2,
            ownership="council",
            status="void",
        )
        person = people.create_person(
            actor=senior,
            first_name=first_name or f"Tenant{n}",
            last_name=last_name,
            date_of_birth=dt.date(1984, 5, 17),
        )
        tenancy = tenancies.create_tenancy(
            actor=senior, property=home, kind="secure", start_date=start, end_date=end, tenants=[person]
        )
        return services.open_account(
            actor=senior, tenancy=tenancy, charges=[(k, Decimal(a), d) for k, a, d in charges]
        )

    return make
