"""Fixtures for rent accounts: agreements with accounts, made by the factories through the services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User

from factories import EstateFactory, PersonFactory, PropertyFactory, RentAccountFactory, TenancyFactory
from hearth.rents.models import RentAccount


@pytest.fixture
def estate(senior: User) -> Any:
    return EstateFactory(actor=senior, name="Brook Estate", ward="Riverside")


@pytest.fixture
def make_account(senior: User, estate: Any) -> Callable[..., RentAccount]:
    """`make_account()`: the n-th account is for Tenant<n> Okafor's secure tenancy of <n> Birch Lane."""
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
        home = PropertyFactory(actor=senior, estate=estate, address_line_1=f"{n} {street}", postcode=postcode)
        person = PersonFactory(actor=senior, first_name=first_name or f"Tenant{n}", last_name=last_name)
        tenancy = TenancyFactory(
            actor=senior, property=home, start_date=start, end_date=end, tenants=[person]
        )
        return RentAccountFactory(
            actor=senior, tenancy=tenancy, charges=[(k, Decimal(a), d) for k, a, d in charges]
        )

    return make
