"""Fixtures for lettings: a partnership of two councils, officers of each, a household and void homes,
all made through the services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from lettings_helpers import make_user, years_ago

from hearth.core import permissions
from hearth.lettings import services as lettings
from hearth.lettings.models import Council
from hearth.people import services as people


@pytest.fixture
def admin_user(db: Any) -> User:
    return make_user("lettingsadmin", permissions.ADMINISTRATOR)


@pytest.fixture
def wychavon(admin_user: User) -> Council:
    return lettings.create_council(
        actor=admin_user, code="WYC", name="Wychavon District Council", area="Wychavon"
    )


@pytest.fixture
def malvern(admin_user: User) -> Council:
    return lettings.create_council(
        actor=admin_user, code="MAL", name="Malvern Hills District Council", area="Malvern"
    )


@pytest.fixture
def senior(wychavon: Council) -> User:
    return make_user("senior", permissions.SENIOR, wychavon)


@pytest.fixture
def options_officer(wychavon: Council) -> User:
    return make_user("options", permissions.HOUSING_OPTIONS, wychavon)


@pytest.fixture
def malvern_officer(malvern: Council) -> User:
    return make_user("malvernofficer", permissions.SENIOR, malvern)


@pytest.fixture
def senior_client(senior: User) -> Client:
    client = Client()
    client.force_login(senior)
    return client


@dataclass
class Household:
    applicant: Any
    partner: Any
    son: Any
    daughter: Any


@pytest.fixture
def household(senior: User) -> Household:
    a = people.create_person(
        actor=senior,
        first_name="Nadia",
        last_name="Okafor",
        date_of_birth=years_ago(34),
        email="nadia@example.org",
    )
    p = people.create_person(actor=senior, first_name="Tom", last_name="Okafor", date_of_birth=years_ago(36))
    s = people.create_person(actor=senior, first_name="Sam", last_name="Okafor", date_of_birth=years_ago(12))
    d = people.create_person(actor=senior, first_name="Ada", last_name="Okafor", date_of_birth=years_ago(8))
    return Household(a, p, s, d)


@pytest.fixture
def cycle(senior: User) -> Any:
    now = timezone.now()
    return lettings.open_cycle(
        actor=senior, opens_at=now - dt.timedelta(days=2), closes_at=now + dt.timedelta(days=2)
    )
