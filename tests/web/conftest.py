"""Fixtures for the staff web app: a small estate, made by the factories through the services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User

from factories import BlockFactory, EstateFactory, PersonFactory, PropertyFactory, TenancyFactory


@dataclass
class Estate:
    estate: Any
    block: Any
    flat: Any
    house: Any
    person: Any
    partner: Any
    tenancy: Any


@pytest.fixture
def estate(senior: User) -> Estate:
    """Brook Estate: Flat 3 in Alder House, let to Nadia and Tom Okafor; 12 Birch Lane, void."""
    e = EstateFactory(actor=senior, name="Brook Estate", ward="Riverside")
    b = BlockFactory(
        actor=senior,
        estate=e,
        name="Alder House",
        address_line_1="1-40 Alder Road",
        postcode="HT1 2AB",
        storeys=5,
        asbestos_present=True,
    )
    flat = PropertyFactory(
        actor=senior,
        estate=e,
        block=b,
        address_line_1="Flat 3",
        address_line_2="Alder House",
        postcode="HT1 2AB",
        kind="flat",
        floor=1,
        uprn=100012345678,
    )
    house = PropertyFactory(actor=senior, estate=e, address_line_1="12 Birch Lane", bedrooms=3)
    person = PersonFactory(
        actor=senior,
        first_name="Nadia",
        ni_number="AB123456C",
        email="nadia@example.org",
        preferred_contact="email",
    )
    partner = PersonFactory(actor=senior, first_name="Tom", date_of_birth=dt.date(1982, 2, 1))
    tenancy = TenancyFactory(actor=senior, property=flat, tenants=[person, partner])
    return Estate(e, b, flat, house, person, partner, tenancy)
