"""Repairs rules without the database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hearth.core.calendar import make_local
from hearth.repairs import domain


def local(text: str) -> dt.datetime:
    return make_local(dt.datetime.fromisoformat(text))


@pytest.mark.parametrize(
    ("priority", "raised", "due"),
    [
        ("urgent", "2025-04-17T10:00", "2025-04-28T10:00"),  # Easter
        ("emergency", "2026-03-28T12:00", "2026-03-29T13:00"),  # clocks go forward: 24 elapsed hours
        ("immediate", "2025-12-14T23:30", "2025-12-15T01:30"),
        ("routine", "2025-12-22T09:30", "2026-01-23T09:30"),
    ],
)
def test_default_targets(priority: str, raised: str, due: str) -> None:
    assert domain.target_due(priority, local(raised)) == local(due)


def test_a_landlords_policy_changes_a_target() -> None:
    overrides = {"urgent": {"unit": "working_days", "count": 3}}
    assert domain.target_due("urgent", local("2021-07-07T19:00"), overrides=overrides) == local(
        "2021-07-12T19:00"
    )


def test_unknown_priority_is_refused() -> None:
    with pytest.raises(ValueError, match="Unknown priority"):
        domain.target_due("whenever", local("2021-07-07T19:00"))


def test_target_met_at_the_due_instant() -> None:
    due = local("2025-01-10T10:00")
    assert domain.target_met(due, due)
    assert not domain.target_met(due + dt.timedelta(seconds=1), due)


def test_uplift_rounds_half_up() -> None:
    assert domain.uplifted_rate(Decimal("10.00"), Decimal("2.5")) == Decimal("10.25")
    assert domain.uplifted_rate(Decimal("0.10"), Decimal("5")) == Decimal("0.11")  # 0.105 -> 0.11
    assert domain.line_total(Decimal("2.5"), Decimal("18.40")) == Decimal("46.00")


def test_limits() -> None:
    assert not domain.needs_approval(Decimal("500.00"), Decimal("500.00"))
    assert domain.needs_approval(Decimal("500.01"), Decimal("500.00"))


def test_right_to_repair() -> None:
    assert domain.right_to_repair_applies("sink", secure_tenant=True, total=Decimal("42.00"))
    assert not domain.right_to_repair_applies("sink", secure_tenant=False, total=Decimal("42.00"))
    assert not domain.right_to_repair_applies("sink", secure_tenant=True, total=Decimal("250.01"))
    assert domain.DEFECTS["roof"].days == 7
    assert domain.rtr_compensation(0) == Decimal("0.00")
    assert domain.rtr_compensation(3) == Decimal("16.00")
    assert domain.rtr_compensation(30) == Decimal("50.00")
    assert domain.suggest_priority("power_total") == "emergency"
    assert domain.suggest_priority("roof") == "urgent"
    assert domain.suggest_priority("") == "routine"


def test_appointment_after_target_needs_the_residents_reason() -> None:
    due = local("2025-01-10T10:00")
    assert domain.appointment_problem(dt.date(2025, 1, 10), due, "") is None
    assert "after the target" in (domain.appointment_problem(dt.date(2025, 1, 11), due, "") or "")
    assert domain.appointment_problem(dt.date(2025, 1, 11), due, "Resident away until then") is None


@given(st.integers(min_value=0, max_value=5000), st.integers(min_value=0, max_value=100))
def test_sample_size_is_at_least_the_percentage_and_never_more_than_all(completed: int, percent: int) -> None:
    size = domain.sample_size(completed, percent)
    assert 0 <= size <= completed
    assert size * 100 >= completed * percent


def test_sample_is_reproducible() -> None:
    ids = list(range(1, 101))
    assert domain.pick_sample(ids, 10, "7:2025-01-01") == domain.pick_sample(
        list(reversed(ids)), 10, "7:2025-01-01"
    )
    assert len(domain.pick_sample(ids, 10, "x")) == 10


def test_rate_rows() -> None:
    row, problems = domain.parse_rate_row(
        {"code": "123456", "description": "Thing", "unit": "each", "rate": "£12.50", "trade": "Joinery"}
    )
    assert row is not None and row.rate == Decimal("12.50") and not problems
    row, problems = domain.parse_rate_row(
        {"code": "12A456", "description": "", "unit": "each", "rate": "x", "trade": ""}
    )
    assert row is None
    assert problems == [
        "the code '12A456' is not 6 digits",
        "the description is missing",
        "the trade is missing",
        "the rate 'x' is not an amount of money",
    ]
    _, problems = domain.parse_rate_row(
        {"code": "123456", "description": "a", "unit": "m", "rate": "1.234", "trade": "t"}
    )
    assert problems == ["the rate 1.234 has more than 2 decimal places"]
    _, problems = domain.parse_rate_row(
        {"code": "123456", "description": "a", "unit": "m", "rate": "-1", "trade": "t"}
    )
    assert problems == ["the rate '-1' is not an amount of money"]


def test_right_to_repair_days_late() -> None:
    # raised Thursday 17 April 2025 with 3 working days: due Thursday 24 April (Good Friday, Easter Monday skipped)
    assert domain.rtr_days_late(dt.date(2025, 4, 17), 3, dt.date(2025, 4, 24)) == 0
    assert domain.rtr_days_late(dt.date(2025, 4, 17), 3, dt.date(2025, 4, 25)) == 1
    assert domain.rtr_days_late(dt.date(2025, 4, 17), 3, dt.date(2025, 4, 28)) == 2


def test_a_rate_is_read_as_pounds_and_pence() -> None:
    """A schedule's rate is read the one way money is read: thousands separators and a pound sign,
    but not an exponent, a separator Python allows in numbers, or an amount past what is stored."""

    def rate(text: Any) -> tuple[Decimal | None, list[str]]:
        row, problems = domain.parse_rate_row(
            {"code": "123456", "description": "a", "unit": "m", "rate": text, "trade": "t"}
        )
        return (row.rate if row else None), problems

    assert rate("1,250.00") == (Decimal("1250.00"), [])
    assert rate("£1,250.5") == (Decimal("1250.50"), [])
    assert rate(31.5) == (Decimal("31.50"), [])  # a spreadsheet's number cell
    for text in ("1e3", "1_000", "Infinity", "NaN", "-1"):
        assert rate(text) == (None, [f"the rate {text!r} is not an amount of money"]), text
    assert rate("1,250.125") == (None, ["the rate 1,250.125 has more than 2 decimal places"])
    assert rate("100000000.00") == (None, ["the rate 100000000.00 is more than £99,999,999.99"])


def test_a_quantity_is_a_finite_number() -> None:
    assert domain.parse_quantity(" 2.5 ") == Decimal("2.5")
    assert domain.parse_quantity(Decimal("3")) == Decimal("3")
    for text in ("", "two", "Infinity", "-inf", "NaN", "sNaN"):
        assert domain.parse_quantity(text) is None, text
