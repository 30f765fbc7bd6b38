"""Pure rent rules (no ORM): rent weeks and years, debits, part weeks, free weeks, rent changes,
Universal Credit conversion, payment files, limits and the arrears stage policy.

See the domain rules, section 4. Money is Decimal with two places, rounded half up.

- A rent week runs Monday to Sunday and is charged in advance on its Monday.
- A rent year runs 1 April to 31 March and has 52 or 53 Mondays; every Monday is debited unless
  it is named as a free (non-debit) week.
- A tenancy starting on a day other than Monday is debited, on its start date,
  weekly x days (start day to Sunday) / 7. A tenancy ending (last day inclusive) on a day other
  than Sunday is debited, on that week's Monday, weekly x days (Monday to end) / 7. A tenancy
  that starts and ends in the same week is debited on its start date for the days it runs.
  A part week inside a free week is not debited.
- A weekly charge is the sum of its elements, each debited separately.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from hearth.core.money import to_money

# payment files are read in their own module; named here too, with the other rent rules
from hearth.rents.payment_files import ColumnMapping as ColumnMapping
from hearth.rents.payment_files import ParsedFile as ParsedFile
from hearth.rents.payment_files import PaymentRow as PaymentRow
from hearth.rents.payment_files import parse_payment_file as parse_payment_file

ONE_DAY = dt.timedelta(days=1)
ONE_WEEK = dt.timedelta(days=7)
ZERO = Decimal("0.00")


# --- rent weeks and years -----------------------------------------------------------------------


def week_monday(day: dt.date) -> dt.date:
    """The Monday of the rent week that holds `day`."""
    return day - dt.timedelta(days=day.weekday())


def week_sunday(day: dt.date) -> dt.date:
    return week_monday(day) + dt.timedelta(days=6)


def rent_year_of(day: dt.date) -> int:
    """The rent year holding `day`, named by the calendar year it starts in (2025 = 2025/26)."""
    return day.year if (day.month, day.day) >= (4, 1) else day.year - 1


def rent_year_label(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


def rent_year_bounds(year: int) -> tuple[dt.date, dt.date]:
    """First and last day of rent year `year`: 1 April to 31 March."""
    return dt.date(year, 4, 1), dt.date(year + 1, 3, 31)


def mondays_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """Every Monday from `first` to `last`, both inclusive."""
    monday = first + dt.timedelta(days=(7 - first.weekday()) % 7)
    out = []
    while monday <= last:
        out.append(monday)
        monday += ONE_WEEK
    return out


def rent_year_mondays(year: int) -> list[dt.date]:
    """The debit Mondays of a rent year: 52 or 53 of them."""
    return mondays_between(*rent_year_bounds(year))


def weeks_in_rent_year(year: int) -> int:
    return len(rent_year_mondays(year))


def collection_weeks(year: int, free_mondays: Collection[dt.date] = ()) -> int:
    """The weeks rent is collected in rent year `year`: its 52 or 53 Mondays less its free weeks."""
    mondays = rent_year_mondays(year)
    free = set(free_mondays)
    return sum(1 for m in mondays if m not in free)


def first_monday_of_april(year: int) -> dt.date:
    """The day an annual rent change takes effect."""
    return rent_year_mondays(year)[0]


# --- debits ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Debit:
    date: dt.date
    amount: Decimal
    days: int = 7

    @property
    def part_week(self) -> bool:
        return self.days < 7


def prorate(weekly: Decimal, days: int) -> Decimal:
    """weekly x days / 7, half up to the penny; a whole week is the weekly charge itself."""
    if not 0 <= days <= 7:
        raise ValueError("A rent week has 0 to 7 days.")
    if days == 7:
        return to_money(weekly)
    return to_money(Decimal(weekly) * days / 7)


def debit_for_week(
    monday: dt.date,
    *,
    weekly: Decimal,
    start: dt.date,
    end: dt.date | None = None,
    free_mondays: Collection[dt.date] = (),
) -> Debit | None:
    """The one debit of a charge for the rent week beginning `monday`, or None.

    None when the week is free, the tenancy does not run in it, or the amount is nothing.
    """
    if monday.weekday() != 0:
        raise ValueError(f"{monday} is not a Monday.")
    if monday in free_mondays:
        return None
    sunday = monday + dt.timedelta(days=6)
    first = max(start, monday)
    last = sunday if end is None else min(end, sunday)
    if last < first:
        return None
    days = (last - first).days + 1
    amount = prorate(weekly, days)
    if amount == ZERO:
        return None
    # a week the tenancy starts in is debited on its start date; otherwise on the Monday
    return Debit(date=first, amount=amount, days=days)


def debits_between(
    first: dt.date,
    last: dt.date,
    *,
    weekly: Decimal,
    start: dt.date,
    end: dt.date | None = None,
    free_mondays: Collection[dt.date] = (),
) -> list[Debit]:
    """Every debit of one weekly charge whose date falls from `first` to `last` (inclusive).

    The specification the weekly debit run is tested against, and nothing more: the product posts
    through `services.post_week` (SQL, with `element_debits_for_week` for a week's part weeks on
    SQLite and for debits caught up), and tests/rents/test_debit_run_property.py checks that what
    it posts, on SQLite and PostgreSQL, is what this function says. The acceptance family
    `rent_debits` runs the real debit run, not this."""
    free = frozenset(free_mondays)
    out = []
    for monday in mondays_between(week_monday(first), last):
        debit = debit_for_week(monday, weekly=weekly, start=start, end=end, free_mondays=free)
        if debit is not None and first <= debit.date <= last:
            out.append(debit)
    return out


@dataclass(frozen=True)
class Element:
    """One element of a weekly charge (rent, a service charge, water…) with its dates in force."""

    key: object
    weekly: Decimal
    effective_from: dt.date
    effective_to: dt.date | None = None

    def in_force(self, day: dt.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


def weekly_charge(elements: Iterable[Element], on: dt.date) -> Decimal:
    """The weekly charge on a day: the sum of the elements in force then."""
    return to_money(sum((e.weekly for e in elements if e.in_force(on)), ZERO))


def element_debits_for_week(
    monday: dt.date,
    elements: Sequence[Element],
    *,
    start: dt.date,
    end: dt.date | None = None,
    free_mondays: Collection[dt.date] = (),
) -> list[tuple[object, Debit]]:
    """Each element's own debit for the week, using the amount in force on the debit date."""
    out = []
    for element in elements:
        debit = debit_for_week(monday, weekly=element.weekly, start=start, end=end, free_mondays=free_mondays)
        if debit is not None and element.in_force(debit.date):
            out.append((element.key, debit))
    return out


