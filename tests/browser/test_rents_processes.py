"""Tenancy processes in a real browser, every page checked with axe-core: a three-way mutual
exchange built up with "Add another tenancy" (no JavaScript needed), a change of name with its
letter, and an assignment approved by a second senior officer."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import expect

from hearth.rents.models import RentAccount
from hearth.tenancies.models import Tenancy
from hearth.tenancy_processes.models import TenancyProcess

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery"


def fill_date(page: Any, name: str, day: dt.date) -> None:
    page.locator(f'input[name="{name}_0"]').fill(str(day.day))
    page.locator(f'input[name="{name}_1"]').fill(str(day.month))
    page.locator(f'input[name="{name}_2"]').fill(str(day.year))


def test_exchange_name_change_and_approval(new_app: Any, world: Any) -> None:
    from django.contrib.auth.models import Group, User

    from hearth.core import permissions
    from hearth.people import services as people
    from hearth.properties import services as properties
    from hearth.rents import services
    from hearth.tenancies import services as tenancies

    loader = world.users["loader"]
    deputy = User.objects.create_user(
        username="kim.deputy", password=PASSWORD, first_name="Kim", last_name="Deputy"
    )
    deputy.groups.add(Group.objects.get(name=permissions.SENIOR))
    accounts = []
    for n, rent in enumerate(("90.00", "100.00", "110.00"), start=1):
        home = properties.create_property(
            actor=loader,
            estate=world.estate,
            address_line_1=f"{n} Sorrel Close",
            town="Hearthton",
            postcode="HT1 3DE",
            kind="house",
            bedrooms=2,
            ownership="council",
            status="void",
        )
        tenant = (
            world.person
            if n == 1
            else people.create_person(
                actor=loader,
                first_name=f"Tenant{n}",
                last_name="Ward",
                preferred_contact="letter",
            )
        )
        tenancy = tenancies.create_tenancy(
            actor=loader, property=home, kind="secure", start_date=dt.date(2020, 4, 6), tenants=[tenant]
        )
        accounts.append(
            services.open_account(actor=loader, tenancy=tenancy, charges=[("rent", Decimal(rent), "")])
        )
    refs = [a.tenancy.reference for a in accounts]
    day = dt.date(2020, 9, 7)

    officer = new_app()
    page = officer.page
    officer.sign_in("sam.senior", PASSWORD)

    # A three-way exchange: two parties, then "Add another tenancy" for the third.
    officer.goto("/rents/exchange/")
    page.get_by_label("Tenancy reference of party 1").fill(refs[0])
    page.get_by_label("Tenancy reference of party 2").fill(refs[1])
    officer.click_and_wait(
        page.get_by_role("button", name="Add another tenancy"), re.compile(r"/rents/exchange/$")
    )
    expect(page.get_by_label("Tenancy reference of party 1")).to_have_value(refs[0])
    page.get_by_label("Tenancy reference of party 3").fill(refs[2])
    fill_date(page, "exchange_date", day)
    page.get_by_label(
        "I have checked that the tenant of party 1 is not facing possession proceedings"
    ).check()
    page.get_by_label(
        "I have checked that the tenant of party 3 is not facing possession proceedings"
    ).check()
    page.get_by_role("button", name="Record the exchange").click()
    officer.checked()
    expect(page.locator(".govuk-error-summary")).to_contain_text(f"the tenant of {refs[1]} is not facing")
    page.get_by_label(
        "I have checked that the tenant of party 2 is not facing possession proceedings"
    ).check()
    officer.click_and_wait(page.get_by_role("button", name="Record the exchange"), re.compile(r"/rents/$"))
    assert Tenancy.objects.filter(start_date=day).count() == 3
    moved = Tenancy.objects.get(start_date=day, property=accounts[1].tenancy.property)
    new_account = RentAccount.objects.get(tenancy=moved)

    # The household of party 1 (Marisol Quenneville) changes name at its new home.
    officer.goto(f"/rents/accounts/{new_account.pk}/")
    officer.click_and_wait(page.get_by_role("link", name="Change of name"), re.compile(r"/name/$"))
    page.get_by_role("button", name="Change the name").click()
    officer.checked()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the evidence")
    page.get_by_label(re.compile("Marisol Quenneville")).check()
    page.get_by_label("New first name").fill("Marisol")
    page.get_by_label("New last name").fill("Aranda")
    page.get_by_label("Deed poll").check()
    officer.click_and_wait(page.get_by_role("button", name="Change the name"), re.compile(r"/accounts/\d+/$"))
    officer.goto(f"/rents/accounts/{new_account.pk}/files/")
    expect(page.locator("main")).to_contain_text("Change of name letter")

    # An assignment asked for by one senior officer is approved by another.
    officer.goto(f"/rents/accounts/{new_account.pk}/assign/")
    page.get_by_label("Court order in family or matrimonial proceedings").check()
    partner = people.create_person(
        actor=loader, first_name="Ines", last_name="Aranda", preferred_contact="letter"
    )
    page.get_by_label("Person reference of the new tenant").fill(partner.reference)
    fill_date(page, "on", dt.date(2021, 1, 4))
    officer.click_and_wait(page.get_by_role("button", name="Assign"), re.compile(r"/accounts/\d+/$"))
    process = TenancyProcess.objects.get(kind="assignment")
    assert process.state == "pending"
    second = new_app()
    second.sign_in("kim.deputy", PASSWORD)
    second.goto("/rents/approvals/")
    second.click_and_wait(second.page.get_by_role("link", name="Assignment"), re.compile(r"/decide/$"))
    second.page.get_by_label("Approve and carry out").check()
    second.click_and_wait(
        second.page.get_by_role("button", name="Save decision"), re.compile(r"/rents/approvals/$")
    )
    process.refresh_from_db()
    assert process.state == "done" and process.decided_by == deputy
