"""The test factories make real records through the services: saved rows with their own references,
valid and unique UPRNs and NI numbers, parties on agreements, audit history and search entries."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType

from factories import (
    ContractFactory,
    CouncilFactory,
    CycleFactory,
    HouseholdFactory,
    PersonFactory,
    PropertyFactory,
    RentAccountFactory,
    RepairOrderFactory,
    TenancyFactory,
    UserFactory,
)
from hearth.core import permissions
from hearth.core.models import AuditEvent, SearchEntry
from hearth.core.validators import normalise_ni_number, validate_uprn
from hearth.people.models import Person
from hearth.properties.models import Property
from hearth.rents.models import RentAccount

pytestmark = pytest.mark.django_db


def test_records_are_saved_with_their_own_references(senior: Any) -> None:
    homes = PropertyFactory.create_batch(3, actor=senior, with_uprn=True)
    people = PersonFactory.create_batch(3, actor=senior, with_ni_number=True)
    saved = list(Property.objects.filter(pk__in=[h.pk for h in homes]).values_list("reference", "uprn"))
    assert len(saved) == 3 and len({r for r, _ in saved}) == 3 and len({u for _, u in saved}) == 3
    assert all(re.fullmatch(r"PR\d{7}", r) for r, _ in saved)
    for _, number in saved:
        validate_uprn(number)
    nis = list(Person.objects.filter(pk__in=[p.pk for p in people]).values_list("ni_number", flat=True))
    assert len(set(nis)) == 3 and all(normalise_ni_number(ni) == ni for ni in nis)
    assert len({p.reference for p in people}) == 3 and all(
        re.fullmatch(r"P\d{7}", p.reference) for p in people
    )
    assert PropertyFactory(actor=senior).uprn is None and PersonFactory(actor=senior).ni_number is None


def test_a_record_has_its_history_and_search_entry(senior: Any) -> None:
    person = PersonFactory(actor=senior, first_name="Ottoline", last_name="Vasquez")
    history = AuditEvent.objects.get(
        content_type=ContentType.objects.get_for_model(Person), object_id=str(person.pk), action="created"
    )
    assert history.actor == senior
    assert SearchEntry.objects.filter(kind="person", object_id=person.pk, text__contains="ottoline").exists()


def test_an_account_brings_its_agreement_home_and_tenant() -> None:
    account = RentAccountFactory()
    assert RentAccount.objects.get(pk=account.pk).tenancy.property.pk == account.tenancy.property_id
    tenants = [p.person for p in account.tenancy.parties.all()]
    assert len(tenants) == 1 and tenants[0].last_name == "Okafor"
    assert [(e.kind, e.weekly_amount) for e in account.elements.all()] == [("rent", Decimal("95.50"))]
    joint = TenancyFactory(tenants=PersonFactory.create_batch(2), occupants=[PersonFactory()])
    assert joint.parties.count() == 3


def test_people_repairs_and_lettings_records(senior: Any) -> None:
    lead, partner = PersonFactory.create_batch(2, actor=senior)
    household = HouseholdFactory(actor=senior, lead=lead, members=[(partner, "partner")])
    assert household.members.count() == 2
    order = RepairOrderFactory(actor=senior, codes=("100010", "200010"))
    assert order.reference and order.lines.count() == 2
    assert ContractFactory(actor=senior, rates=[]).rates.count() == 0
    council = CouncilFactory()
    officer = UserFactory(role=permissions.HOUSING_OPTIONS, council=council)
    assert officer.groups.get().name == permissions.HOUSING_OPTIONS
    assert council.staff.get().user == officer
    cycle = CycleFactory(actor=senior)
    assert cycle.opens_at < cycle.closes_at


def test_factories_only_create() -> None:
    with pytest.raises(NotImplementedError):
        PersonFactory.build()
