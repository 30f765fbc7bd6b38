"""Service charges: budgets apportioned to homes, weekly for tenants, estimates and section 20 for leaseholders."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from hearth.properties import services as properties
from hearth.rents import service_charges as sc
from hearth.rents import services
from hearth.rents.models import ServiceChargeShare, Transaction

D = dt.date
M = Decimal
pytestmark = pytest.mark.django_db


def test_budget_shared_by_bedrooms_charged_weekly_and_flagged(
    make_account: Any, senior: Any, estate: Any, client_for: Any
) -> None:
    a = make_account()  # a two-bedroom house on the estate
    b = make_account()
    properties.create_property(
        actor=senior,
        estate=estate,
        address_line_1="9 Birch Lane",
        town="Hearthton",
        postcode="HT1 3DE",
        kind="flat",
        bedrooms=4,
        ownership="leasehold",
        status="let",
    )
    d = sc.draft(
        name="Roof 2026", year="2026", area=estate.code, annual="2080.00", method="bedrooms", works=False
    )
    lines = sc.shares(d)
    assert sorted(s.annual for s in lines) == [M("520.00"), M("520.00"), M("1040.00")]
    assert sorted(str(s.weekly) for s in lines) == ["10.00", "10.00", "None"]
    sc.apply(actor=senior, d=d)
    services.post_week(D(2026, 4, 6))
    assert Transaction.objects.filter(account=a, kind="service", amount=M("10.00")).exists()
    assert Transaction.objects.filter(account=b, kind="service").count() == 1
    works = sc.draft(name="Windows", year="2026", area=estate.code, annual="900", method="equal", works=True)
    budget = sc.apply(actor=senior, d=works)
    flagged = ServiceChargeShare.objects.get(budget=budget, leaseholder=True)
    assert flagged.section_20 and flagged.annual == M("300.00")
    assert not ServiceChargeShare.objects.filter(
        budget=budget, leaseholder=False, weekly__isnull=False
    ).exists()
    client = client_for(senior)
    page = client.get(f"/rents/service-charges/{budget.pk}/").content.decode()
    assert "Consult" in page
    assert client.get(f"/rents/service-charges/{budget.pk}/?format=pdf").content.startswith(b"%PDF-")


def test_budget_form_reports_every_problem(senior: Any, client_for: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        sc.draft(name="", year="x", area="NOPE", annual="-1", method="", works=False)
    assert set(exc.value.message_dict) == {"name", "year", "area", "annual", "method"}
    client = client_for(senior)
    assert client.get("/rents/service-charges/").status_code == 200
    bad = client.post("/rents/service-charges/", {"action": "preview", "area": "NOPE"})
    assert bad.status_code == 400 and "No block or estate has the code NOPE" in bad.content.decode()
