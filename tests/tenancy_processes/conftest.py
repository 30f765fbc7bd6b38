"""Fixtures for tenancy processes: a second senior officer, homes and garages, and agreements with or
without a rent account, made by the factories through the services."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User

from factories import EstateFactory, PersonFactory, PropertyFactory, RentAccountFactory, TenancyFactory
from hearth.core import permissions
from hearth.rents.models import RentAccount
from hearth.tenancies.models import Tenancy
from roles import make_user


def tenants_shown(page: str) -> str:
    """The Tenants row of a rent account page."""
    found = re.search(r"Tenants</dt><dd class=\"govuk-summary-list__value\">(.*?)</dd>", page)
    assert found, "the account page has no Tenants row"
    return found.group(1)


@pytest.fixture
def senior2(db: Any) -> User:
    return make_user("deputy", permissions.SENIOR)


@pytest.fixture
def estate(senior: User) -> Any:
    return EstateFactory(actor=senior, name="Brook Estate", ward="Riverside")


@pytest.fixture
def make_agreement(senior: User, estate: Any) -> Callable[..., Tenancy]:
    """An agreement of a kind on a new home (a garage for a garage licence), without a rent account:
    the n-th is Tenant<n> Okafor's, of <n> Birch Lane or Garage <n>, Birch Lane."""
    counter = {"n": 0}

    def make(
        kind: str = "secure", start: dt.date = dt.date(2020, 4, 6), end: dt.date | None = None
    ) -> Tenancy:
        counter["n"] += 1
        n = counter["n"]
        garage = kind == "garage"
        home = PropertyFactory(
            actor=senior,
            estate=estate,
            address_line_1=f"Garage {n}, Birch Lane" if garage else f"{n} Birch Lane",
            kind="garage" if garage else "house",
            bedrooms=0 if garage else 2,
        )
        person = PersonFactory(actor=senior, first_name=f"Tenant{n}")
        return TenancyFactory(
            actor=senior, property=home, kind=kind, start_date=start, end_date=end, tenants=[person]
        )

    return make


@pytest.fixture
def make_account(senior: User, make_agreement: Callable[..., Tenancy]) -> Callable[..., RentAccount]:
    def make(
        start: dt.date = dt.date(2020, 4, 6),
        end: dt.date | None = None,
        charges: tuple[tuple[str, str, str], ...] = (("rent", "95.50", ""),),
        kind: str = "secure",
    ) -> RentAccount:
        tenancy = make_agreement(kind=kind, start=start, end=end)
        return RentAccountFactory(
            actor=senior, tenancy=tenancy, charges=[(k, Decimal(a), d) for k, a, d in charges]
        )

    return make
