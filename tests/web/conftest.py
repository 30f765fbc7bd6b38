"""Fixtures for the staff web app: one signed-in client per role and a small estate made through the services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from hearth.core import permissions
from hearth.people import services as people
from hearth.properties import services as properties
from hearth.tenancies import services as tenancies


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
def senior_client(senior: User) -> Client:
    client = Client()
    client.force_login(senior)
    return client


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
    e = properties.create_estate(actor=senior, name="Brook Estate", ward="Riverside")
    b = properties.create_block(
        actor=senior,
        estate=e,
        name="Alder House",
        address_line_1="1-40 Alder Road",
        town="Hearthton",
        postcode="HT1 2AB",
        storeys=5,
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
        uprn=100012345678,
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
        actor=senior,
        first_name="Nadia",
        last_name="Okafor",
        date_of_birth=dt.date(1984, 5, 17),
        ni_number="AB123456C",
        email="nadia@example.org",
        preferred_contact="email",
    )
    partner = people.create_person(
        actor=senior, first_name="Tom", last_name="Okafor", date_of_birth=dt.date(1982, 2, 1)
    )
    tenancy = tenancies.create_tenancy(
        actor=senior, property=flat, kind="secure", start_date=dt.date(2020, 4, 6), tenants=[person, partner]
    )
    return Estate(e, b, flat, house, person, partner, tenancy)
