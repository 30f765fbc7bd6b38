"""Fixtures for the staff web app: a small estate, made by the factories through the services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
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
from hearth.core import files
from hearth.lettings import portal
from hearth.lettings import services as lettings
from hearth.rents import rent_change, service_charges
from hearth.rents import services as rents
from hearth.repairs import services as repairs
from hearth.tenancy_processes import name_change

PHOTO = b"\xff\xd8\xff\xe0 a photo"  # a file is judged by what it holds: this is a JPEG


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
def route_world(estate: Estate, admin_user: User, settings: Any, tmp_path: Any) -> RouteWorld:
    """Brook Estate with a rent account (a payment, a refund waiting for approval, a change of name with
    its letter, a file), a payment in suspense, a rent change and a service charge budget, an agreement
    without an account, a repair order (a variation, an extension and a post-inspection waiting), a
    hazard case, and a lettings partner with an application (a review), an online application, a
    bidding cycle with an advert (a photo) and a bid, and a closed one with a shortlist and an offer."""
    settings.MEDIA_ROOT = tmp_path
    actor = admin_user
    account = RentAccountFactory(actor=actor, tenancy=estate.tenancy)
    rents.post_payment(
        actor=actor, account=account, amount="400.00", paid_on=dt.date(2025, 9, 1), channel="cash"
    )
    rents.request_money_out(actor=actor, account=account, kind="refund", amount="300.00", reason="Overpaid")
    rents.import_payments(
        actor=actor,
        channel="bank",
        filename="bank.csv",
        content=b"Account,Amount,Date,Reference\nWRONG,30.00,2025-09-08,X1\n",
    )
    rent_change.apply(actor=actor, p=rent_change.plan(year=2026, increase="3"))
    budget = service_charges.draft(
        name="Cleaning 2026",
        year="2026",
        area=estate.estate.code,
        annual="520.00",
        method="equal",
        works=False,
    )
    service_charges.apply(actor=actor, d=budget)
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
    lettings.add_advert_photo(
        actor=actor, advert=advert, upload=SimpleUploadedFile("front.jpg", PHOTO), description="The front"
    )
    closed = CycleFactory(actor=actor)
    offered = lettings.create_advert(
        actor=actor,
        cycle=closed,
        property=PropertyFactory(actor=actor, bedrooms=1, kind="flat"),
        landlord=council,
    )
    lettings.place_bid(actor=actor, application=application, advert=offered)
    lettings.close_cycle(actor=actor, cycle=closed, now=closed.closes_at + dt.timedelta(minutes=1))
    lettings.make_offer(actor=actor, advert=offered)
    portal.submit_application(
        council=council,
        first_name="Ines",
        last_name="Morales",
        date_of_birth=dt.date(1991, 4, 3),
        email="ines@example.org",
        current_housing="family_friends",
        current_address="4 Mill Street, Pershore",
    )
    name_change.change_name(
        actor=actor,
        request=name_change.NameChangeRequest(
            person=estate.person, first_name="Nadia", last_name="Bello", evidence="other", note="Deed poll"
        ),
    )
    files.attach(
        actor=actor,
        record=estate.flat,
        upload=SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan"),
        description="Plan",
    )
    return RouteWorld(estate, council, account, unaccounted, order, hazard, application, advert, cycle)
