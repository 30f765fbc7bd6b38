"""Dates that cross what is already done: a home relet after a notice, changes into weeks already
debited, charges carried on an exchange, succession after survivorship, the rent change's cap,
service charges for later sign-ups and the introductory extension's notice."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hearth.people import services as people
from hearth.properties import services as properties
from hearth.properties.models import Property
from hearth.rents import rent_change, selectors, services
from hearth.rents import service_charges as sc
from hearth.rents.models import ChargeElement, RentAccount, RentChange, Transaction
from hearth.tenancies import services as tenancies
from hearth.tenancy_processes import exchange as exchanges
from hearth.tenancy_processes import joint as joint_changes
from hearth.tenancy_processes import review as reviews
from hearth.tenancy_processes import sign_up as sign_ups
from hearth.tenancy_processes import succession as successions
from hearth.tenancy_processes import termination

D = dt.date
M = Decimal
pytestmark = pytest.mark.django_db


def _person(senior: Any, name: str) -> Any:
    return people.create_person(
        actor=senior, first_name=name, last_name="Adeyemi", date_of_birth=D(1980, 1, 1)
    )


def _home(senior: Any, estate: Any, n: int, kind: str = "house") -> Property:
    return properties.create_property(
        actor=senior,
        estate=estate,
        address_line_1=f"{n} Rowan Walk",
        town="Hearthton",
        postcode="HT1 3DE",
        kind=kind,
        bedrooms=0 if kind == "garage" else 2,
        ownership="council",
        status="void",
    )


def _sign(senior: Any, home: Property, person: Any, start: dt.date, rent: str = "100.00") -> Any:
    return sign_ups.sign_up(
        actor=senior,
        request=sign_ups.SignUpRequest(
            property=home,
            kind="secure",
            start_date=start,
            tenants=[person],
            charges=[("rent", rent, "")],
            id_checked=True,
            eligibility_checked=True,
        ),
    )


def _debits(account: Any) -> list[tuple[dt.date, Decimal]]:
    return list(
        Transaction.objects.filter(account=account)
        .order_by("posted_on", "id")
        .values_list("posted_on", "amount")
    )


# 1 -----------------------------------------------------------------------------------------------


def test_a_home_under_notice_can_be_signed_up_from_the_day_after_the_end(
    make_account: Any, senior: Any
) -> None:
    account = make_account(start=D(2020, 4, 6))
    tenancy = account.tenancy
    home = Property.objects.get(pk=tenancy.property_id)
    assert home.status == "let"
    today = timezone.localdate()
    ends = today + dt.timedelta(days=28)
    termination.terminate(
        actor=senior,
        tenancy=tenancy,
        request=termination.TerminationRequest(
            notice_received=today,
            end_date=ends,
            reason="tenant_notice",
            forwarding_address="1 New Road, Hearthton",
        ),
    )
    home.refresh_from_db()
    assert home.status == "let"  # still let until the notice runs out
    newcomer = _person(senior, "Nia")
    with pytest.raises(ValidationError) as exc:
        _sign(senior, home, newcomer, ends)
    assert exc.value.message_dict["property_ref"] == [
        f"This home is let on {tenancy.reference} until {ends:%d %B %Y}; a new agreement can start from "
        f"{ends + dt.timedelta(days=1):%d %B %Y}."
    ]
    process = _sign(senior, home, newcomer, ends + dt.timedelta(days=1))
    assert process.tenancy.start_date == ends + dt.timedelta(days=1)
    # the day after the end the new agreement runs, so the home stays let
    assert tenancies.refresh_let_statuses(on=ends + dt.timedelta(days=1)) == 0
    home.refresh_from_db()
    assert home.status == "let"


def test_a_notice_running_out_makes_the_home_void(make_account: Any, senior: Any) -> None:
    account = make_account(start=D(2020, 4, 6))
    today = timezone.localdate()
    ends = today + dt.timedelta(days=30)
    termination.terminate(
        actor=senior,
        tenancy=account.tenancy,
        request=termination.TerminationRequest(
            notice_received=today, end_date=ends, reason="tenant_notice", forwarding_address="1 New Road"
        ),
    )
    home = Property.objects.get(pk=account.tenancy.property_id)
    day_before = ends - dt.timedelta(days=1)
    assert tenancies.refresh_let_statuses(on=day_before) == 0
    assert Property.objects.get(pk=home.pk).status == "let"
    # void from the last day of the agreement, when the keys come back
    assert tenancies.refresh_let_statuses(on=ends) == 1
    assert Property.objects.get(pk=home.pk).status == "void"


# 2 -----------------------------------------------------------------------------------------------


def test_a_charge_change_into_a_debited_week_is_refused(make_account: Any, senior: Any) -> None:
    account = make_account(start=D(2020, 4, 6), charges=(("rent", "100.00", ""),))
    services.post_week(D(2025, 6, 2))
    with pytest.raises(ValidationError) as exc:
        services.change_charge(
            actor=senior, account=account, kind="rent", weekly="110.00", effective_from=D(2025, 6, 2)
        )
    (message,) = exc.value.message_dict["effective_from"]
    assert "The week beginning 02 June 2025 has already been debited" in message
    assert "from 09 June 2025" in message and "rent debit amendment" in message
    assert list(ChargeElement.objects.filter(account=account).values_list("weekly_amount", flat=True)) == [
        M("100.00")
    ]
    services.change_charge(
        actor=senior, account=account, kind="rent", weekly="110.00", effective_from=D(2025, 6, 9)
    )
    services.post_week(D(2025, 6, 2))
    services.post_week(D(2025, 6, 9))
    assert selectors.balance(account) == M("210.00")


def test_ending_mid_week_after_the_run_credits_the_days_after_the_end(make_account: Any, senior: Any) -> None:
    account = make_account(start=D(2024, 4, 1), charges=(("rent", "100.00", ""),))
    services.post_week(D(2025, 6, 2))
    process = termination.terminate(
        actor=senior,
        tenancy=account.tenancy,
        request=termination.TerminationRequest(
            notice_received=None, end_date=D(2025, 6, 4), reason="abandonment"
        ),
    )
    assert selectors.balance(account) == M("42.86")
    assert process.final_balance == M("42.86")
    credit = Transaction.objects.get(account=account, kind="adjustment")
    debit = Transaction.objects.get(account=account, kind="rent")
    assert credit.amount == M("-57.14") and credit.corrects_id == debit.pk
    assert "4 days" in credit.description and "04 June 2025" in credit.description
    services.post_week(D(2025, 6, 2))  # a rerun changes nothing
    assert selectors.balance(account) == M("42.86")


def test_an_exchange_after_the_run_credits_the_old_account(make_account: Any, senior: Any) -> None:
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    one = make_account(start=D(2021, 4, 5), charges=(("rent", "100.00", ""),))
    two = make_account(start=D(2021, 4, 5), charges=(("rent", "120.00", ""),))
    services.post_week(monday)
    for account, paid, ref in ((one, "100.00", "X1"), (two, "120.00", "X2")):  # no arrears to exchange
        services.post_payment(
            actor=senior, account=account, amount=paid, paid_on=monday, channel="cash", reference=ref
        )
    exchange = monday + dt.timedelta(days=3)  # a Thursday: 3 days of the old home, 4 of the new
    exchanges.mutual_exchange(
        actor=senior,
        request=exchanges.ExchangeRequest(
            tenancies=[one.tenancy, two.tenancy], exchange_date=exchange, proceedings_checked=True
        ),
    )
    # the 4 days debited after each old agreement ended come back as credit
    assert selectors.balance(one) == M("-57.14")  # 100 x 4 / 7
    assert selectors.balance(two) == M("-68.57")  # 120 x 4 / 7
    new_one = RentAccount.objects.exclude(pk__in=[one.pk, two.pk]).get(tenancy__property=two.tenancy.property)
    # the new agreements start in a week already run: their part week is posted at once
    assert _debits(new_one) == [(exchange, M("68.57"))]  # 120 x 4 / 7
    services.post_week(monday)
    assert _debits(new_one) == [(exchange, M("68.57"))]


def test_the_rent_change_is_refused_once_april_has_been_debited(make_account: Any, senior: Any) -> None:
    make_account(start=D(2020, 4, 6), charges=(("rent", "100.00", ""),))
    services.post_week(D(2025, 4, 7))
    with pytest.raises(ValidationError) as exc:
        rent_change.plan(year=2025, increase="2.7")
    (message,) = exc.value.message_dict["year"]
    assert "the week beginning 07 April 2025 has already been debited at the old rents" in message
    assert "rent debit amendment" in message
    assert not RentChange.objects.exists()


def test_a_sign_up_in_a_week_already_run_is_debited_for_it_once(senior: Any, estate: Any) -> None:
    services.post_week(D(2025, 6, 2))
    home = _home(senior, estate, 1)
    process = _sign(senior, home, _person(senior, "Ola"), D(2025, 6, 4))  # a Wednesday
    account = process.tenancy.rent_account
    assert _debits(account) == [(D(2025, 6, 4), M("71.43"))]  # 100 x 5 / 7
    services.post_week(D(2025, 6, 2))
    services.post_week(D(2025, 6, 9))
    assert _debits(account) == [(D(2025, 6, 4), M("71.43")), (D(2025, 6, 9), M("100.00"))]


# 3 -----------------------------------------------------------------------------------------------


def test_an_exchange_carries_a_scheduled_rent_change(make_account: Any, senior: Any) -> None:
    today = timezone.localdate()
    later = today - dt.timedelta(days=today.weekday()) + dt.timedelta(days=21)
    one = make_account(start=D(2020, 4, 6))
    two = make_account(start=D(2020, 4, 6), charges=(("rent", "120.00", ""),))
    services.change_charge(actor=senior, account=two, kind="rent", weekly="130.00", effective_from=later)
    out = exchanges.mutual_exchange(
        actor=senior,
        request=exchanges.ExchangeRequest(
            tenancies=[one.tenancy, two.tenancy],
            exchange_date=today + dt.timedelta(days=1),
            proceedings_checked=True,
        ),
    )
    moved_to_two = next(p.tenancy for p in out if p.tenancy.property_id == two.tenancy.property_id)
    account = moved_to_two.rent_account
    assert selectors.weekly_charge(account, today + dt.timedelta(days=1)) == M("120.00")
    assert selectors.weekly_charge(account, later + dt.timedelta(days=7)) == M("130.00")


# 8 -----------------------------------------------------------------------------------------------


def test_survivorship_counts_as_the_succession(make_account: Any, senior: Any, client_for: Any) -> None:
    account = make_account(start=D(2010, 4, 5))
    tenancy = account.tenancy
    first = tenancy.parties.get().person
    second = _person(senior, "Kemi")
    joint_changes.joint_change(
        actor=senior,
        tenancy=tenancy,
        request=joint_changes.JointChangeRequest(change="add", person=second, on=D(2015, 1, 1)),
    )
    client = client_for(senior)
    page = client.post(
        f"/rents/accounts/{account.pk}/joint/",
        {"change": "death", "person": first.reference, "on_0": "1", "on_1": "1", "on_2": "2023"},
    )
    assert page.status_code == 302, page.content.decode()[:2000]
    letter = tenancy.processes.filter(kind="joint_sole").latest("id")
    assert "counts as the one succession" in " ".join(letter.details["outcome_paragraphs"])
    assert [p.person for p in tenancy.parties.filter(role="tenant", end_date__isnull=True)] == [second]
    spouse = _person(senior, "Tunde")
    with pytest.raises(ValidationError) as exc:
        successions.succession(
            actor=senior,
            tenancy=tenancy,
            request=successions.SuccessionRequest(
                deceased=second,
                successor=spouse,
                relationship="spouse",
                resided_since=D(2020, 1, 1),
                date_of_death=D(2024, 1, 1),
            ),
        )
    assert "already been a succession" in exc.value.message_dict["successor"][0]


def test_a_partner_of_a_tenancy_before_april_2012_needs_12_months(make_account: Any, senior: Any) -> None:
    account = make_account(start=D(2010, 4, 5))
    tenancy = account.tenancy
    tenant = tenancy.parties.get().person
    partner = _person(senior, "Femi")
    asked = successions.SuccessionRequest(
        deceased=tenant,
        successor=partner,
        relationship="partner",
        resided_since=D(2023, 9, 1),
        date_of_death=D(2024, 1, 1),
    )
    problems = successions.succession_problems(tenancy, asked)
    assert "must have lived at the home for the 12 months" in problems["resided_since"]
    assert "resided_since" not in successions.succession_problems(
        tenancy, replace(asked, relationship="spouse")
    )
    successions.succession(
        actor=senior, tenancy=tenancy, request=replace(asked, relationship="civil_partner")
    )


# 10 ----------------------------------------------------------------------------------------------


def _garage(senior: Any, estate: Any, weekly: str) -> Any:
    garage = _home(senior, estate, 90, kind="garage")
    tenancy = tenancies.create_tenancy(
        actor=senior,
        property=garage,
        kind="garage",
        start_date=D(2020, 4, 6),
        tenants=[_person(senior, "Gil")],
    )
    return services.open_account(actor=senior, tenancy=tenancy, charges=[("garage", M(weekly), "")])


def test_the_rent_change_caps_social_rents_and_leaves_garages_out(
    make_account: Any, senior: Any, estate: Any
) -> None:
    home = make_account(charges=(("rent", "100.00", ""),))
    garage = _garage(senior, estate, "10.00")
    ChargeElement.objects.filter(account=garage).update(kind="rent")
    p = rent_change.plan(year=2026, increase="6")
    assert [(line.element.account_id, line.new) for line in rent_change.lines(p)] == [(home.pk, M("104.80"))]
    rent_change.apply(actor=senior, p=p)
    assert selectors.weekly_charge(garage, D(2026, 4, 6)) == M("10.00")


def test_the_rent_change_includes_other_kinds_without_the_cap_when_asked(
    make_account: Any, senior: Any, estate: Any, client_for: Any
) -> None:
    home = make_account(charges=(("rent", "100.00", ""),))
    garage = _garage(senior, estate, "10.00")
    ChargeElement.objects.filter(account=garage).update(kind="rent")
    client = client_for(senior)
    asked = {"year": "2026", "increase": "6", "cpi": "", "include_other": "on"}
    preview = client.get("/rents/rent-change/", asked).content.decode()
    assert "garages, shops, commercial and leasehold (increase asked, no cap)" in preview
    assert 'name="include_other" value="on"' in preview  # carried to the apply button
    assert client.post("/rents/rent-change/", asked).status_code == 302
    assert selectors.weekly_charge(home, D(2026, 4, 6)) == M("104.80")
    assert selectors.weekly_charge(garage, D(2026, 4, 6)) == M("10.60")


# 12 ----------------------------------------------------------------------------------------------


def test_a_budget_cannot_be_applied_twice(make_account: Any, senior: Any, estate: Any) -> None:
    make_account()
    d = sc.draft(name="Cleaning", year="2026", area=estate.code, annual="520.00", method="equal", works=False)
    sc.apply(actor=senior, d=d)
    with pytest.raises(ValidationError) as exc:
        sc.apply(actor=senior, d=d)
    assert "already applied" in exc.value.message_dict["name"][0]
    with pytest.raises(ValidationError, match="already applied"):
        sc.draft(name="cleaning", year="2026", area=estate.code, annual="520.00", method="equal", works=False)
    assert ChargeElement.objects.filter(kind="service").count() == 1


def test_a_later_sign_up_gets_the_budget_and_the_rent_change(
    make_account: Any, senior: Any, estate: Any
) -> None:
    make_account()
    void = _home(senior, estate, 40)
    sc.apply(
        actor=senior,
        d=sc.draft(
            name="Cleaning", year="2026", area=estate.code, annual="1040.00", method="equal", works=False
        ),
    )
    rent_change.apply(actor=senior, p=rent_change.plan(year=2026, increase="6"))
    process = _sign(senior, void, _person(senior, "Ade"), D(2026, 3, 2))
    account = process.tenancy.rent_account
    rows = sorted(account.elements.values_list("kind", "weekly_amount", "effective_from", "effective_to"))
    assert rows == [
        ("rent", M("100.00"), D(2026, 3, 2), D(2026, 4, 5)),
        ("rent", M("104.80"), D(2026, 4, 6), None),
        ("service", M("10.00"), D(2026, 4, 6), D(2027, 3, 31)),
    ]
    services.post_week(D(2026, 4, 6))
    assert selectors.balance(account) == M("114.80")


# 17 ----------------------------------------------------------------------------------------------


def test_an_introductory_extension_needs_8_weeks_notice(senior: Any, estate: Any) -> None:
    home = _home(senior, estate, 7)
    tenancy = tenancies.create_tenancy(
        actor=senior,
        property=home,
        kind="introductory",
        start_date=D(2025, 1, 6),
        tenants=[_person(senior, "Bo")],
    )
    # the 12 months end on 5 January 2026: notice at least 8 weeks before 6 January, by 11 November
    with pytest.raises(ValidationError) as exc:
        reviews.review(
            actor=senior,
            tenancy=tenancy,
            request=reviews.ReviewRequest(outcome="extend", reason="Arrears", today=D(2025, 11, 12)),
        )
    (message,) = exc.value.message_dict["outcome"]
    assert "at least 8 weeks" in message and "11 November 2025" in message
    pending = reviews.review(
        actor=senior,
        tenancy=tenancy,
        request=reviews.ReviewRequest(outcome="extend", reason="Arrears", today=D(2025, 11, 11)),
    )
    assert pending.state == "pending"
