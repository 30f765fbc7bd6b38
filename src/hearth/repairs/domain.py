"""Repairs rules with no database: targets, pricing, limits, Right to Repair, appointments,
post-inspection sampling and schedule-of-rates rows. Pages, API, imports and the acceptance runner
all use these."""

from __future__ import annotations

import datetime as dt
import math
import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from hearth.core import clocks
from hearth.core.calendar import Calendar, add_working_days, to_local, working_days_between
from hearth.core.money import MAX_AMOUNT, MoneyError, format_money, parse_money
from hearth.core.money import to_money as money

PRIORITIES: tuple[str, ...] = tuple(clocks.REPAIR_PRIORITIES)
PRIORITY_LABELS = {
    "immediate": "Immediate (2 hours)",
    "emergency": "Emergency (24 hours)",
    "urgent": "Urgent (5 working days)",
    "routine": "Routine (21 working days)",
}
NON_EMERGENCY = ("urgent", "routine")
EMERGENCY = ("immediate", "emergency")

CODE_PATTERN = re.compile(r"^[0-9]{6}$")  # ASCII digits: \d would take ١٢٣٤٥٦


# --- targets ------------------------------------------------------------------------------------


def priority_registry(overrides: Mapping[str, Mapping[str, Any]] | None = None) -> clocks.ClockRegistry:
    """The clock rules for repair priorities: the shipped defaults with a landlord's overrides."""
    if not overrides:
        return clocks.DEFAULT_CLOCKS
    return clocks.DEFAULT_CLOCKS.with_periods(
        {clocks.repair_clock_key(p): period for p, period in overrides.items()}
    )


def target_due(
    priority: str,
    raised_at: dt.datetime,
    *,
    overrides: Mapping[str, Mapping[str, Any]] | None = None,
    calendar: Calendar | None = None,
) -> dt.datetime:
    """When an order of `priority` raised at `raised_at` is due (aware London time)."""
    if priority not in PRIORITIES:
        raise ValueError(f"Unknown priority {priority!r}: use one of {', '.join(PRIORITIES)}.")
    return to_local(
        clocks.repair_due(priority, raised_at, calendar=calendar, registry=priority_registry(overrides))
    )


def target_met(completed_at: dt.datetime, due_at: dt.datetime) -> bool:
    """A target is met when the job is completed at or before the due instant."""
    return completed_at <= due_at


# --- pricing ------------------------------------------------------------------------------------


def uplifted_rate(rate: Decimal, uplift_percent: Decimal) -> Decimal:
    """A schedule rate with the contract's percentage uplift, to the penny (half up)."""
    return money(Decimal(rate) * (Decimal(100) + Decimal(uplift_percent)) / Decimal(100))


def line_total(quantity: Decimal, rate: Decimal) -> Decimal:
    return money(Decimal(quantity) * Decimal(rate))


def order_total(lines: Sequence[tuple[Decimal, Decimal]]) -> Decimal:
    """The sum of the (quantity, rate) lines' totals, each rounded to the penny first."""
    return money(sum((line_total(q, r) for q, r in lines), Decimal("0")))


def needs_approval(amount: Decimal, limit: Decimal) -> bool:
    """An order (or a variation's increase) above the officer's limit waits for approval."""
    return Decimal(amount) > Decimal(limit)


# --- Right to Repair (Secure Tenants of Local Housing Authorities (Right to Repair) Regs 1994) -----


@dataclass(frozen=True)
class QualifyingDefect:
    key: str
    label: str
    days: int  # prescribed period, working days


QUALIFYING_DEFECTS: tuple[QualifyingDefect, ...] = (
    QualifyingDefect("power_total", "Total loss of electric power", 1),
    QualifyingDefect("power_partial", "Partial loss of electric power", 3),
    QualifyingDefect("unsafe_socket", "Unsafe power or lighting socket, or electrical fitting", 1),
    QualifyingDefect("water_total", "Total loss of water supply", 1),
    QualifyingDefect("water_partial", "Partial loss of water supply", 3),
    QualifyingDefect("gas_loss", "Total or partial loss of gas supply", 1),
    QualifyingDefect("flue", "Blocked flue to open fire or boiler", 1),
    QualifyingDefect("heating_loss", "Total or partial loss of space or water heating", 1),
    QualifyingDefect("toilet", "Toilet not flushing (the only one in the home)", 1),
    QualifyingDefect("drain", "Blocked or leaking foul drain, soil stack or toilet pan", 1),
    QualifyingDefect("sink", "Blocked sink, bath or basin", 3),
    QualifyingDefect("tap", "Tap which cannot be turned", 3),
    QualifyingDefect("roof", "Leaking roof", 7),
    QualifyingDefect("insecure", "Insecure external window, door or lock", 1),
    QualifyingDefect("water_leak", "Leak from water or heating pipe, tank or cistern", 1),
    QualifyingDefect("banister", "Loose or broken banister or handrail", 3),
    QualifyingDefect("flooring", "Rotten timber flooring or stair tread", 3),
    QualifyingDefect("door_entry", "Door entry phone not working", 7),
    QualifyingDefect("extractor", "Mechanical extractor fan in kitchen or bathroom not working", 7),
)
DEFECTS = {d.key: d for d in QUALIFYING_DEFECTS}
RTR_MAX_COST = Decimal("250.00")
RTR_COMPENSATION_BASE = Decimal("10.00")
RTR_COMPENSATION_DAILY = Decimal("2.00")
RTR_COMPENSATION_CAP = Decimal("50.00")


