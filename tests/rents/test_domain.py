"""Pure rent rules: weeks, years, part weeks, free weeks, elements, caps, UC, files, stages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hearth.rents import domain as d

D = dt.date
M = Decimal

dates = st.dates(min_value=D(2015, 1, 1), max_value=D(2040, 12, 31))
money = st.decimals(min_value=M("0.01"), max_value=M("999.99"), places=2)


# --- weeks and years ---------------------------------------------------------------------------


@given(dates)
def test_week_monday_is_a_monday_within_the_week(day: dt.date) -> None:
    monday = d.week_monday(day)
    assert monday.weekday() == 0
    assert 0 <= (day - monday).days <= 6
    assert d.week_sunday(day) == monday + dt.timedelta(days=6)


@pytest.mark.parametrize(("year", "weeks"), [(2024, 53), (2025, 52), (2030, 53), (2035, 53), (2026, 52)])
def test_rent_year_has_52_or_53_mondays(year: int, weeks: int) -> None:
    assert d.weeks_in_rent_year(year) == weeks


@given(st.integers(min_value=2000, max_value=2100))
def test_every_rent_year_has_52_or_53_mondays_all_inside_it(year: int) -> None:
    mondays = d.rent_year_mondays(year)
    first, last = d.rent_year_bounds(year)
    assert len(mondays) in (52, 53)
    assert all(first <= m <= last and m.weekday() == 0 for m in mondays)
    assert mondays[0] - first < dt.timedelta(days=7)
    assert d.first_monday_of_april(year) == mondays[0]


def test_rent_year_of_and_label() -> None:
    assert d.rent_year_of(D(2025, 3, 31)) == 2024
    assert d.rent_year_of(D(2025, 4, 1)) == 2025
    assert d.rent_year_label(2025) == "2025/26"
    assert d.rent_year_label(2099) == "2099/00"


# --- debits ------------------------------------------------------------------------------------


def test_part_week_at_start_is_debited_on_the_start_date() -> None:
    debit = d.debit_for_week(D(2025, 9, 8), weekly=M("95.50"), start=D(2025, 9, 10))
    assert debit == d.Debit(D(2025, 9, 10), M("68.21"), 5)
    assert debit.part_week


def test_part_week_at_end_is_debited_on_the_monday() -> None:
    debit = d.debit_for_week(D(2025, 12, 1), weekly=M("95.50"), start=D(2024, 1, 1), end=D(2025, 12, 3))
    assert debit == d.Debit(D(2025, 12, 1), M("40.93"), 3)


def test_tenancy_ending_on_sunday_has_no_part_week() -> None:
    assert d.debit_for_week(D(2025, 11, 24), weekly=M("95.50"), start=D(2024, 1, 1), end=D(2025, 11, 30)) == (
        d.Debit(D(2025, 11, 24), M("95.50"), 7)
    )
    assert (
        d.debit_for_week(D(2025, 12, 1), weekly=M("95.50"), start=D(2024, 1, 1), end=D(2025, 11, 30)) is None
    )


def test_start_and_end_in_the_same_week() -> None:
    # Tuesday to Thursday: 3 days, debited on the start date
    debit = d.debit_for_week(D(2025, 9, 8), weekly=M("70.00"), start=D(2025, 9, 9), end=D(2025, 9, 11))
    assert debit == d.Debit(D(2025, 9, 9), M("30.00"), 3)


def test_half_up_rounding() -> None:
    # 10.01 x 3 / 7 = 4.29 (4.29); 0.35 x 1 / 7 = 0.05; 1.75 x 1/7 = 0.25 exactly
    assert d.prorate(M("10.01"), 3) == M("4.29")
    assert d.prorate(M("0.35"), 1) == M("0.05")
    assert d.prorate(M("0.07"), 5) == M("0.05")  # 0.05 exactly
    assert d.prorate(M("0.21"), 5) == M("0.15")
    assert d.prorate(M("0.49"), 1) == M("0.07")
    assert d.prorate(M("0.03"), 1) == M("0.00")
    assert d.prorate(M("0.035"), 7) == M("0.04")  # half up, not to even


def test_part_week_inside_a_free_week_is_not_debited() -> None:
    free = {D(2025, 9, 8)}
    assert d.debit_for_week(D(2025, 9, 8), weekly=M("95.50"), start=D(2025, 9, 10), free_mondays=free) is None
    assert (
        d.debit_for_week(
            D(2025, 12, 1),
            weekly=M("95.50"),
            start=D(2024, 1, 1),
            end=D(2025, 12, 3),
            free_mondays={D(2025, 12, 1)},
        )
        is None
    )


def test_not_a_monday_is_refused() -> None:
    with pytest.raises(ValueError, match="not a Monday"):
        d.debit_for_week(D(2025, 9, 9), weekly=M("1.00"), start=D(2025, 1, 1))


def test_before_start_and_after_end_nothing() -> None:
    assert d.debit_for_week(D(2025, 9, 1), weekly=M("95.50"), start=D(2025, 9, 8)) is None
    assert (
        d.debit_for_week(D(2025, 9, 15), weekly=M("95.50"), start=D(2025, 1, 6), end=D(2025, 9, 14)) is None
    )


@given(dates, st.integers(min_value=0, max_value=400), money)
def test_a_year_of_full_weeks_is_weekly_times_mondays(start: dt.date, length: int, weekly: Decimal) -> None:
    first, last = start, start + dt.timedelta(days=length)
    tenancy_start = d.week_monday(start) - dt.timedelta(days=7)
    debits = d.debits_between(first, last, weekly=weekly, start=tenancy_start)
    assert [x.date for x in debits] == d.mondays_between(first, last)
    assert all(x.amount == weekly for x in debits)


@given(dates, st.integers(min_value=0, max_value=200), money, st.integers(min_value=0, max_value=60))
def test_each_week_is_debited_at_most_once_and_never_more_than_weekly(
    start: dt.date, length: int, weekly: Decimal, window: int
) -> None:
    end = start + dt.timedelta(days=length)
    first = start - dt.timedelta(days=window)
    debits = d.debits_between(first, end + dt.timedelta(days=window), weekly=weekly, start=start, end=end)
    weeks = [d.week_monday(x.date) for x in debits]
    assert len(weeks) == len(set(weeks))
    assert all(x.amount <= weekly and start <= x.date <= end for x in debits)
    assert (
        sum(x.days for x in debits) == length + 1
        or any(x.amount == 0 for x in debits)
        or weekly * 1 / 7 < M("0.005")
    )


@given(dates, st.integers(min_value=0, max_value=100), money, st.sets(st.integers(min_value=0, max_value=20)))
def test_free_weeks_are_never_debited(
    start: dt.date, length: int, weekly: Decimal, offsets: set[int]
) -> None:
    end = start + dt.timedelta(days=length)
    free = {d.week_monday(start) + dt.timedelta(weeks=i) for i in offsets}
    debits = d.debits_between(start, end, weekly=weekly, start=start, end=end, free_mondays=free)
    assert not {d.week_monday(x.date) for x in debits} & free


def test_elements_are_debited_separately_each_rounded() -> None:
    elements = [
        d.Element("rent", M("90.01"), D(2020, 1, 1)),
        d.Element("service", M("5.01"), D(2020, 1, 1)),
        d.Element("water", M("3.00"), D(2020, 1, 1), D(2025, 9, 1)),
    ]
    assert d.weekly_charge(elements, D(2025, 8, 1)) == M("98.02")
    assert d.weekly_charge(elements, D(2025, 9, 10)) == M("95.02")
    got = d.element_debits_for_week(D(2025, 9, 8), elements, start=D(2025, 9, 10))
    # 90.01 x 5/7 = 64.2928.. -> 64.29; 5.01 x 5/7 = 3.5785.. -> 3.58; water ended before
    assert got == [
        ("rent", d.Debit(D(2025, 9, 10), M("64.29"), 5)),
        ("service", d.Debit(D(2025, 9, 10), M("3.58"), 5)),
    ]


# --- rent changes and UC -----------------------------------------------------------------------


def test_rent_standard_caps() -> None:
    assert d.rent_standard_cap(2023) == M("7.0")
    assert d.rent_standard_cap(2025) == M("2.7")
    assert d.rent_standard_cap(2026) == M("4.8")
    assert d.rent_standard_cap(2027, M("2.0")) == M("3.0")
    with pytest.raises(ValueError):
        d.rent_standard_cap(2027)


def test_changed_rent_is_capped() -> None:
    assert d.changed_rent(M("100.00"), M("10"), M("4.8")) == M("104.80")
    assert d.changed_rent(M("100.00"), M("2"), M("4.8")) == M("102.00")
    assert d.changed_rent(M("95.55"), M("2.7"), M("2.7")) == M("98.13")  # 98.12985 -> 98.13
    assert d.within_cap(M("100.00"), M("104.80"), M("4.8"))
    assert not d.within_cap(M("100.00"), M("104.81"), M("4.8"))


@given(
    money,
    st.decimals(min_value=M("-5"), max_value=M("20"), places=1),
    st.decimals(min_value=0, max_value=10, places=1),
)
def test_changed_rent_never_exceeds_cap(current: Decimal, pct: Decimal, cap: Decimal) -> None:
    assert d.within_cap(current, d.changed_rent(current, pct, cap), cap)


def test_uc_monthly() -> None:
    assert d.uc_monthly(M("100.00")) == M("433.33")
    assert d.uc_monthly(M("108.33"), 48) == M("433.32")


# --- limits, stages ----------------------------------------------------------------------------


def test_limits_and_segregation() -> None:
    assert not d.needs_approval(M("250.00"), M("250.00"))
    assert d.needs_approval(M("250.01"), M("250.00"))
    assert d.needs_approval(M("-300.00"), M("250.00"))
    assert d.approval_refusal(requested_by=1, approver=1)
    assert d.approval_refusal(requested_by=1, approver=2) is None


@pytest.mark.parametrize(
    ("arrears", "code"),
    [
        ("0.00", None),
        ("-50.00", None),
        ("50.00", None),
        ("100.00", None),
        ("200.00", "letter_1"),
        ("400.00", "letter_2"),
        ("650.00", "nosp"),
        ("2000.00", "court"),
    ],
)
def test_recommended_stage(arrears: str, code: str | None) -> None:
    stage = d.recommended_stage(M(arrears), M("100.00"))
    assert (stage.code if stage else None) == code


def test_weeks_owed() -> None:
    assert d.weeks_owed(M("150.00"), M("100.00")) == M("1.5")
    assert d.weeks_owed(M("150.00"), M("0")) == 0


# --- payment files -----------------------------------------------------------------------------

MAPPING = d.ColumnMapping(
    account="Account", amount="Amount", date="Paid on", reference="Ref", date_format="%d/%m/%Y"
)


def test_parse_a_good_file() -> None:
    text = "Account,Amount,Paid on,Ref\nR0000001,£1,050.00,03/11/2025,B1\n"
    text = 'Account,Amount,Paid on,Ref\nR0000001,"£1,050.00",03/11/2025,B1\n\nR0000002,12.5,04/11/2025,B2\n'
    parsed = d.parse_payment_file(text, MAPPING)
    assert parsed.errors == []
    assert parsed.rows == [
        d.PaymentRow(2, "R0000001", M("1050.00"), D(2025, 11, 3), "B1"),
        d.PaymentRow(4, "R0000002", M("12.50"), D(2025, 11, 4), "B2"),
    ]


def test_every_bad_row_is_listed_with_its_line() -> None:
    text = (
        "account,amount,paid on,ref\n"
        "R1,10.00,03/11/2025,A\n"
        ",ten,2025-11-03,\n"
        "R2,-5,03/11/2025,B\n"
        "R3,5,03/11/2025,A\n"
        "R4,5,03/11/2099,C\n"
    )
    parsed = d.parse_payment_file(text, MAPPING, today=D(2025, 12, 1))
    lines = [line for line, _ in parsed.errors]
    assert lines == [3, 4, 5, 6]
    assert "account reference is missing" in parsed.errors[0][1]
    assert "'ten' is not a sum of money" in parsed.errors[0][1]
    assert parsed.errors[0][1][0].isupper() and parsed.errors[0][1].endswith(".")
    assert "more than £0.00" in parsed.errors[1][1]
    assert "also on line 2" in parsed.errors[2][1]
    assert "future" in parsed.errors[3][1]


def test_missing_columns_and_empty_files() -> None:
    assert d.parse_payment_file("Account,Amount\n1,2\n", MAPPING).errors[0][0] == 1
    assert d.parse_payment_file("", MAPPING).errors == [(1, "The file is empty.")]
    assert d.parse_payment_file("Account,Amount,Paid on,Ref\n", MAPPING).errors == [
        (2, "The file has no payments in it.")
    ]


# --- tenancy process rules ---------------------------------------------------------------------

from hearth.tenancy_processes import agreement_rules  # noqa: E402
from hearth.tenancy_processes import rules as tp  # noqa: E402


def test_introductory_trial_and_review() -> None:
    assert tp.introductory_trial_ends(D(2025, 4, 7)) == D(2026, 4, 6)
    assert tp.introductory_trial_ends(D(2025, 4, 7), extended=True) == D(2026, 10, 6)
    assert tp.introductory_review_due(D(2025, 4, 7)) == D(2026, 2, 9)
    assert tp.add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)


def test_notice_rules() -> None:
    assert agreement_rules.notice_problem("tenant_notice", D(2025, 9, 1), D(2025, 9, 29)) is None
    assert "earliest end date is 29 September 2025" in (
        agreement_rules.notice_problem("tenant_notice", D(2025, 9, 1), D(2025, 9, 28)) or ""
    )
    assert agreement_rules.notice_problem("tenant_notice", None, D(2025, 9, 28))
    assert agreement_rules.notice_problem("death", None, D(2025, 9, 28)) is None
    assert agreement_rules.notice_problem("nonsense", None, D(2025, 9, 28))


def test_sign_up_checks() -> None:
    assert tp.sign_up_problems(id_checked=True, eligibility_checked=True) == {}
    assert set(tp.sign_up_problems(let_on="T0000001", id_checked=False, eligibility_checked=False)) == {
        "property_ref",
        "id_checked",
        "eligibility_checked",
    }


def test_arrangement_rules() -> None:
    start = D(2025, 9, 1)
    assert d.instalments_due(start, D(2025, 8, 31)) == 0
    assert d.instalments_due(start, start) == 1
    assert d.instalments_due(start, D(2025, 9, 15)) == 3
    # three instalments of 20 due; 40 paid: one behind, within the week's grace
    assert d.arrangement_shortfall(start=start, weekly=M("20"), paid=M("40"), today=D(2025, 9, 15)) == M(
        "20.00"
    )
    assert not d.arrangement_broken(start=start, weekly=M("20"), paid=M("40"), today=D(2025, 9, 15))
    assert d.arrangement_broken(start=start, weekly=M("20"), paid=M("19.99"), today=D(2025, 9, 15))
    assert d.arrangement_shortfall(start=start, weekly=M("20"), paid=M("100"), today=D(2025, 9, 15)) == 0


@given(
    st.decimals(min_value=M("0.01"), max_value=M("100000"), places=2),
    st.lists(st.integers(min_value=0, max_value=6), min_size=1, max_size=40),
)
def test_apportion_adds_up_exactly(total: Decimal, weights: list[int]) -> None:
    shares = d.apportion(total, dict(enumerate(weights)))
    if any(weights):
        assert sum(shares.values()) == total
    assert all(shares[i] == 0 for i, w in enumerate(weights) if w == 0)


def test_apportion_and_section_20() -> None:
    assert d.apportion(M("100.00"), {"a": 1, "b": 1, "c": 1}) == {
        "a": M("33.34"),
        "b": M("33.33"),
        "c": M("33.33"),
    }
    assert d.apportion(M("100.00"), {"a": 1, "b": 3}) == {"a": M("25.00"), "b": M("75.00")}
    assert d.weekly_from_annual(M("520.00"), 2025) == M("10.00")
    assert d.weekly_from_annual(M("530.00"), 2024) == M("10.00")
    assert not d.section_20_needed(M("250.00")) and d.section_20_needed(M("250.01"))
