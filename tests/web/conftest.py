"""Fixtures for the staff web app: a small estate, made by the factories through the services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from lettings_helpers import live_application

from factories import (
    ContractFactory,
    CouncilFactory,
    CycleFactory,
    PersonFactory,
    PropertyFactory,
    RentAccountFactory,
    RepairOrderFactory,
    TenancyFactory,
    brook_estate,
)
from hearth.lettings import services as lettings
from hearth.rents import services as rents
from hearth.repairs import services as repairs


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


@dataclass
class RouteWorld:
    """One record of each kind a page takes, and the partner the officers of the walk work for."""

    estate: Estate
    council: Any
    account: Any
    unaccounted: Any
    order: Any
    hazard: Any
    application: Any
    advert: Any
    cycle: Any


@pytest.fixture
def route_world(estate: Estate, admin_user: User) -> RouteWorld:
    """Brook Estate with a rent account (a payment and a refund waiting for approval), an agreement
    without one, a repair order (a variation, an extension and a post-inspection waiting), a hazard
    case, and a lettings partner with an application, a bidding cycle, an advert and a bid."""
    actor = admin_user
    account = RentAccountFactory(actor=actor, tenancy=estate.tenancy)
    rents.post_payment(
        actor=actor, account=account, amount="400.00", paid_on=dt.date(2025, 9, 1), channel="cash"
    )
    rents.request_money_out(actor=actor, account=account, kind="refund", amount="300.00", reason="Overpaid")
    unaccounted = TenancyFactory(actor=actor, property=estate.house)
    contract = ContractFactory(actor=actor)
    order = RepairOrderFactory(actor=actor, contract=contract, property=estate.flat)
    repairs.vary_order(
        actor=actor,
        order=order,
        lines=[repairs.LineRequest(contract.rates.get(code="100020"), Decimal("1"))],
        reason="Waste blocked too",
    )
    repairs.request_extension(
        actor=actor, order=order, new_due_at=timezone.now() + dt.timedelta(days=60), reason="Parts"
    )
    repairs.request_post_inspection(actor=actor, order=order)
    hazard = repairs.open_hazard_case(
        actor=actor,
        property=estate.flat,
        severity="significant",
        aware_at=timezone.now() - dt.timedelta(days=1),
    )
    council = CouncilFactory(actor=actor)
    application = live_application(actor, council, estate.partner)
    lettings.request_review(actor=actor, application=application, decision="band", grounds="Need")
    cycle = CycleFactory(actor=actor)
    home = PropertyFactory(actor=actor, estate=estate.estate, bedrooms=1, kind="flat")
    advert = lettings.create_advert(actor=actor, cycle=cycle, property=home, landlord=council)
    lettings.place_bid(actor=actor, application=application, advert=advert)
    return RouteWorld(estate, council, account, unaccounted, order, hazard, application, advert, cycle)