# --- rent changes ------------------------------------------------------------------------------

# Rent Standard caps that were not CPI + 1% (percent, by rent year)
RENT_STANDARD_CAPS: dict[int, Decimal] = {
    2023: Decimal("7.0"),
    2024: Decimal("7.7"),
    2025: Decimal("2.7"),
    2026: Decimal("4.8"),
}


def rent_standard_cap(year: int, cpi_september: Decimal | None = None) -> Decimal:
    """The most a social rent may rise in rent year `year`, in percent: CPI + 1% unless set."""
    if year in RENT_STANDARD_CAPS:
        return RENT_STANDARD_CAPS[year]
    if cpi_september is None:
        raise ValueError(f"Give September's CPI to find the cap for {rent_year_label(year)}.")
    return Decimal(cpi_september) + 1


def changed_rent(current: Decimal, increase_percent: Decimal, cap_percent: Decimal) -> Decimal:
    """The new weekly rent: the increase asked for, but never above the cap."""
    pct = min(Decimal(increase_percent), Decimal(cap_percent))
    return to_money(Decimal(current) * (100 + pct) / 100)


def within_cap(current: Decimal, proposed: Decimal, cap_percent: Decimal) -> bool:
    return to_money(proposed) <= changed_rent(current, cap_percent, cap_percent)


# --- Universal Credit -------------------------------------------------------------------------


def uc_monthly(weekly: Decimal, collection_weeks: int = 52) -> Decimal:
    """Weekly rent as the monthly figure Universal Credit uses: weekly x collection weeks / 12."""
    return to_money(Decimal(weekly) * collection_weeks / 12)


# --- money out: limits and segregation of duties -----------------------------------------------

DEFAULT_LIMITS: dict[str, Decimal] = {
    "refund": Decimal("250.00"),
    "write_off": Decimal("100.00"),
    "adjustment": Decimal("250.00"),
}

# an officer who approves others' requests (rents.approve) starts with ten times these, so that
# what needs approval can be approved before anyone sets limits; Settings overrides either
DEFAULT_APPROVER_LIMITS: dict[str, Decimal] = {field: limit * 10 for field, limit in DEFAULT_LIMITS.items()}


def needs_approval(amount: Decimal, limit: Decimal) -> bool:
    """Above the officer's own limit, a different person must approve."""
    return abs(to_money(amount)) > to_money(limit)


def approval_refusal(*, requested_by: object, approver: object) -> str | None:
    """None when `approver` may approve a request `requested_by` made; else why not."""
    if requested_by == approver:
        return "A request must be approved by someone other than the officer who made it."
    return None


# --- arrears -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stage:
    """A stage of the arrears policy: reached when the weeks owed reach `min_weeks`."""

    code: str
    action: str
    min_weeks: Decimal


DEFAULT_STAGES: tuple[Stage, ...] = (
    Stage("letter_1", "Send arrears letter 1", Decimal("2")),
    Stage("letter_2", "Send arrears letter 2", Decimal("4")),
    Stage("nosp", "Serve notice of seeking possession", Decimal("6")),
    Stage("court", "Apply to court for possession", Decimal("8")),
)


def weeks_owed(arrears: Decimal, weekly: Decimal) -> Decimal:
    """Weeks of rent owed, exactly (not rounded): arrears / weekly charge."""
    if weekly <= 0 or arrears <= 0:
        return Decimal("0")
    return Decimal(arrears) / Decimal(weekly)


