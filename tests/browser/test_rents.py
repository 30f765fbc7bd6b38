"""Rent accounts in a real browser: sign-up, the debit run, a payment file, a refund approved by a
second person, and the statement showing it all. Every page is checked with axe-core."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from hearth.rents import domain
from hearth.rents.models import RentAccount, SuspenseItem

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery"


def fill_date(page: Any, name: str, day: dt.date) -> None:
    page.locator(f'input[name="{name}_0"]').fill(str(day.day))
    page.locator(f'input[name="{name}_1"]').fill(str(day.month))
    page.locator(f'input[name="{name}_2"]').fill(str(day.year))


def test_sign_up_debit_run_payment_file_refund_and_statement(
    new_app: Any, world: Any, tmp_path: Path
) -> None:
    from hearth.properties import services as properties

    home = properties.create_property(
        actor=world.users["loader"],
        estate=world.estate,
        block=world.block,
        address_line_1="Flat 14, Juniper House",
        town="Hearthton",
        postcode="HT1 4JU",
        kind="flat",
        bedrooms=1,
        floor=3,
        ownership="council",
        status="void",
    )
    today = timezone.localdate()
    week = domain.week_monday(today) - dt.timedelta(days=7)
    start = week + dt.timedelta(days=2)  # a Wednesday: five days of the first week are charged

    officer = new_app()
    page = officer.page
    officer.sign_in("sam.senior", PASSWORD)

    # Sign up: first with nothing filled in, then properly.
    officer.goto("/rents/")
    officer.click_and_wait(
        page.get_by_role("link", name="Sign up a new tenancy"), re.compile(r"/rents/sign-up/$")
    )
    page.get_by_role("button", name="Sign up").click()
    officer.checked()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the property reference.")
    expect(page.locator(".govuk-error-summary")).to_contain_text("proof of identity")
    page.get_by_label("Property reference").fill(home.reference)
    page.get_by_label("Type of tenancy").select_option("secure")
    fill_date(page, "start_date", start)
    page.get_by_label("Tenants", exact=True).fill(world.person.reference)
    page.get_by_label("Weekly rent (£)").fill("98.00")
    page.get_by_label("Weekly service charge (£, optional)").fill("7.00")
    page.get_by_label("I have seen each tenant's proof of identity").check()
    page.get_by_label("I have checked each tenant's eligibility and immigration status").check()
    officer.click_and_wait(page.get_by_role("button", name="Sign up"), re.compile(r"/rents/accounts/\d+/$"))
    account = RentAccount.objects.get(tenancy__property=home)
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(account.reference)

    # The debit run for the first week posts the part week (98.00 x 5/7 = 70.00; 7.00 x 5/7 = 5.00).
    officer.goto("/rents/debit-run/")
    fill_date(page, "week", week)
    officer.click_and_wait(page.get_by_role("button", name="Start the debit run"), re.compile(r"/jobs/\d+/$"))
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    officer.goto(officer.path())
    expect(page.locator("main")).to_contain_text("Succeeded")

    # A payment file: a bad row first (rejected whole, the line named), then the corrected file.
    officer.goto("/rents/payments/import/")
    bad = tmp_path / "bank-bad.csv"
    bad.write_text(f"Account,Amount,Date,Reference\n{account.reference},abc,{today},BK-1\n")
    page.get_by_label("Where the file comes from").select_option("bank")
    page.get_by_label("Payment file (CSV)").set_input_files(str(bad))
    page.get_by_role("button", name="Import payments").click()
    officer.checked()
    expect(page.locator("#row-problems + ul")).to_contain_text("Line 2:")
    good = tmp_path / "bank.csv"
    good.write_text(f"Account,Amount,Date,Reference\n{account.reference},500.00,{today},BK-1\n")
    page.get_by_label("Where the file comes from").select_option("bank")
    page.get_by_label("Payment file (CSV)").set_input_files(str(good))
    officer.click_and_wait(
        page.get_by_role("button", name="Import payments"), re.compile(r"/rents/payments/import/$")
    )
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("1 payments posted")

    # A refund above the officer's limit waits for someone else.
    officer.goto(f"/rents/accounts/{account.pk}/money-out/")
    page.get_by_label("Type").select_option("refund")
    page.get_by_label("Amount (£)").fill("300.00")
    page.get_by_label("Reason").fill("Overpaid by bank transfer")
    officer.click_and_wait(
        page.get_by_role("button", name="Continue"), re.compile(rf"/rents/accounts/{account.pk}/$")
    )
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("waiting for approval")

    # the approver's own refund limit must cover the amount
    from hearth.rents import services as rents

    rents.set_officer_limits(
        actor=world.users["loader"],
        user=world.users["finance"],
        refund=Decimal("1000"),
        write_off=Decimal("1000"),
        adjustment=Decimal("1000"),
    )
    approver = new_app()
    approver.sign_in("fin.approver", PASSWORD)
    approver.goto("/rents/approvals/")
    ap = approver.page
    approver.click_and_wait(
        ap.get_by_role("link", name=re.compile(r"^MR\d+")), re.compile(r"/rents/approvals/\d+/$")
    )
    ap.get_by_label("Approve and post").check()
    approver.click_and_wait(ap.get_by_role("button", name="Save decision"), re.compile(r"/rents/approvals/$"))
    expect(ap.locator("main")).to_contain_text("Nothing is waiting for approval")

    # The statement shows it all: 75.00 debited, 500.00 paid, 300.00 refunded: -125.00.
    officer.goto(f"/rents/accounts/{account.pk}/statement/?from={week}&to={today}")
    body = page.locator("main")
    for text in ["Part week, 5 days", "£70.00", "£5.00", "BK-1", "£500.00", "Refund", "£300.00", "-£125.00"]:
        expect(body).to_contain_text(text)
    pdf = officer.page.request.get(
        f"{officer.base_url}/rents/accounts/{account.pk}/statement/?from={week}&to={today}&format=pdf"
    )
    assert pdf.body().startswith(b"%PDF-")


def test_every_rent_page_is_accessible(new_app: Any, world: Any) -> None:
    """axe-core over the rest of the rent pages, with data on them and with their error states."""
    from hearth.rents import services
    from hearth.tenancies import services as tenancies

    loader = world.users["loader"]
    tenancy = tenancies.create_tenancy(
        actor=loader,
        property=world.prop,
        kind="introductory",
        start_date=dt.date(2025, 4, 7),
        tenants=[world.person],
    )
    account = services.open_account(actor=loader, tenancy=tenancy, charges=[("rent", Decimal("90.00"), "")])
    services.post_week(dt.date(2025, 9, 8))
    services.import_payments(
        actor=loader,
        channel="bank",
        filename="b.csv",
        content=b"Account,Amount,Date,Reference\nUNKNOWN,5.00,2025-09-08,S-1\n",
    )
    services.make_arrangement(
        actor=loader,
        account=account,
        weekly_amount="100.00",
        start_date=timezone.localdate() - dt.timedelta(days=14),
    )
    officer = new_app()
    officer.sign_in("sam.senior", PASSWORD)
    pages = [
        "/rents/?arrears=yes",
        "/rents/free-weeks/?year=2025",
        "/rents/suspense/",
        "/rents/arrangements/broken/",
        "/rents/rent-change/",
        "/rents/rent-change/?year=2026&increase=6&cpi=",
        "/rents/service-charges/",
        "/rents/exchange/",
        f"/rents/accounts/{account.pk}/",
        f"/rents/accounts/{account.pk}/payment/",
        f"/rents/accounts/{account.pk}/arrangement/",
        f"/rents/accounts/{account.pk}/charges/",
        f"/rents/accounts/{account.pk}/review/",
        f"/rents/accounts/{account.pk}/succession/",
        f"/rents/accounts/{account.pk}/terminate/",
        f"/rents/accounts/{account.pk}/history/",
        f"/rents/suspense/{SuspenseItem.objects.get().pk}/clear/",
    ]
    for path in pages:
        officer.goto(path)
    officer.goto("/rents/?min=lots", status=400)
    admin = new_app()
    admin.sign_in("data.loader", PASSWORD)
    admin.goto("/rents/settings/")
    admin.goto("/processes/rules/")
    admin.goto("/processes/rules/garage/")
    officer.goto("/rents/rent-change/?year=x&increase=y&cpi=", status=400)
    page = officer.page
    officer.goto(f"/rents/accounts/{account.pk}/terminate/")
    page.get_by_role("button", name="End tenancy").click()
    officer.checked()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
