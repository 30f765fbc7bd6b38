"""Repairs in a real browser: an officer takes a call, raises an order with schedule lines and books an
appointment; the contractor completes it through the API; the officer logs a post-inspection; the
performance page shows it. Every page is checked with axe-core."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery"


def fill_date(page: Any, name: str, day: dt.date) -> None:
    page.locator(f'input[name="{name}_0"]').fill(str(day.day))
    page.locator(f'input[name="{name}_1"]').fill(str(day.month))
    page.locator(f'input[name="{name}_2"]').fill(str(day.year))


def test_call_order_appointment_api_completion_inspection_and_performance(new_app: Any, world: Any) -> None:
    from django.contrib.auth.models import Group, User

    from hearth.api import tokens
    from hearth.core import permissions
    from hearth.repairs import services as repairs
    from hearth.repairs.models import RepairOrder
    from hearth.tenancies import services as tenancies

    loader = world.users["loader"]
    tenancies.create_tenancy(
        actor=loader,
        property=world.prop,
        kind="secure",
        start_date=dt.date(2021, 5, 3),
        tenants=[world.cautioned],
    )
    contractor = repairs.create_contractor(
        actor=loader,
        name="Kestrel Property Care",
        email="jobs@kestrel.test",
        trades="Plumbing",
        areas="Larkspur Estate",
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
                    "description": "Clear blocked sink waste",
                    "unit": "each",
                    "rate": "42.00",
                    "trade": "Plumbing",
                },
            ),
            (
                3,
                {
                    "code": "710020",
                    "description": "Renew tap washer",
                    "unit": "each",
                    "rate": "18.40",
                    "trade": "Plumbing",
                },
            ),
        ],
    )
    permissions.ensure_role_groups()
    worker = User.objects.create_user(username="kestrel.api", password=PASSWORD)
    worker.groups.add(Group.objects.get(name=permissions.CONTRACTOR))
    repairs.link_contractor_user(actor=loader, user=worker, contractor=contractor)
    _token, secret = tokens.create_token(actor=loader, user=worker, name="Kestrel job system")

    officer = new_app()
    page = officer.page
    officer.sign_in("sam.senior", PASSWORD)

    # Take the call: find the home by postcode.
    officer.goto("/repairs/")
    officer.click_and_wait(
        page.get_by_role("link", name="Take a repair call").first, re.compile(r"/repairs/call/$")
    )
    page.get_by_label("Find the home").fill("HT1 4JU")
    officer.click_and_wait(
        page.locator("#main-content").get_by_role("button", name="Search"), re.compile(r"/repairs/call/\?q=")
    )
    officer.click_and_wait(
        page.get_by_role("link", name=re.compile("Raise an order")).first,
        re.compile(r"/repairs/orders/new/\?property="),
    )
    expect(page.get_by_text("Dog at property")).to_be_visible()
    expect(page.get_by_text("Juniper House: no fire risk assessment is recorded.")).to_be_visible()

    # Nothing filled in: every problem at once, nothing stored.
    with page.expect_navigation():
        page.get_by_role("button", name="Raise the order").click()
    officer.checked()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the contract.")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Describe the repair.")
    assert not RepairOrder.objects.exists()

    page.get_by_label("Contract").select_option(label=f"Responsive repairs ({contract.reference})")
    page.get_by_label("Describe the repair").fill("Kitchen sink blocked, water not draining")
    page.get_by_label("Right to Repair qualifying defect").select_option("sink")
    page.get_by_label("Line 1 code").fill("710010")
    page.get_by_label("Line 1 quantity").fill("1")
    page.get_by_label("Line 2 code").fill("710020")
    page.get_by_label("Line 2 quantity").fill("2")
    with page.expect_navigation():
        page.get_by_role("button", name="Check price and target").click()
    officer.checked()
    expect(page.locator("#order-total")).to_have_text("£78.80")
    expect(page.get_by_text("Suggested priority:")).to_contain_text("Urgent")
    officer.click_and_wait(
        page.get_by_role("button", name="Raise the order"), re.compile(r"/repairs/orders/\d+/$")
    )
    order = RepairOrder.objects.get()
    expect(page.locator("#order-status")).to_have_text("Issued")

    # Book an appointment today, in the afternoon.
    officer.click_and_wait(page.get_by_role("link", name="Book an appointment"), re.compile(r"/appoint/$"))
    fill_date(page, "date", timezone.localdate())
    page.get_by_label("Afternoon (12pm to 6pm)").check()
    officer.click_and_wait(
        page.get_by_role("button", name="Book"), re.compile(rf"/repairs/orders/{order.pk}/$")
    )
    expect(page.locator("#order-status")).to_have_text("Appointed")

    # The contractor's system completes it through the API.
    api = page.context.request
    headers = {"Authorization": f"Bearer {secret}"}
    listed = api.get("/api/v1/repairs/contractor/orders?status=open", headers=headers)
    assert listed.status == 200 and [o["reference"] for o in listed.json()["items"]] == [order.reference]
    done = api.post(
        "/api/v1/repairs/contractor/complete",
        headers=headers,
        data={
            "reference": order.reference,
            "completed_at": timezone.now().isoformat(),
            "first_time_fix": True,
        },
    )
    assert done.status == 200, done.text()
    officer.goto(f"/repairs/orders/{order.pk}/")
    expect(page.locator("#order-status")).to_have_text("Completed")

    # Post-inspection by telephone: a pass.
    officer.click_and_wait(page.get_by_role("link", name="Post-inspection"), re.compile(r"/inspect/$"))
    page.get_by_label("Telephone").check()
    fill_date(page, "inspected_on", timezone.localdate())
    page.get_by_label("Pass").check()
    officer.click_and_wait(
        page.get_by_role("button", name="Save"), re.compile(rf"/repairs/orders/{order.pk}/$")
    )
    expect(page.get_by_text("Requested by an officer:")).to_be_visible()

    # The performance page shows the month.
    officer.goto("/repairs/performance/")
    row = page.locator("#performance tbody tr").first
    expect(row).to_contain_text("Kestrel Property Care")
    expect(row).to_contain_text("1 of 1 (100.0%)")
    for path in (
        "/repairs/overdue/",
        "/repairs/approvals/",
        "/repairs/inspections/",
        "/repairs/incidents/",
        "/repairs/incidents/new/",
        "/repairs/hazards/",
        f"/repairs/hazards/new/?property={world.prop.pk}",
        "/repairs/contractors/",
        f"/repairs/contractors/{contractor.pk}/",
        f"/repairs/contracts/{contract.pk}/",
        f"/repairs/contracts/{contract.pk}/import/",
        "/repairs/settings/",
        "/repairs/limits/",
        f"/repairs/orders/{order.pk}/history/",
        f"/repairs/orders/{order.pk}/files/",
        f"/repairs/orders/{order.pk}/vary/",
        f"/repairs/orders/{order.pk}/extension/",
    ):
        officer.goto(path)