def weeks_owed_shown(arrears: Decimal, weekly: Decimal) -> Decimal:
    """Weeks owed as shown to people: to 0.1, half up. Never used to decide the stage."""
    return weeks_owed(arrears, weekly).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def recommended_stage(
    arrears: Decimal, weekly: Decimal, stages: Sequence[Stage] = DEFAULT_STAGES
) -> Stage | None:
    """The furthest stage reached, or None when nothing is owed. A stage is reached when the
    arrears are at least weekly x its weeks, exactly as the arrears list's stage filter compares."""
    if weekly <= 0 or arrears <= 0:
        return None
    reached = [
        s
        for s in sorted(stages, key=lambda s: s.min_weeks)
        if Decimal(arrears) >= Decimal(weekly) * Decimal(s.min_weeks)
    ]
    return reached[-1] if reached else None


# what each default stage is called once it has been taken ("Last action: Letter 1 on ...")
STAGE_LABELS = {
    "letter_1": "Letter 1",
    "letter_2": "Letter 2",
    "nosp": "Notice of seeking possession",
    "court": "Court application",
}


def stage_label(code: str, stages: Sequence[Stage] = DEFAULT_STAGES) -> str:
    """What an arrears action of stage `code` is called once taken."""
    if code in STAGE_LABELS:
        return STAGE_LABELS[code]
    return next((s.action for s in stages if s.code == code), code)


def next_stage(
    arrears: Decimal, weekly: Decimal, stages: Sequence[Stage] = DEFAULT_STAGES, last_taken: str | None = None
) -> Stage | None:
    """The recommended next action. With no action taken, the furthest stage reached (as
    `recommended_stage`). Once an action is taken, the lowest stage after it whose threshold the
    arrears reach, or None (wait) while none is reached or every later stage is done."""
    if last_taken is None:
        return recommended_stage(arrears, weekly, stages)
    if weekly <= 0 or arrears <= 0:
        return None
    policy = sorted(stages, key=lambda s: s.min_weeks)
    codes = [s.code for s in policy]
    later = policy[codes.index(last_taken) + 1 :] if last_taken in codes else policy
    for s in later:
        if Decimal(arrears) >= Decimal(weekly) * Decimal(s.min_weeks):
            return s
    return None


# --- payment arrangements ----------------------------------------------------------------------

ARRANGEMENT_GRACE_WEEKS = 1


def instalments_due(start: dt.date, today: dt.date) -> int:
    """Weekly instalments due from `start` (the first due on the start date) up to `today`."""
    if today < start:
        return 0
    return (today - start).days // 7 + 1


def arrangement_shortfall(*, start: dt.date, weekly: Decimal, paid: Decimal, today: dt.date) -> Decimal:
    """How far payments since the start fall behind the instalments due (never negative)."""
    due = to_money(Decimal(weekly) * instalments_due(start, today))
    return max(due - to_money(paid), ZERO)


def arrangement_broken(
    *,
    start: dt.date,
    weekly: Decimal,
    paid: Decimal,
    today: dt.date,
    grace_weeks: int = ARRANGEMENT_GRACE_WEEKS,
) -> bool:
    """Broken when the shortfall is more than `grace_weeks` instalments."""
    return arrangement_shortfall(start=start, weekly=weekly, paid=paid, today=today) > to_money(
        Decimal(weekly) * grace_weeks
    )


# --- service charges ---------------------------------------------------------------------------

SECTION_20_THRESHOLD = Decimal("250.00")  # a leaseholder's share of qualifying works


def apportion(total: Decimal, weights: Mapping[object, Decimal | int]) -> dict[object, Decimal]:
    """Split `total` by weight to the penny; the pennies left by rounding go to the largest
    remainders, so the shares always add up to the total exactly."""
    total = to_money(total)
    positive = {k: Decimal(w) for k, w in weights.items() if Decimal(w) > 0}
    if not positive:
        return {k: ZERO for k in weights}
    whole = sum(positive.values())
    pennies = int(total * 100)
    raw = {k: Decimal(pennies) * w / whole for k, w in positive.items()}
    floors = {k: int(v) for k, v in raw.items()}
    left = pennies - sum(floors.values())
    order = {k: i for i, k in enumerate(positive)}  # ties go to the earlier home
    for k in sorted(raw, key=lambda k: (-(raw[k] - floors[k]), order[k]))[:left]:
        floors[k] += 1
    out = {k: ZERO for k in weights}
    out.update({k: Decimal(v) / 100 for k, v in floors.items()})
    return {k: to_money(v) for k, v in out.items()}


def weekly_from_annual(annual: Decimal, year: int, free_mondays: Collection[dt.date] = ()) -> Decimal:
    """A tenant's weekly service charge: the annual share over the rent year's collection weeks
    (its Mondays less its free weeks), so the debits of the year add up to the annual share."""
    return to_money(Decimal(annual) / collection_weeks(year, free_mondays))


def section_20_needed(share: Decimal) -> bool:
    """A leaseholder's share of works above £250 needs section 20 consultation."""
    return to_money(share) > SECTION_20_THRESHOLD
