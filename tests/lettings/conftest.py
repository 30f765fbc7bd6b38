"""Fixtures for lettings: a partnership of two councils, officers of each, a household and a bidding
cycle, made by the factories through the services."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User
from lettings_helpers import years_ago

from factories import CouncilFactory, CycleFactory, PersonFactory
from hearth.core import permissions
from hearth.lettings.models import Council
from roles import make_user


@pytest.fixture
def wychavon(admin_user: User) -> Council:
    return CouncilFactory(actor=admin_user, code="WYC", name="Wychavon District Council", area="Wychavon")


@pytest.fixture
def malvern(admin_user: User) -> Council:
    return CouncilFactory(actor=admin_user, code="MAL", name="Malvern Hills District Council", area="Malvern")


@pytest.fixture
def senior(wychavon: Council) -> User:
    """Here the senior officer works for Wychavon."""
    return make_user("senior", permissions.SENIOR, wychavon)


@pytest.fixture
def options_officer(wychavon: Council) -> User:
    return make_user("options", permissions.HOUSING_OPTIONS, wychavon)


@pytest.fixture
def malvern_officer(malvern: Council) -> User:
    return make_user("malvernofficer", permissions.SENIOR, malvern)


@dataclass
class Household:
    applicant: Any
    partner: Any
    son: Any
    daughter: Any


@pytest.fixture
def household(senior: User) -> Household:
    """Nadia Okafor (34), her partner Tom (36) and their children Sam (12) and Ada (8)."""
    return Household(
        PersonFactory(
            actor=senior, first_name="Nadia", date_of_birth=years_ago(34), email="nadia@example.org"
        ),
        PersonFactory(actor=senior, first_name="Tom", date_of_birth=years_ago(36)),
        PersonFactory(actor=senior, first_name="Sam", date_of_birth=years_ago(12)),
        PersonFactory(actor=senior, first_name="Ada", date_of_birth=years_ago(8)),
    )


@pytest.fixture
def cycle(senior: User) -> Any:
    """A bidding cycle open from two days ago until two days from now."""
    return CycleFactory(actor=senior)
