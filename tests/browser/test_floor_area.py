"""Floor areas in a real browser: recorded on a property, then used to share a service charge
budget, refused while a home in the block has none. Every page is checked with axe-core."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import expect

from hearth.rents.models import ServiceChargeBudget

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery"


def test_record_floor_areas_then_share_a_budget_by_floor_area(new_app: Any, world: Any) -> None:
    from hearth.properties import services as properties

    other = properties.create_property(
        actor=world.users["loader"],
        estate=world.estate,
        block=world.block,
        address_line_1="Flat 14, Juniper House",
        town="Hearthton",
        postcode="HT1 4JU",
        kind="flat",
        bedrooms=1,
        floor=3,
        ownership="leasehold",
        status="let",
    )
    officer = new_app()
    page = officer.page
    officer.sign_in("sam.senior", PASSWORD)

    # An implausible floor area is refused on its field; a real one is saved and shown.
    officer.goto(f"/properties/{world.prop.pk}/edit/")
    page.get_by_label("Floor area in square metres (optional)").fill("0")
    page.get_by_role("button", name="Save").click()
    officer.checked()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Floor area must be a number of square metres"
    )
    expect(page.locator(".govuk-error-message", has_text="Floor area must be")).to_be_visible()
    page.get_by_label("Floor area in square metres (optional)").fill("70")
    officer.click_and_wait(
        page.get_by_role("button", name="Save"), re.compile(rf"/properties/{world.prop.pk}/$")
    )
    expect(page.locator("main")).to_contain_text("70 m²")

    # Sharing by floor area is refused while Flat 14 has none, and says which home it is.
    officer.goto("/rents/service-charges/")
    page.get_by_label("Name").fill("Lift 2026")
    page.get_by_label("Rent year (the year it starts)").fill("2026")
    page.get_by_label("Block or estate code").fill(world.block.code)
    page.get_by_label("Annual budget (£)").fill("1000")
    page.get_by_label("Share it").select_option("floor_area")
    page.get_by_role("button", name="Preview").click()
    officer.checked()
    expect(page.locator(".govuk-error-summary")).to_contain_text("1 home has no floor area recorded")
    expect(page.locator(".govuk-error-summary")).to_contain_text(other.reference)

    properties.update_property(actor=world.users["loader"], prop=other, floor_area=Decimal("30"))
    page.get_by_role("button", name="Preview").click()
    officer.checked()
    table = page.locator("table")
    expect(table).to_contain_text("£700.00")
    expect(table).to_contain_text("£300.00")
    expect(table).to_contain_text("30 m²")
    officer.click_and_wait(
        page.get_by_role("button", name="Apply to 2 homes"), re.compile(r"/rents/service-charges/\d+/$")
    )
    budget = ServiceChargeBudget.objects.get()
    assert budget.method == "floor_area" and budget.shares.count() == 2
    expect(page.locator("main")).to_contain_text("shared by floor area")
    pdf = page.request.get(f"{officer.base_url}/rents/service-charges/{budget.pk}/?format=pdf")
    assert pdf.body().startswith(b"%PDF-")
