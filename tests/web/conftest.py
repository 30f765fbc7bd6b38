"""Fixtures for the staff web app: a small estate, made by the factories through the services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User

from factories import PersonFactory, TenancyFactory, brook_estate


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
    places = brook_estate(senior, storeys=5, flat_uprn=100012345678)
    person = PersonFactory(
        actor=senior,
        first_name="Nadia",
        ni_number="AB123456C",
        email="nadia@example.org",
        preferred_contact="email",
    )
    partner = PersonFactory(actor=senior, first_name="Tom", date_of_birth=dt.date(1982, 2, 1))
    tenancy = TenancyFactory(actor=senior, property=places.flat, tenants=[person, partner])
    return Estate(places.estate, places.block, places.flat, places.house, person, partner, tenancy)
