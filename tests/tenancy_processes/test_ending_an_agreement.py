"""One path to end an agreement: the Agreements page leads to the termination process, whose notice
rules follow the kind of agreement, and which stops the charges, credits days already debited after
the end and makes the letter, with or without a rent account."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest

from hearth.rents import selectors, services
from hearth.tenancies.models import Tenancy

D = dt.date
M = Decimal
pytestmark = pytest.mark.django_db


def date_fields(name: str, day: dt.date) -> dict[str, str]:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def end_page_from_agreement(client: Any, tenancy: Tenancy) -> str:
    """Follow "End this agreement" from the Agreements page to the page that ends it."""
    page = client.get(f"/tenancies/{tenancy.pk}/").content.decode()
    found = re.search(r'href="([^"]+)">End this agreement<', page)
    assert found, "the Agreements page offers no way to end the agreement"
    response = client.get(found.group(1), follow=True)
    assert response.status_code == 200
    url = response.redirect_chain[-1][0] if response.redirect_chain else found.group(1)
    return url


def test_the_old_end_page_sends_officers_to_the_termination(
    senior: Any, make_account: Any, client_for: Any
) -> None:
    account = make_account()
    client = client_for(senior)
    old = client.get(f"/tenancies/{account.tenancy_id}/end/")
    assert old.status_code == 302
    assert old["Location"] == end_page_from_agreement(client, account.tenancy)
    page = client.get(old["Location"]).content.decode()
    assert "End this tenancy" in page and "Notice given by the tenant" in page


def test_ending_from_the_agreements_page_credits_the_account_stops_the_charges_and_writes_the_letter(
    senior: Any, make_account: Any, client_for: Any
) -> None:
    account = make_account(start=D(2020, 4, 6), charges=(("rent", "200.00", ""),))
    services.run_debits(weeks=[D(2025, 12, 1)])  # the week of Monday 1 December is debited: £200.00
    client = client_for(senior)
    url = end_page_from_agreement(client, account.tenancy)
    ended = client.post(
        url,
        {
            "end_reason": "tenant_notice",
            **date_fields("notice_received", D(2025, 11, 1)),
            **date_fields("end_date", D(2025, 12, 1)),
            "forwarding_address": "1 New Street, Hearthton",
        },
    )
    assert ended.status_code == 302, ended.content.decode()[:2000]
    # six days of the week after the end are credited: 200.00 x 6 / 7
    assert selectors.balance(account) == M("200.00") - M("171.43")
    services.run_debits(weeks=[D(2025, 12, 8)])  # the charge stopped on 1 December
    assert selectors.balance(account) == M("28.57")
    page = client.get(f"/rents/accounts/{account.pk}/").content.decode()
    assert "171.43" in page and "Termination letter (PDF)" in page
    letter = re.search(r'href="([^"]+)">Termination letter \(PDF\)', page)
    assert letter and client.get(letter.group(1)).content.startswith(b"%PDF-")
    agreement = client.get(f"/tenancies/{account.tenancy_id}/").content.decode()
    assert "1 December 2025" in agreement and "End this agreement" not in agreement


def test_a_garage_licence_ends_on_a_weeks_notice_without_a_rent_account(
    senior: Any, make_agreement: Any, client_for: Any
) -> None:
    licence = make_agreement(kind="garage")
    client = client_for(senior)
    url = end_page_from_agreement(client, licence)
    too_soon = client.post(
        url,
        {
            "end_reason": "tenant_notice",
            **date_fields("notice_received", D(2025, 11, 1)),
            **date_fields("end_date", D(2025, 11, 7)),
            "forwarding_address": "1 New Street",
        },
    )
    assert (
        too_soon.status_code == 400 and "earliest end date is 08 November 2025" in too_soon.content.decode()
    )
    ended = client.post(
        url,
        {
            "end_reason": "tenant_notice",
            **date_fields("notice_received", D(2025, 11, 1)),
            **date_fields("end_date", D(2025, 11, 8)),
            "forwarding_address": "1 New Street",
        },
    )
    assert ended.status_code == 302, ended.content.decode()[:2000]
    licence.refresh_from_db()
    assert licence.end_date == D(2025, 11, 8)
    page = client.get(f"/tenancies/{licence.pk}/").content.decode()
    letter = re.search(r'href="([^"]+)">Termination letter \(PDF\)', page)
    assert letter and client.get(letter.group(1)).content.startswith(b"%PDF-")


def test_a_home_needs_four_weeks_notice(senior: Any, make_account: Any, client_for: Any) -> None:
    account = make_account()
    client = client_for(senior)
    url = end_page_from_agreement(client, account.tenancy)
    refused = client.post(
        url,
        {
            "end_reason": "tenant_notice",
            **date_fields("notice_received", D(2025, 11, 1)),
            **date_fields("end_date", D(2025, 11, 28)),
            "forwarding_address": "1 New Street",
        },
    )
    text = refused.content.decode()
    assert refused.status_code == 400 and "at least four weeks" in text and "29 November 2025" in text
    account.tenancy.refresh_from_db()
    assert account.tenancy.end_date is None


def test_a_lease_ends_by_surrender_or_forfeiture_not_by_notice(
    senior: Any, make_account: Any, client_for: Any
) -> None:
    from hearth.tenancy_processes import termination

    account = make_account(kind="secure")
    Tenancy.objects.filter(pk=account.tenancy_id).update(kind="commercial")
    tenancy = Tenancy.objects.get(pk=account.tenancy_id)
    with pytest.raises(Exception) as exc:
        termination.check_termination(
            tenancy,
            termination.TerminationRequest(
                notice_received=D(2025, 1, 1),
                end_date=D(2025, 12, 1),
                reason="tenant_notice",
                forwarding_address="1 New Street",
            ),
        )
    assert "surrender or forfeiture" in str(exc.value)
    termination.terminate(
        actor=senior,
        tenancy=tenancy,
        request=termination.TerminationRequest(
            notice_received=None, end_date=D(2025, 12, 1), reason="surrender"
        ),
    )
    tenancy.refresh_from_db()
    assert tenancy.end_date == D(2025, 12, 1) and "Surrender" in tenancy.end_reason
