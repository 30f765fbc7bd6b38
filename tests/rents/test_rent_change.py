"""The annual rent change: previewed, capped by the Rent Standard, applied once from April's first Monday."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from hearth.rents import rent_change, services
from hearth.rents.models import ChargeElement, RentChange, Transaction

D = dt.date
M = Decimal
pytestmark = pytest.mark.django_db


def test_plan_checks_and_caps() -> None:
    p = rent_change.plan(year=2026, increase="6")
    assert (
        p.effective_from == D(2026, 4, 6) and p.cap == M("4.8") and p.capped and p.applied_percent == M("4.8")
    )
    assert rent_change.plan(year="2027", increase="2", cpi="3.8").cap == M("4.8")
    with pytest.raises(ValidationError) as exc:
        rent_change.plan(year="twenty", increase="lots", cpi="x")
    assert set(exc.value.message_dict) == {"year", "increase", "cpi"}
    with pytest.raises(ValidationError, match="CPI"):
        rent_change.plan(year=2027, increase="2")


def test_apply_changes_rent_from_the_first_monday_of_april_once(make_account: Any, senior: Any) -> None:
    live = make_account(charges=(("rent", "100.00", ""), ("service", "5.00", "")))
    ended = make_account(end=D(2026, 3, 1))
    p = rent_change.plan(year=2026, increase="6")
    assert [(line.current, line.new) for line in rent_change.lines(p)] == [(M("100.00"), M("104.80"))]
    change = rent_change.apply(actor=senior, p=p)
    assert change.accounts == 1
    services.run_debits(weeks=[D(2026, 3, 30), D(2026, 4, 6)])
    rent = list(
        Transaction.objects.filter(account=live, kind="rent")
        .order_by("posted_on")
        .values_list("amount", flat=True)
    )
    assert rent == [M("100.00"), M("104.80")]
    assert ChargeElement.objects.filter(account=ended, effective_from=D(2026, 4, 6)).count() == 0
    with pytest.raises(ValidationError, match="already been applied"):
        rent_change.plan(year=2026, increase="6")
    assert RentChange.objects.count() == 1


def test_rent_change_pages_and_letter(make_account: Any, senior: Any, client_for: Any) -> None:
    account = make_account()
    client = client_for(senior)
    assert client.get("/rents/rent-change/").status_code == 200
    bad = client.get("/rents/rent-change/?year=2027&increase=2&cpi=")
    assert bad.status_code == 400 and "CPI" in bad.content.decode()
    preview = client.get("/rents/rent-change/?year=2026&increase=6&cpi=").content.decode()
    assert "capped by the Rent Standard at 4.8%" in preview and "£100.08" in preview
    assert client.post("/rents/rent-change/", {"year": "2026", "increase": "6", "cpi": ""}).status_code == 302
    letter = client.get(f"/rents/accounts/{account.pk}/rent-change-letter.pdf?year=2026")
    assert letter.content.startswith(b"%PDF-")


def test_letters_to_every_tenant(make_account: Any, senior: Any, client_for: Any) -> None:
    make_account()
    make_account()
    rent_change.apply(actor=senior, p=rent_change.plan(year=2026, increase="3"))
    client = client_for(senior)
    pdf = client.get("/rents/rent-change/2026/letters.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
    assert client.get("/rents/rent-change/2025/letters.pdf").status_code == 404
