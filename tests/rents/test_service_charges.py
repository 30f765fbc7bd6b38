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
from hearth.rents.models import ServiceChargeBudget, ServiceChargeShare, Transaction

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


def _home(senior: Any, estate: Any, n: int, area: str | None, ownership: str = "council") -> Any:
    return properties.create_property(
        actor=senior,
        estate=estate,
        address_line_1=f"{n} Aspen Court",
        town="Hearthton",
        postcode="HT1 3DE",
        kind="flat",
        bedrooms=1,
        floor_area=area,
        ownership=ownership,
        status="let",
    )


def test_budget_shared_by_floor_area_adds_up_to_the_penny(senior: Any, estate: Any, client_for: Any) -> None:
    homes = [
        _home(senior, estate, 1, "50"),
        _home(senior, estate, 2, "75.5"),
        _home(senior, estate, 3, "62.25", ownership="leasehold"),
    ]
    d = sc.draft(
        name="Lift 2026", year="2026", area=estate.code, annual="1000.00", method="floor_area", works=True
    )
    lines = {s.property.pk: s.annual for s in sc.shares(d)}
    # 1000 * 50 / 187.75 = 266.311..., 1000 * 75.5 / 187.75 = 402.130..., 1000 * 62.25 / 187.75 = 331.557...
    assert [lines[h.pk] for h in homes] == [M("266.31"), M("402.13"), M("331.56")]
    assert sum(lines.values()) == M("1000.00")
    budget = sc.apply(actor=senior, d=d)
    assert budget.method == "floor_area"
    leaseholder = ServiceChargeShare.objects.get(budget=budget, leaseholder=True)
    assert leaseholder.annual == M("331.56") and leaseholder.section_20
    client = client_for(senior)
    page = client.get(f"/rents/service-charges/{budget.pk}/").content.decode()
    assert "shared by floor area" in page and "75.5 m²" in page
    assert client.get(f"/rents/service-charges/{budget.pk}/?format=pdf").content.startswith(b"%PDF-")


def test_floor_area_sharing_refused_when_a_home_has_no_floor_area(
    senior: Any, estate: Any, client_for: Any
) -> None:
    _home(senior, estate, 1, "50")
    bare = _home(senior, estate, 2, None)
    d = sc.draft(name="Lift", year="2026", area=estate.code, annual="900", method="floor_area", works=False)
    with pytest.raises(ValidationError) as exc:
        sc.apply(actor=senior, d=d)
    (message,) = exc.value.message_dict["method"]
    assert message.startswith("1 home has no floor area recorded in Brook Estate")
    assert bare.reference in message and "2 Aspen Court" in message
    assert not ServiceChargeBudget.objects.exists() and not ServiceChargeShare.objects.exists()
    client = client_for(senior)
    form = {"name": "Lift", "year": "2026", "area": estate.code, "annual": "900", "method": "floor_area"}
    for action in ("preview", "apply"):
        response = client.post("/rents/service-charges/", {**form, "action": action})
        assert response.status_code == 400
        assert response.context["form"].errors["method"] == [message]
    assert not ServiceChargeBudget.objects.exists()
    # equal sharing does not need floor areas
    assert len(sc.shares(sc.draft(**{**form, "method": "equal", "works": False}))) == 2


def test_missing_floor_area_message_names_a_few_and_counts_the_rest(senior: Any, estate: Any) -> None:
    for n in range(1, 6):
        _home(senior, estate, n, None)
    d = sc.draft(name="Lift", year="2026", area=estate.code, annual="900", method="floor_area", works=False)
    with pytest.raises(ValidationError) as exc:
        sc.shares(d)
    (message,) = exc.value.message_dict["method"]
    assert message.startswith("5 homes have no floor area recorded")
    assert "3 Aspen Court" in message and "4 Aspen Court" not in message and "and 2 more" in message
