"""Choice-based lettings in a real browser: an officer registers and bands an application, the applicant
signs in with a code sent by email and bids, the cycle closes, the officer offers the home and records
the acceptance, and the tenancy starts. Every page is checked with axe-core."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import expect

from hearth.lettings.models import Advert, Application, Cycle, Offer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def fill_date(page: Any, name: str, day: dt.date) -> None:
    page.locator(f'input[name="{name}_0"]').fill(str(day.day))
    page.locator(f'input[name="{name}_1"]').fill(str(day.month))
    page.locator(f'input[name="{name}_2"]').fill(str(day.year))


def test_register_band_bid_close_offer_accept(new_app: Any, world: Any) -> None:
    from hearth.lettings import services as lettings
    from hearth.people import services as people
    from hearth.properties import services as properties

    loader, senior = world.users["loader"], world.users["senior"]
    council = lettings.create_council(
        actor=loader, code="WYC", name="Wychavon District Council", area="Wychavon"
    )
    lettings.add_officer(actor=loader, user=senior, council=council)
    applicant = people.create_person(
        actor=loader,
        first_name="Imogen",
        last_name="Ashdown",
        date_of_birth=dt.date(1990, 6, 1),
        email="imogen@example.org",
        preferred_contact="email",
    )
    home = properties.create_property(
        actor=loader,
        estate=world.estate,
        block=world.block,
        address_line_1="Flat 7, Juniper House",
        town="Hearthton",
        postcode="HT1 4JU",
        kind="flat",
        bedrooms=1,
        floor=1,
        ownership="council",
        status="void",
    )
    now = timezone.now()
    cycle = lettings.open_cycle(
        actor=senior, opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=3)
    )
    advert = lettings.create_advert(actor=senior, cycle=cycle, property=home, landlord=council)
    lettings.add_advert_photo(
        actor=senior,
        advert=advert,
        upload=SimpleUploadedFile("flat.png", PNG, "image/png"),
        description="Front room with two windows",
    )

    # The officer registers the application: first with nothing filled in.
    officer = new_app()
    page = officer.page
    officer.sign_in("sam.senior", PASSWORD)
    officer.goto("/lettings/")
    officer.click_and_wait(page.get_by_role("link", name="Register an application"), re.compile(r"/new/$"))
    page.get_by_role("button", name="Register application").click()
    officer.checked()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select the council the applicant is applying to.")
    expect(summary).to_contain_text("Enter the applicant's person reference.")
    assert Application.objects.count() == 0
    page.get_by_label("Council").select_option(label="Wychavon District Council")
    page.get_by_label("Applicant's person reference").fill(applicant.reference)
    page.get_by_label("Current housing").select_option("family_friends")
    page.get_by_label("Local connection areas (optional)").fill("Wychavon")
    page.get_by_label("Years living in the area").fill("4")
    officer.click_and_wait(
        page.get_by_role("button", name="Register application"), re.compile(r"/lettings/applications/\d+/$")
    )
    app = Application.objects.get()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(app.reference)

    # Qualification, then the band: a band without a reason is refused first.
    officer.click_and_wait(
        page.get_by_role("link", name=re.compile(r"^Decide qualification")), re.compile(r"/qualify/$")
    )
    officer.click_and_wait(page.get_by_role("button", name="Decide"), re.compile(r"/applications/\d+/$"))
    officer.click_and_wait(page.get_by_role("link", name="Decide the band").first, re.compile(r"/band/$"))
    page.get_by_label("Band B (high need)").check()
    page.get_by_role("button", name="Record band decision").click()
    officer.checked()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the reason for the band")
    page.get_by_label("Band B (high need)").check()
    page.get_by_label("Reason").fill("Sharing a room with a sibling; overcrowded by one bedroom")
    officer.click_and_wait(page.get_by_role("button", name="Record band decision"), re.compile(r"/bands/$"))
    expect(page.locator("table")).to_contain_text("overcrowded by one bedroom")

    # The applicant signs in with a code sent by email and bids.
    applicant_tab = new_app()
    ap = applicant_tab.page
    applicant_tab.goto("/lettings/portal/apply/")  # the form for new applicants passes axe too
    applicant_tab.goto("/lettings/portal/")
    ap.get_by_label("Email address").fill("imogen@example.org")
    applicant_tab.click_and_wait(
        ap.get_by_role("button", name="Send me a code"), re.compile(r"/portal/code/$")
    )
    code = re.search(r"\b(\d{6})\b", str(mail.outbox[-1].body))
    assert code is not None
    ap.get_by_label("Sign-in code").fill(code.group(1))
    applicant_tab.click_and_wait(ap.get_by_role("button", name="Sign in"), re.compile(r"/portal/home/$"))
    expect(ap.locator(".govuk-summary-list")).to_contain_text("Band B (high need)")
    applicant_tab.click_and_wait(
        ap.get_by_role("link", name="Homes you can bid for").first, re.compile(r"/adverts/$")
    )
    expect(ap.get_by_role("img", name="Front room with two windows")).to_be_visible()
    applicant_tab.click_and_wait(
        ap.get_by_role("button", name=re.compile(r"^Bid for this home")), re.compile(r"/home/$")
    )
    expect(ap.locator(".govuk-notification-banner--success")).to_contain_text("You have bid for Flat 7")
    expect(ap.locator("table")).to_contain_text("1 of 1")

    # The week passes; the officer closes the cycle, which shortlists the advert.
    Cycle.objects.filter(pk=cycle.pk).update(closes_at=timezone.now() - dt.timedelta(minutes=1))
    officer.goto("/lettings/cycles/")
    officer.click_and_wait(
        page.get_by_role("link", name=re.compile(r"^Close and shortlist")), re.compile(r"/close/$")
    )
    officer.click_and_wait(
        page.get_by_role("button", name="Close and shortlist"), re.compile(r"/adverts/\?cycle=")
    )
    officer.goto(f"/lettings/adverts/{advert.pk}/")
    expect(page.locator("table").first).to_contain_text(app.reference)

    # The offer, then the applicant's acceptance recorded by the officer: the tenancy starts.
    officer.click_and_wait(page.get_by_role("link", name="Make an offer"), re.compile(r"/offer/$"))
    officer.click_and_wait(
        page.get_by_role("button", name="Make offer"), re.compile(r"/lettings/offers/\d+/$")
    )
    fill_date(page, "start_date", timezone.localdate())
    officer.click_and_wait(
        page.get_by_role("button", name="Accept and create the tenancy"),
        re.compile(r"/lettings/offers/\d+/$"),
    )
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "the tenancy has been created"
    )
    offer = Offer.objects.get()
    assert offer.status == "accepted"
    tenancy = offer.tenancy
    assert tenancy is not None
    assert tenancy.property_id == home.pk and tenancy.start_date == timezone.localdate()
    assert Advert.objects.get().status == "let"
    app.refresh_from_db()
    assert app.status == "housed"
    officer.goto(f"/tenancies/{tenancy.pk}/")
    expect(page.locator("h1")).to_contain_text(tenancy.reference)


def test_portal_works_without_javascript(new_app: Any, world: Any) -> None:
    applicant_tab = new_app(javascript=False)
    applicant_tab.goto("/lettings/portal/")
    page = applicant_tab.page
    page.get_by_role("button", name="Send me a code").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your email address.")
