"""Tenancy processes, continued: change of name, exchanges of three or more tenancies, a letter for
every process, and the processes that wait for a second, senior officer's approval."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string

from hearth.core import audit, files
from hearth.people import services as people
from hearth.rents import services
from hearth.rents.models import RentAccount
from hearth.tenancies.models import Tenancy, TenancyParty
from hearth.tenancy_processes import approvals, exchange, letters
from hearth.tenancy_processes import assignment as assignments
from hearth.tenancy_processes import joint as joint_changes
from hearth.tenancy_processes import name_change as name_changes
from hearth.tenancy_processes import review as reviews
from hearth.tenancy_processes import selectors as process_selectors
from hearth.tenancy_processes import sign_up as sign_ups
from hearth.tenancy_processes import succession as successions
from hearth.tenancy_processes.models import TenancyProcess

D = dt.date
M = Decimal
pytestmark = pytest.mark.django_db


def letters_on(record: Any) -> list[bytes]:
    out = []
    for a in files.attachments_for(record):
        with a.file.open("rb") as f:
            out.append(f.read())
    return out


def live_tenants(tenancy: Tenancy) -> set[int]:
    return set(tenancy.parties.filter(role="tenant", end_date__isnull=True).values_list("person", flat=True))


# --- change of name ----------------------------------------------------------------------------


def test_change_of_name(senior: Any, income: Any, make_account: Any, client_for: Any) -> None:
    account = make_account()
    tenancy = account.tenancy
    person = tenancy.parties.get().person
    old_name = person.full_name
    # the same person is also a joint tenant of a second live agreement, and was tenant of an ended one
    second = make_account()
    TenancyParty.objects.create(
        tenancy=second.tenancy, person=person, role="tenant", start_date=D(2024, 1, 1)
    )
    ended = make_account(start=D(2015, 4, 6), end=D(2019, 1, 1))
    TenancyParty.objects.create(tenancy=ended.tenancy, person=person, role="tenant", start_date=D(2016, 1, 1))

    with pytest.raises(ValidationError) as exc:
        name_changes.change_name(
            actor=income,
            request=name_changes.NameChangeRequest(
                person=person, first_name="Tenant1", last_name="", evidence="other", note=""
            ),
        )
    assert set(exc.value.message_dict) == {"last_name", "note"}
    with pytest.raises(ValidationError) as exc:
        name_changes.change_name(
            actor=income,
            request=name_changes.NameChangeRequest(
                person=person, first_name="Tenant1", last_name="Bello", evidence=""
            ),
        )
    assert "Select the evidence" in exc.value.message_dict["evidence"][0]
    person.refresh_from_db()
    assert person.full_name == old_name
    assert not TenancyProcess.objects.filter(kind="name_change").exists()

    client = client_for(income)
    page = client.get(f"/rents/accounts/{account.pk}/")
    assert f"/rents/accounts/{account.pk}/name/" in page.content.decode()
    assert client.get(f"/rents/accounts/{account.pk}/name/").status_code == 200
    bad = client.post(
        f"/rents/accounts/{account.pk}/name/",
        {"person": person.reference, "first_name": "Tenant1", "last_name": "Bello", "evidence": "other"},
    )
    assert bad.status_code == 400 and "Describe the evidence you have seen" in bad.content.decode()
    person.refresh_from_db()
    assert person.last_name == "Okafor"

    ok = client.post(
        f"/rents/accounts/{account.pk}/name/",
        {"person": person.reference, "first_name": "Tenant1", "last_name": "Bello", "evidence": "marriage"},
    )
    assert ok.status_code == 302
    person.refresh_from_db()
    assert person.full_name == "Tenant1 Bello"
    event = audit.history_for(person).get(action="name changed")
    assert event.changes == {"name": [old_name, "Tenant1 Bello"]} and event.actor == income
    assert "Marriage or civil partnership certificate" in event.summary
    done = TenancyProcess.objects.filter(kind="name_change")
    assert {p.tenancy_id for p in done} == {tenancy.pk, second.tenancy_id}  # live agreements only
    for acc in (account, second):
        (letter,) = letters_on(acc)
        assert letter.startswith(b"%PDF-")
    assert not letters_on(ended)
    assert "Change of name letter (PDF)" in client.get(f"/rents/accounts/{account.pk}/").content.decode()
    assert client.get(f"/rents/processes/{done.first().pk}/letter.pdf").content.startswith(b"%PDF-")
    with pytest.raises(ValidationError, match="same as the name we hold"):
        name_changes.change_name(
            actor=income,
            request=name_changes.NameChangeRequest(
                person=person, first_name="Tenant1", last_name="Bello", evidence="deed_poll"
            ),
        )


# --- exchange of three tenancies ---------------------------------------------------------------


def test_three_way_exchange(senior: Any, make_account: Any, client_for: Any) -> None:
    one = make_account(start=D(2021, 4, 5), charges=(("rent", "90.00", ""),))
    two = make_account(start=D(2021, 4, 5), charges=(("rent", "100.00", ""),))
    three = make_account(start=D(2021, 4, 5), charges=(("rent", "110.00", ""), ("service", "5.00", "")))
    t1, t2, t3 = one.tenancy, two.tenancy, three.tenancy
    people_before = {t.pk: live_tenants(t) for t in (t1, t2, t3)}
    for account, amount in ((one, "90.00"), (two, "100.00")):
        services.post_payment(
            actor=senior, account=account, amount=amount, paid_on=D(2025, 9, 1), channel="cash"
        )
    services.post_week(D(2025, 9, 1))  # three owes 115.00; one and two are clear
    day = D(2025, 9, 8)

    with pytest.raises(ValidationError) as exc:
        exchange.mutual_exchange(
            actor=senior,
            request=exchange.ExchangeRequest(
                tenancies=[t1, t2, t3], exchange_date=day, proceedings_checked=[True, False, True]
            ),
        )
    errors = exc.value.message_dict
    assert "arrears of £115.00" in errors["party_3"][0]
    assert "party_1" not in errors and "party_2" not in errors
    assert "proceedings_2" in errors and "proceedings_1" not in errors
    with pytest.raises(ValidationError) as exc:
        exchange.mutual_exchange(
            actor=senior,
            request=exchange.ExchangeRequest(
                tenancies=[t1, t2, t1], exchange_date=day, proceedings_checked=[True] * 3
            ),
        )
    assert "already party 1" in exc.value.message_dict["party_3"][0]
    assert not Tenancy.objects.filter(start_date=day).exists()  # nothing changed

    client = client_for(senior)
    added = client.post(
        "/rents/exchange/",
        {
            "parties": "2",
            "party_1": t1.reference,
            "proceedings_1": "on",
            "exchange_date_0": "8",
            "add_party": "1",
        },
    )
    text = added.content.decode()
    assert added.status_code == 200 and 'name="party_3"' in text and t1.reference in text
    assert 'name="parties" value="3"' in text and not Tenancy.objects.filter(start_date=day).exists()
    post = {
        "parties": "3",
        "exchange_date_0": "8",
        "exchange_date_1": "9",
        "exchange_date_2": "2025",
        **{f"party_{n}": t.reference for n, t in enumerate((t1, t2, t3), start=1)},
        **{f"proceedings_{n}": "on" for n in (1, 2, 3)},
    }
    blocked = client.post("/rents/exchange/", post)
    assert blocked.status_code == 400 and "arrears of £115.00" in blocked.content.decode()

    services.post_payment(actor=senior, account=three, amount="115.00", paid_on=D(2025, 9, 2), channel="cash")
    assert client.post("/rents/exchange/", post).status_code == 302
    for old, home in ((t1, t2), (t2, t3), (t3, t1)):  # each party moves into the next party's home
        old.refresh_from_db()
        assert old.end_date == D(2025, 9, 7)
        new = Tenancy.objects.get(property=home.property, start_date=day)
        assert live_tenants(new) == people_before[old.pk]
        account = RentAccount.objects.get(tenancy=new)
        assert (
            account.elements.get(kind="rent").weekly_amount
            == home.rent_account.elements.get(kind="rent").weekly_amount
        )
        process = TenancyProcess.objects.get(kind="exchange", tenancy=new)
        assert process.details["parties"] == [t1.reference, t2.reference, t3.reference]
        (letter,) = letters_on(account)
        assert letter.startswith(b"%PDF-")


# --- letters and approvals ---------------------------------------------------------------------


def test_succession_and_joint_changes_are_recorded_with_letters(senior: Any, make_account: Any) -> None:
    account = make_account(start=D(2010, 4, 5))
    tenancy = account.tenancy
    deceased = tenancy.parties.get().person
    wife = people.create_person(
        actor=senior, first_name="Ada", last_name="Okafor", date_of_birth=D(1980, 1, 1)
    )
    partner = people.create_person(
        actor=senior, first_name="Lee", last_name="Adeyemi", date_of_birth=D(1982, 1, 1)
    )
    process = successions.succession(
        actor=senior,
        tenancy=tenancy,
        request=successions.SuccessionRequest(
            deceased=deceased,
            successor=wife,
            relationship="spouse",
            resided_since=D(2012, 1, 1),
            date_of_death=D(2025, 9, 1),
        ),
    )
    assert process.kind == "succession" and process.details["to"] == ["Ada Okafor"]
    with pytest.raises(ValidationError, match="only one"):
        successions.succession(
            actor=senior,
            tenancy=tenancy,
            request=successions.SuccessionRequest(
                deceased=wife,
                successor=partner,
                relationship="partner",
                resided_since=D(2020, 1, 1),
                date_of_death=D(2025, 10, 1),
            ),
        )
    joined = joint_changes.joint_change(
        actor=senior,
        tenancy=tenancy,
        request=joint_changes.JointChangeRequest(change="add", person=partner, on=D(2025, 11, 1)),
    )
    left = joint_changes.joint_change(
        actor=senior,
        tenancy=tenancy,
        request=joint_changes.JointChangeRequest(
            change="remove", person=wife, on=D(2025, 12, 1), reason="Moved away"
        ),
    )
    assert joined.kind == left.kind == "joint_sole"
    assert set(left.details["to"]) == {"Ada Okafor", "Lee Adeyemi"}
    assert [p.kind for p in TenancyProcess.objects.filter(tenancy=tenancy).order_by("pk")] == [
        "succession",
        "joint_sole",
        "joint_sole",
    ]
    assert len(letters_on(account)) == 3 and all(b.startswith(b"%PDF-") for b in letters_on(account))


def test_assignment_waits_for_a_different_senior_officer(
    senior: Any, senior2: Any, income: Any, make_account: Any, client_for: Any
) -> None:
    account = make_account(start=D(2015, 4, 6))
    tenancy = account.tenancy
    tenant = tenancy.parties.get().person
    partner = people.create_person(
        actor=senior, first_name="Jo", last_name="Okafor", date_of_birth=D(1985, 1, 1)
    )
    with pytest.raises(ValidationError) as exc:
        assignments.assignment(
            actor=income,
            tenancy=tenancy,
            request=assignments.AssignmentRequest(assignee=partner, route="would_succeed", on=D(2025, 9, 1)),
        )
    assert {"relationship", "resided_since"} <= set(exc.value.message_dict)
    assert not TenancyProcess.objects.exists()

    client = client_for(income)
    asked = client.post(
        f"/rents/accounts/{account.pk}/assign/",
        {
            "route": "would_succeed",
            "assignee": partner.reference,
            "relationship": "partner",
            "resided_since_0": "1",
            "resided_since_1": "1",
            "resided_since_2": "2016",
            "on_0": "1",
            "on_1": "9",
            "on_2": "2025",
        },
    )
    assert asked.status_code == 302
    pending = TenancyProcess.objects.get(kind="assignment")
    assert pending.state == "pending" and live_tenants(tenancy) == {tenant.pk}  # nothing changed yet
    assert not letters_on(account)
    assert client.get(f"/rents/processes/{pending.pk}/letter.pdf").status_code == 404
    with pytest.raises(ValidationError, match="already waiting"):
        assignments.assignment(
            actor=senior,
            tenancy=tenancy,
            request=assignments.AssignmentRequest(assignee=partner, route="court_order", on=D(2025, 9, 1)),
        )

    with pytest.raises(PermissionDenied):  # an income officer cannot approve
        approvals.decide(actor=income, process=pending, approve=True)
    assert client.get(f"/rents/processes/{pending.pk}/decide/").status_code == 403
    assert "Assignment" in client_for(senior).get("/rents/approvals/").content.decode()
    refused = client_for(senior).post(f"/rents/processes/{pending.pk}/decide/", {"decision": "refuse"})
    assert refused.status_code == 400 and "Enter the reason for refusing" in refused.content.decode()
    approved = client_for(senior).post(f"/rents/processes/{pending.pk}/decide/", {"decision": "approve"})
    assert approved.status_code == 302
    pending.refresh_from_db()
    assert pending.state == "done" and pending.decided_by == senior
    assert live_tenants(tenancy) == {partner.pk}
    assert audit.history_for(tenancy).filter(action="succession").exists()  # counts as the succession
    (letter,) = letters_on(account)
    assert letter.startswith(b"%PDF-")

    # the officer who asked cannot approve it, even a senior one
    other = make_account(start=D(2015, 4, 6))
    asked_by_senior = assignments.assignment(
        actor=senior,
        tenancy=other.tenancy,
        request=assignments.AssignmentRequest(assignee=partner, route="court_order", on=D(2025, 10, 1)),
    )
    with pytest.raises(ValidationError, match="another senior officer"):
        approvals.decide(actor=senior, process=asked_by_senior, approve=True)
    approvals.decide(actor=senior2, process=asked_by_senior, approve=False, note="No court order seen")
    asked_by_senior.refresh_from_db()
    assert asked_by_senior.state == "refused" and live_tenants(other.tenancy) != {partner.pk}
    with pytest.raises(ValidationError, match="not waiting"):
        approvals.decide(actor=senior2, process=asked_by_senior, approve=True)


def test_introductory_review_letters_and_extension_approval(
    senior: Any, senior2: Any, income: Any, estate: Any
) -> None:
    from hearth.properties import services as properties

    home = properties.create_property(
        actor=senior,
        estate=estate,
        address_line_1="9 Elm Walk",
        town="Hearthton",
        postcode="HT1 5BB",
        kind="flat",
        bedrooms=1,
        ownership="council",
        status="void",
    )
    person = people.create_person(
        actor=senior, first_name="Ola", last_name="Ade", date_of_birth=D(1990, 1, 1)
    )
    signed = sign_ups.sign_up(
        actor=senior,
        request=sign_ups.SignUpRequest(
            property=home,
            kind="introductory",
            start_date=D(2025, 1, 6),
            tenants=[person],
            charges=[("rent", "95.50", "")],
            id_checked=True,
            eligibility_checked=True,
        ),
    )
    tenancy = signed.tenancy
    account = RentAccount.objects.get(tenancy=tenancy)
    with pytest.raises(ValidationError) as exc:
        reviews.review(
            actor=income,
            tenancy=tenancy,
            request=reviews.ReviewRequest(outcome="extend", today=D(2025, 11, 1)),
        )
    assert "reason" in exc.value.message_dict
    asked = reviews.review(
        actor=income,
        tenancy=tenancy,
        request=reviews.ReviewRequest(outcome="extend", reason="Rent arrears", today=D(2025, 11, 1)),
    )
    assert asked.state == "pending" and not process_selectors.trial_extended(tenancy)
    approvals.decide(actor=senior2, process=asked, approve=True)
    asked.refresh_from_db()
    assert asked.state == "done" and process_selectors.trial_extended(tenancy)
    letter = render_to_string(letters.TEMPLATE, letters.letter_context(asked))
    for text in (
        "Hearth Borough Council",
        tenancy.reference,
        "9 Elm Walk",
        "Ola Ade",
        "extended its trial period by six months, to 05 July 2026",
        "The reason is: Rent arrears",
        "approved by a senior officer",
    ):
        assert text in letter
    confirmed = reviews.review(
        actor=income, tenancy=tenancy, request=reviews.ReviewRequest(outcome="confirm", today=D(2026, 7, 6))
    )
    tenancy.refresh_from_db()
    assert confirmed.state == "done" and tenancy.kind == "secure"
    assert [
        p.details["review_outcome"] for p in TenancyProcess.objects.filter(kind="review").order_by("pk")
    ] == [
        "extend",
        "confirm",
    ]
    assert len(letters_on(account)) == 2


def test_discretionary_succession_needs_a_second_senior_officer(
    senior: Any, senior2: Any, income: Any, make_account: Any, client_for: Any
) -> None:
    account = make_account(start=D(2016, 4, 4))  # since April 2012: no statutory right for a carer
    tenancy = account.tenancy
    deceased = tenancy.parties.get().person
    carer = people.create_person(actor=senior, first_name="Bo", last_name="Reid", date_of_birth=D(1970, 1, 1))
    asked = successions.SuccessionRequest(
        deceased=deceased,
        successor=carer,
        relationship="carer",
        resided_since=D(2023, 1, 1),
        date_of_death=D(2025, 9, 1),
    )
    with pytest.raises(ValidationError, match="ask for a discretionary succession"):
        successions.succession(actor=income, tenancy=tenancy, request=asked)
    with pytest.raises(ValidationError) as exc:
        successions.succession(actor=income, tenancy=tenancy, request=replace(asked, discretionary=True))
    assert list(exc.value.message_dict) == ["reason"]
    pending = successions.succession(
        actor=income,
        tenancy=tenancy,
        request=replace(asked, discretionary=True, reason="Cared for the tenant for two years"),
    )
    assert pending.state == "pending" and live_tenants(tenancy) == {deceased.pk}
    with pytest.raises(PermissionDenied):
        approvals.decide(actor=income, process=pending, approve=True)
    approvals.decide(actor=senior2, process=pending, approve=True)
    assert live_tenants(tenancy) == {carer.pk}
    assert audit.history_for(tenancy).filter(action="discretionary succession").exists()
    (letter,) = letters_on(account)
    assert letter.startswith(b"%PDF-")


def test_a_page_with_a_field_error_changes_nothing(senior: Any, make_account: Any, client_for: Any) -> None:
    account = make_account()
    tenancy = account.tenancy
    partner = people.create_person(
        actor=senior, first_name="Lee", last_name="Okafor", date_of_birth=D(1985, 1, 1)
    )
    before = live_tenants(tenancy)
    response = client_for(senior).post(
        f"/rents/accounts/{account.pk}/joint/",
        {
            "change": "add",
            "person": partner.reference,
            "on_0": "1",
            "on_1": "9",
            "on_2": "2025",
            "reason": "x" * 201,
        },
    )
    assert response.status_code == 400 and "200 characters" in response.content.decode()
    assert live_tenants(tenancy) == before
    assert not TenancyProcess.objects.exists()