def right_to_repair_applies(defect: str, *, secure_tenant: bool, total: Decimal) -> bool:
    return bool(defect) and defect in DEFECTS and secure_tenant and Decimal(total) <= RTR_MAX_COST


def rtr_compensation(days_late: int) -> Decimal:
    """£10 plus £2 a day the repair is late, at most £50 (nothing when not late)."""
    if days_late <= 0:
        return Decimal("0.00")
    return min(RTR_COMPENSATION_CAP, RTR_COMPENSATION_BASE + RTR_COMPENSATION_DAILY * days_late)


def rtr_days_late(
    raised_on: dt.date, period_days: int, done_on: dt.date, calendar: Calendar | None = None
) -> int:
    """Working days after the statutory period (which ends `period_days` working days after raising)."""
    deadline = add_working_days(raised_on, period_days, calendar)
    return max(0, working_days_between(deadline, done_on, calendar)) if done_on > deadline else 0


def suggest_priority(defect: str = "") -> str:
    """A priority to start from: a 1-day qualifying defect is an emergency, 3 or 7 days urgent."""
    found = DEFECTS.get(defect)
    if found is None:
        return "routine"
    return "emergency" if found.days <= 1 else "urgent"


# --- appointments -------------------------------------------------------------------------------

SLOT_START = {"am": dt.time(8, 0), "pm": dt.time(12, 0)}


def appointment_problem(day: dt.date, due_at: dt.datetime, later_reason: str) -> str | None:
    """An appointment falls on or before the target's day unless the resident asked for later (reason kept)."""
    if day > to_local(due_at).date() and not later_reason.strip():
        return (
            "This date is after the target. Choose a date on or before "
            f"{to_local(due_at):%-d %B %Y}, or give the resident's reason for a later date."
        )
    return None


# --- post-inspection sampling -------------------------------------------------------------------


def sample_size(completed: int, percent: int) -> int:
    """How many of a contractor's completed orders to inspect in a month (rounded up)."""
    if completed <= 0 or percent <= 0:
        return 0
    return min(completed, math.ceil(completed * percent / 100))


def pick_sample(candidates: Sequence[int], size: int, seed: str) -> list[int]:
    """A reproducible random pick (same month and contractor, same pick)."""
    ordered = sorted(candidates)
    return sorted(
        random.Random(seed).sample(  # noqa: S311 - a fair sample, not a secret
            ordered, min(size, len(ordered))
        )
    )


# --- schedule of rates rows ---------------------------------------------------------------------

RATE_COLUMNS = ("code", "description", "unit", "rate", "trade")


@dataclass(frozen=True)
class RateRow:
    code: str
    description: str
    unit: str
    rate: Decimal
    trade: str


def parse_rate_row(raw: Mapping[str, Any]) -> tuple[RateRow | None, list[str]]:
    """One schedule row checked: the row, or the sentences saying what is wrong with it."""
    problems: list[str] = []
    code = str(raw.get("code") or "").strip()
    if code.isdigit() and len(code) < 6 and isinstance(raw.get("code"), int):
        code = code.zfill(6)
    description = str(raw.get("description") or "").strip()
    unit = str(raw.get("unit") or "").strip()
    trade = str(raw.get("trade") or "").strip()
    rate_text = str(raw.get("rate") if raw.get("rate") is not None else "").strip()
    if not CODE_PATTERN.match(code):
        problems.append(f"the code {code!r} is not 6 digits" if code else "the code is missing")
    if not description:
        problems.append("the description is missing")
    elif len(description) > 300:
        problems.append("the description is longer than 300 characters")
    if not unit:
        problems.append("the unit is missing")
    elif len(unit) > 20:
        problems.append("the unit is longer than 20 characters")
    if not trade:
        problems.append("the trade is missing")
    rate, wrong = _parse_rate(rate_text)
    if wrong:
        problems.append(wrong)
    if problems or rate is None:
        return None, problems
    return RateRow(code, description, unit, rate, trade[:60]), []


def _reads_as_money(text: str, maximum: Decimal = MAX_AMOUNT) -> bool:
    try:
        parse_money(text, maximum=maximum)
    except MoneyError:
        return False
    return True


def _parse_rate(text: str) -> tuple[Decimal | None, str]:
    """A row's rate read as money (`core.money.parse_money`), or what is wrong with it."""
    if not text:
        return None, "the rate is missing"
    try:
        return parse_money(text), ""
    except MoneyError:
        pass
    whole, point, pence = text.rpartition(".")
    if point and pence.isdigit() and len(pence) > 2 and _reads_as_money(f"{whole}.{pence[:2]}"):
        return None, f"the rate {text} has more than 2 decimal places"
    if _reads_as_money(text, maximum=Decimal("Infinity")):
        return None, f"the rate {text} is more than {format_money(MAX_AMOUNT)}"
    return None, f"the rate {text!r} is not an amount of money"


def parse_quantity(value: Any) -> Decimal | None:
    """A quantity typed on an order line (a number, not money: `2.5` square metres): None unless it
    is a finite number."""
    try:
        quantity = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return quantity if quantity.is_finite() else None


MAX_QUANTITY = Decimal("100000000")


def quantity_problem(quantity: Decimal) -> str:
    """What is wrong with an order line's quantity, to end "The quantity for …" (empty when fine)."""
    if quantity <= 0:
        return "must be more than 0"
    if quantity >= MAX_QUANTITY:
        return f"must be less than {MAX_QUANTITY:,}"
    if quantity != quantity.quantize(Decimal("0.01")):
        return "can have at most 2 decimal places"
    return ""
