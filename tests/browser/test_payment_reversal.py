"""A bounced cheque reversed from the account page, and a repair recharged to the tenant who has
left, in a real browser; every page checked with axe-core, error states included."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery"


def test_reverse_a_bounced_cheque_and_recharge_a_former_tenant(new_app: Any, world: Any) -> None:
    from hearth.rents import selectors, services
    from hearth.repairs import services as repairs
    from hearth.repairs.services import LineRequest
    from hearth.tenancies import services as tenancies

    loader = world.users["loader"]
    tenancy = tenancies.create_tenancy(
        actor=loader,
        property=world.prop,
        kind="secure",
        start_date=dt.date(2020, 4, 6),
        end_date=dt.date(2025, 3, 30),
        tenants=[world.person],
    )
    account = services.open_account(actor=loader, tenancy=tenancy, charges=[])
    cheque = services.post_payment(
        actor=loader,
        account=account,
        amount="60.00",
        paid_on=dt.date(2025, 3, 3),
        channel="cheque",
        reference="100001",
    )
    officer = new_app()
    officer.sign_in("sam.senior", PASSWORD)
    page = officer.page
    officer.goto(f"/rents/accounts/{account.pk}/")
    page.get_by_role("link", name=f"Reverse payment no. {cheque.pk}").click()
    officer.checked()
    page.get_by_role("button", name="Reverse payment").click()
    officer.checked()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why the payment is reversed")
    page.get_by_label("Reason").fill("Cheque returned unpaid")
    page.locator('input[name="reversed_on_0"]').fill("10")
    page.locator('input[name="reversed_on_1"]').fill("3")
    page.locator('input[name="reversed_on_2"]').fill("2025")
    page.get_by_role("button", name="Reverse payment").click()
    officer.checked()
    expect(page.locator("body")).to_contain_text(f"Payment no. {cheque.pk} reversed.")
    assert selectors.balance(account) == Decimal("0.00")

    contractor = repairs.create_contractor(
        actor=loader, name="Kestrel Property Care", email="jobs@kestrel.test"
    )
    contract = repairs.create_contract(
        actor=loader, contractor=contractor, name="Responsive repairs", start_date=dt.date(2024, 1, 1)
    )
    repairs.import_rates(
        actor=loader,
        contract=contract,
        rows=[
            (
                2,
                {
                    "code": "710010",
                    "description": "Renew door",
                    "unit": "each",
                    "rate": "42.00",
                    "trade": "Joinery",
                },
            ),
        ],
    )
    rate = contract.rates.get(code="710010")
    order = repairs.raise_order(
        actor=loader,
        contract=contract,
        lines=[LineRequest(rate, Decimal("1"))],
        description="Door smashed",
        priority="routine",
        property=world.prop,
    )
    officer.goto(f"/repairs/orders/{order.pk}/recharge/")
    page.get_by_label("Amount to recharge (£)").fill("42.00")
    page.get_by_label("Evidence").fill("Void inspection photographs")
    page.get_by_role("button", name="Mark rechargeable").click()
    officer.checked()
    expect(page.locator(".govuk-error-summary")).to_contain_text("No one has a live agreement")
    page.get_by_label(f"The former tenant (agreement {tenancy.reference}, ended 30 March 2025)").check()
    page.get_by_role("button", name="Mark rechargeable").click()
    officer.checked()
    officer.goto("/rents/recharges/")
    expect(page.locator("main")).to_contain_text(tenancy.reference)
