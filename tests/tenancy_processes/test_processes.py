"""Tenancy processes: sign-up creates the agreement, account and charges; termination ends them."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hearth.people import services as people
from hearth.properties import services as properties
from hearth.properties.models import Property
from hearth.rents import selectors, services
from hearth.rents.models import ChargeElement, RentAccount, Transaction
from hearth.tenancies.models import Tenancy
from hearth.tenancy_processes import approvals, exchange, termination
from hearth.tenancy_processes import assignment as assignments
from hearth.tenancy_processes import joint as joint_changes
from hearth.tenancy_processes import review as reviews
from hearth.tenancy_processes import sign_up as sign_ups
from hearth.tenancy_processes import succession as successions
from hearth.tenancy_processes.models import TenancyProcess

D = dt.date
M = Decimal
pytestmark = pytest.mark.django_db


@pytest.fixture
def home(senior: Any, estate: Any) -> Property:
    return properties.create_property(
        actor=senior,
        estate=estate,
        address_line_1="7 Ash Row",
        town="Hearthton",
        postcode="HT1 4AA",
        kind="flat",
        bedrooms=1,
        ownership="council",
        status="void",
    )


@pytest.fixture
def person(senior: Any) -> Any:
    return people.create_person(actor=senior, first_name="Ada", last_name="Khan", date_of_birth=D(1990, 1, 1))


def sign(senior: Any, home: Property, person: Any, **over: Any) -> TenancyProcess:
    args: dict[str, Any] = dict(
        property=home,
        kind="introductory",
        start_date=D(2025, 9, 10),
        tenants=[person],
        charges=[("rent", "95.50", ""), ("service", "4.50", "Cleaning"), ("water", "0", "")],
        id_checked=True,
        eligibility_checked=True,
    )
    args.update(over)
    return sign_ups.sign_up(actor=senior, request=sign_ups.SignUpRequest(**args))


def test_sign_up_creates_agreement_account_and_charges(senior: Any, home: Property, person: Any) -> None:
    process = sign(senior, home, person)
    account = RentAccount.objects.get(tenancy=process.tenancy)
    assert sorted(account.elements.values_list("kind", "weekly_amount")) == [
        ("rent", M("95.50")),
        ("service", M("4.50")),
    ]
    services.post_week(D(2025, 9, 8))
    # first part week: Wednesday to Sunday, each element separately
    assert sorted(Transaction.objects.filter(account=account).values_list("posted_on", "amount")) == [
        (D(2025, 9, 10), M("3.21")),
        (D(2025, 9, 10), M("68.21")),
    ]
    home.refresh_from_db()
    assert home.status == "let"


def test_sign_up_reports_every_problem_and_stores_nothing(senior: Any, home: Property, person: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        sign(
            senior,
            home,
            person,
            tenants=[],
            charges=[("rent", "0", "")],
            id_checked=False,
            eligibility_checked=False,
            kind="garage",
        )
    assert {"tenants", "rent", "id_checked", "eligibility_checked", "kind"} <= set(exc.value.message_dict)
    assert not Tenancy.objects.exists() and not RentAccount.objects.exists()


def test_termination_checks_notice_and_ends_everything(senior: Any, home: Property, person: Any) -> None:
    process = sign(senior, home, person, start_date=D(2025, 1, 6))
    tenancy = process.tenancy
    account = RentAccount.objects.get(tenancy=tenancy)
    services.run_debits(weeks=[D(2025, 9, 1)])
    with pytest.raises(ValidationError) as exc:
        termination.terminate(
            actor=senior,
            tenancy=tenancy,
            request=termination.TerminationRequest(
                notice_received=D(2025, 9, 1),
                end_date=D(2025, 9, 10),
                reason="tenant_notice",
                forwarding_address="",
            ),
        )
    assert set(exc.value.message_dict) == {"end_date", "forwarding_address"}
    done = termination.terminate(
        actor=senior,
        tenancy=tenancy,
        request=termination.TerminationRequest(
            notice_received=D(2025, 8, 1),
            end_date=D(2025, 9, 10),
            reason="tenant_notice",
            forwarding_address="1 New Street, Hearthton",
        ),
    )
    tenancy.refresh_from_db()
    home.refresh_from_db()
    assert tenancy.end_date == D(2025, 9, 10) and home.status == "void"
    assert not ChargeElement.objects.filter(account=account, effective_to__isnull=True).exists()
    # 100.00 for the week of 1 September is posted; 3 days of the week of 8 September are still to come
    assert done.final_balance == M("100.00") + M("40.93") + M("1.93")
    services.run_debits(weeks=[D(2025, 9, 8), D(2025, 9, 15)])
    assert selectors.balance(account) == done.final_balance


def test_sign_up_and_termination_pages(senior: Any, home: Property, person: Any, client_for: Any) -> None:
    client = client_for(senior)
    assert client.get("/rents/sign-up/").status_code == 200
    bad = client.post(
        "/rents/sign-up/",
        {
            "property_ref": "PR404",
            "tenants": "P404",
            "rent": "x",
            "start_date_0": "",
            "start_date_1": "",
            "start_date_2": "",
        },
    )
    text = bad.content.decode()
    assert bad.status_code == 400
    for sentence in [
        "No property has the reference PR404",
        "No person has the reference P404",
        "Enter the start date",
        "proof of identity",
        "immigration status",
        "Select the type",
    ]:
        assert sentence in text, sentence
    assert not Tenancy.objects.exists()
    ok = client.post(
        "/rents/sign-up/",
        {
            "property_ref": home.reference,
            "kind": "introductory",
            "start_date_0": "10",
            "start_date_1": "9",
            "start_date_2": "2025",
            "tenants": person.reference,
            "rent": "95.50",
            "service": "",
            "water": "2.00",
            "id_checked": "on",
            "eligibility_checked": "on",
        },
    )
    assert ok.status_code == 302, ok.content.decode()[:3000]
    account = RentAccount.objects.get()
    page = client.get(ok["Location"]).content.decode()
    assert "Sign-up letter" in page and "End this tenancy" in page
    letter = client.get(f"/rents/processes/{TenancyProcess.objects.get().pk}/letter.pdf")
    assert letter.content.startswith(b"%PDF-")
    bad_end = client.post(
        f"/rents/accounts/{account.pk}/terminate/",
        {"end_reason": "tenant_notice", "end_date_0": "12", "end_date_1": "9", "end_date_2": "2025"},
    )
    assert bad_end.status_code == 400
    assert (
        "Enter the date the tenant" in bad_end.content.decode()
        and "forwarding address" in bad_end.content.decode()
    )
    ended = client.post(
        f"/rents/accounts/{account.pk}/terminate/",
        {
            "end_reason": "tenant_notice",
            "notice_received_0": "1",
            "notice_received_1": "9",
            "notice_received_2": "2025",
            "end_date_0": "1",
            "end_date_1": "10",
            "end_date_2": "2025",
            "forwarding_address": "1 New Street",
        },
    )
    assert ended.status_code == 302
    final = TenancyProcess.objects.get(kind="termination")
    assert client.get(f"/rents/processes/{final.pk}/letter.pdf").content.startswith(b"%PDF-")


def test_introductory_review(senior: Any, income: Any, home: Property, person: Any, client_for: Any) -> None:
    from hearth.core import audit

    process = sign(senior, home, person, start_date=D(2025, 1, 6))
    tenancy = process.tenancy
    with pytest.raises(ValidationError, match="runs until 05 January 2026"):
        reviews.review(
            actor=senior,
            tenancy=tenancy,
            request=reviews.ReviewRequest(outcome="confirm", today=D(2025, 11, 1)),
        )
    with pytest.raises(ValidationError) as exc:
        reviews.review(
            actor=senior,
            tenancy=tenancy,
            request=reviews.ReviewRequest(outcome="extend", today=D(2025, 11, 1)),
        )
    assert "reason" in exc.value.message_dict
    asked = reviews.review(
        actor=senior,
        tenancy=tenancy,
        request=reviews.ReviewRequest(outcome="extend", reason="Arrears", today=D(2025, 11, 1)),
    )
    with pytest.raises(PermissionDenied):
        approvals.decide(actor=income, process=asked, approve=True)
    with pytest.raises(ValidationError, match="another senior officer must approve"):
        approvals.decide(actor=senior, process=asked, approve=True)
    # as if the income officer had held the review: the senior officer may then approve it
    TenancyProcess.objects.filter(pk=asked.pk).update(created_by=income)
    approvals.decide(actor=senior, process=asked, approve=True)
    with pytest.raises(ValidationError, match="already been extended"):
        reviews.review(
            actor=income,
            tenancy=tenancy,
            request=reviews.ReviewRequest(outcome="extend", reason="Again", today=D(2025, 12, 1)),
        )
    with pytest.raises(ValidationError, match="runs until 05 July 2026"):
        reviews.review(
            actor=senior,
            tenancy=tenancy,
            request=reviews.ReviewRequest(outcome="confirm", today=D(2026, 2, 1)),
        )
    reviews.review(
        actor=senior, tenancy=tenancy, request=reviews.ReviewRequest(outcome="confirm", today=D(2026, 7, 6))
    )
    tenancy.refresh_from_db()
    assert tenancy.kind == "secure"
    assert audit.history_for(tenancy).filter(action="introductory trial confirmed").exists()
    account = RentAccount.objects.get(tenancy=tenancy)
    client = client_for(senior)
    assert client.get(f"/rents/accounts/{account.pk}/review/").status_code == 200
    bad = client.post(f"/rents/accounts/{account.pk}/review/", {"outcome": "confirm"})
    assert bad.status_code == 400 and "Only an introductory tenancy" in bad.content.decode()


def test_mutual_exchange(senior: Any, income: Any, make_account: Any) -> None:
    one = make_account(start=D(2021, 4, 5), charges=(("rent", "90.00", ""), ("service", "5.00", "")))
    two = make_account(start=D(2022, 4, 4), charges=(("rent", "120.00", ""),))
    t1, t2 = one.tenancy, two.tenancy
    day = D(2025, 9, 8)
    services.post_payment(actor=senior, account=one, amount="95.00", paid_on=D(2025, 1, 6), channel="cash")
    services.post_week(D(2025, 9, 1))  # two now owes 120.00
    with pytest.raises(PermissionDenied):
        exchange.mutual_exchange(
            actor=income,
            request=exchange.ExchangeRequest(tenancies=[t1, t2], exchange_date=day, proceedings_checked=True),
        )
    with pytest.raises(ValidationError) as exc:
        exchange.mutual_exchange(
            actor=senior,
            request=exchange.ExchangeRequest(
                tenancies=[t1, t2], exchange_date=day, proceedings_checked=False
            ),
        )
    assert "arrears of £120.00" in " ".join(exc.value.message_dict["party_2"])  # on that party's field
    assert "party_1" not in exc.value.message_dict
    assert "proceedings_checked" in exc.value.message_dict
    services.post_payment(actor=senior, account=two, amount="120.00", paid_on=D(2025, 9, 2), channel="cash")
    done = exchange.mutual_exchange(
        actor=senior,
        request=exchange.ExchangeRequest(tenancies=[t1, t2], exchange_date=day, proceedings_checked=True),
    )
    assert len(done) == 2
    t1.refresh_from_db()
    t2.refresh_from_db()
    assert t1.end_date == t2.end_date == D(2025, 9, 7)
    moved_to_two = Tenancy.objects.get(property=t2.property, start_date=day)
    assert [p.person_id for p in moved_to_two.parties.all()] == [p.person_id for p in t1.parties.all()]
    new_account = RentAccount.objects.get(tenancy=moved_to_two)
    assert list(new_account.elements.values_list("kind", "weekly_amount")) == [("rent", M("120.00"))]
    services.post_week(day)
    assert selectors.balance(new_account) == M("120.00")
    assert not Transaction.objects.filter(account=one, posted_on=day).exists()


def test_exchange_page(senior: Any, income: Any, make_account: Any, client_for: Any) -> None:
    one, two = make_account(start=D(2021, 4, 5)), make_account(start=D(2021, 4, 5))
    client = client_for(senior)
    assert client.get("/rents/exchange/").status_code == 200
    assert client_for(income).get("/rents/exchange/").status_code == 403
    bad = client.post("/rents/exchange/", {"party_1": "T404", "party_2": ""})
    text = bad.content.decode()
    assert (
        bad.status_code == 400 and "No tenancy has the reference T404" in text and "Enter the tenancy" in text
    )
    ok = client.post(
        "/rents/exchange/",
        {
            "party_1": one.tenancy.reference,
            "party_2": two.tenancy.reference,
            "exchange_date_0": "8",
            "exchange_date_1": "9",
            "exchange_date_2": "2025",
            "proceedings_1": "on",
            "proceedings_2": "on",
        },
    )
    assert ok.status_code == 302
    assert TenancyProcess.objects.filter(kind="exchange").count() == 2


def test_succession(senior: Any, make_account: Any, client_for: Any) -> None:
    from hearth.core import audit
    from hearth.tenancy_processes.rules import Claim, succession_problems

    account = make_account(start=D(2010, 4, 5))
    tenancy = account.tenancy
    deceased = tenancy.parties.get().person
    son = people.create_person(
        actor=senior, first_name="Sam", last_name="Okafor", date_of_birth=D(1995, 1, 1)
    )
    wife = people.create_person(
        actor=senior, first_name="Ada", last_name="Okafor", date_of_birth=D(1980, 1, 1)
    )
    with pytest.raises(ValidationError) as exc:
        successions.succession(
            actor=senior,
            tenancy=tenancy,
            request=successions.SuccessionRequest(
                deceased=deceased,
                successor=son,
                relationship="family",
                resided_since=D(2025, 3, 1),
                date_of_death=D(2025, 9, 1),
            ),
        )
    assert "12 months before the death" in exc.value.message_dict["resided_since"][0]
    successions.succession(
        actor=senior,
        tenancy=tenancy,
        request=successions.SuccessionRequest(
            deceased=deceased,
            successor=son,
            relationship="family",
            resided_since=D(2020, 1, 1),
            date_of_death=D(2025, 9, 1),
        ),
    )
    assert [p.person for p in tenancy.parties.filter(role="tenant", end_date__isnull=True)] == [son]
    assert audit.history_for(tenancy).filter(action="succession").exists()
    with pytest.raises(ValidationError, match="only one"):
        successions.succession(
            actor=senior,
            tenancy=tenancy,
            request=successions.SuccessionRequest(
                deceased=son,
                successor=wife,
                relationship="spouse",
                resided_since=D(2020, 1, 1),
                date_of_death=D(2025, 10, 1),
            ),
        )
    # since April 2012 only a spouse or partner
    claim = Claim(
        tenancy_kind="secure",
        tenancy_start=D(2013, 1, 1),
        sole_tenant=True,
        relationship="family",
        resided_since=D(2013, 1, 1),
        date_of_death=D(2025, 1, 1),
    )
    assert "relationship" in succession_problems(claim, previous_succession=False)
    joint = replace(claim, sole_tenant=False, relationship="spouse")
    assert "deceased" in succession_problems(joint, previous_succession=False)
    client = client_for(senior)
    assert client.get(f"/rents/accounts/{account.pk}/succession/").status_code == 200
    bad = client.post(f"/rents/accounts/{account.pk}/succession/", {"deceased": "P404"})
    assert bad.status_code == 400 and "Enter the date of death" in bad.content.decode()


def test_sole_to_joint_and_back(senior: Any, make_account: Any, client_for: Any) -> None:
    account = make_account(start=D(2020, 4, 6))
    tenancy = account.tenancy
    first = tenancy.parties.get().person
    partner = people.create_person(
        actor=senior, first_name="Lee", last_name="Okafor", date_of_birth=D(1985, 1, 1)
    )
    child = people.create_person(
        actor=senior, first_name="Kit", last_name="Okafor", date_of_birth=D(2015, 1, 1)
    )
    with pytest.raises(ValidationError, match="sole tenant cannot leave"):
        joint_changes.joint_change(
            actor=senior,
            tenancy=tenancy,
            request=joint_changes.JointChangeRequest(change="remove", person=first, on=D(2025, 9, 1)),
        )
    with pytest.raises(ValidationError, match="at least 16"):
        joint_changes.joint_change(
            actor=senior,
            tenancy=tenancy,
            request=joint_changes.JointChangeRequest(change="add", person=child, on=D(2025, 9, 1)),
        )
    client = client_for(senior)
    assert client.get(f"/rents/accounts/{account.pk}/joint/").status_code == 200
    ok = client.post(
        f"/rents/accounts/{account.pk}/joint/",
        {"change": "add", "person": partner.reference, "on_0": "1", "on_1": "9", "on_2": "2025"},
    )
    assert ok.status_code == 302
    assert set(
        tenancy.parties.filter(role="tenant", end_date__isnull=True).values_list("person", flat=True)
    ) == {first.pk, partner.pk}
    joint_changes.joint_change(
        actor=senior,
        tenancy=tenancy,
        request=joint_changes.JointChangeRequest(
            change="remove", person=first, on=D(2025, 10, 1), reason="Relationship ended"
        ),
    )
    assert list(
        tenancy.parties.filter(role="tenant", end_date__isnull=True).values_list("person", flat=True)
    ) == [partner.pk]
    bad = client.post(f"/rents/accounts/{account.pk}/joint/", {"person": "P404"})
    assert bad.status_code == 400 and "No person has the reference P404" in bad.content.decode()


def test_assignment(senior: Any, income: Any, make_account: Any, client_for: Any) -> None:
    from hearth.core import audit

    account = make_account(start=D(2015, 4, 6))
    tenancy = account.tenancy
    daughter = people.create_person(
        actor=senior, first_name="Ife", last_name="Okafor", date_of_birth=D(1995, 1, 1)
    )
    partner = people.create_person(
        actor=senior, first_name="Jo", last_name="Okafor", date_of_birth=D(1985, 1, 1)
    )
    with pytest.raises(ValidationError) as exc:
        assignments.assignment(
            actor=senior,
            tenancy=tenancy,
            request=assignments.AssignmentRequest(
                assignee=daughter,
                route="would_succeed",
                relationship="family",
                resided_since=D(2016, 1, 1),
                on=D(2025, 9, 1),
            ),
        )
    assert "relationship" in exc.value.message_dict  # a post-2012 tenancy: spouse or partner only
    assignment = assignments.AssignmentRequest(
        assignee=partner,
        route="would_succeed",
        relationship="partner",
        resided_since=D(2016, 1, 1),
        on=D(2025, 9, 1),
    )
    asked = assignments.assignment(actor=senior, tenancy=tenancy, request=assignment)
    with pytest.raises(PermissionDenied):
        approvals.decide(actor=income, process=asked, approve=True)
    with pytest.raises(ValidationError, match="another senior officer must approve"):
        approvals.decide(actor=senior, process=asked, approve=True)  # nobody else asked for it
    assert [p.person for p in tenancy.parties.filter(role="tenant", end_date__isnull=True)] != [partner]
    TenancyProcess.objects.filter(pk=asked.pk).update(created_by=income)
    approvals.decide(actor=senior, process=asked, approve=True)
    assert [p.person for p in tenancy.parties.filter(role="tenant", end_date__isnull=True)] == [partner]
    assert audit.history_for(tenancy).filter(action="succession").exists()  # it was the one succession
    client = client_for(senior)
    assert client.get(f"/rents/accounts/{account.pk}/assign/").status_code == 200
    bad = client.post(f"/rents/accounts/{account.pk}/assign/", {"assignee": "P404"})
    assert bad.status_code == 400 and "No person has the reference P404" in bad.content.decode()
