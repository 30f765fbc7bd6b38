"""Clock rules: a named deadline rule, the registry of rules in force, and the shipped defaults (pure)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from hearth.core.calendar import ENGLAND_AND_WALES as DEFAULT_CALENDAR
from hearth.core.calendar import (
    Calendar,
    end_of_day,
    local_date,
)
from hearth.core.clocks.periods import (
    CalendarDays,
    ElapsedHours,
    Period,
    Start,
    Weeks,
    WorkingDays,
    period_from_data,
)


@dataclass(frozen=True)
class ClockRule:
    """A named deadline rule: how the due date (or time) follows from a start."""

    key: str
    label: str
    period: Period
    whole_days: bool = True  # True: due by the end of the due day; False: due at an exact time

    def __post_init__(self) -> None:
        if self.whole_days and isinstance(self.period, ElapsedHours):
            raise ValueError(f"Clock {self.key!r}: a period in hours cannot be a whole-day deadline.")

    def due(self, start: Start, calendar: Calendar | None = None) -> Start:
        """The due date (whole-day rules) or due time (instant rules) for a start date or time."""
        cal = DEFAULT_CALENDAR if calendar is None else calendar
        if self.whole_days:
            day = local_date(start) if isinstance(start, dt.datetime) else start
            return self.period.after(day, cal)
        return self.period.after(start, cal)

    def due_at(self, started_at: dt.datetime, calendar: Calendar | None = None) -> dt.datetime:
        """The due instant (aware, London) for a clock started at `started_at`."""
        due = self.due(started_at, calendar)
        if isinstance(due, dt.datetime):
            return due
        return end_of_day(due)

    def describe(self) -> str:
        return f"{self.label}: {self.period.describe()}"


class UnknownClockKind(ValueError):
    pass


class ClockRegistry:
    """The clock rules in force, by key."""

    def __init__(self, rules: Iterable[ClockRule]) -> None:
        self._rules: dict[str, ClockRule] = {}
        for rule in rules:
            if rule.key in self._rules:
                raise ValueError(f"Clock {rule.key!r} is defined twice.")
            self._rules[rule.key] = rule

    def get(self, key: str) -> ClockRule:
        try:
            return self._rules[key]
        except KeyError:
            raise UnknownClockKind(f"There is no clock called {key!r}.") from None

    def __contains__(self, key: object) -> bool:
        return key in self._rules

    def __iter__(self) -> Iterator[ClockRule]:
        return iter(self._rules.values())

    def keys(self) -> list[str]:
        return list(self._rules)

    def with_periods(self, periods: Mapping[str, Period | Mapping[str, Any]]) -> ClockRegistry:
        """A copy with some rules' periods replaced (a landlord's policy); keys must exist."""
        rules = dict(self._rules)
        for key, period in periods.items():
            rule = self.get(key)
            new_period = period_from_data(period) if isinstance(period, Mapping) else period
            rules[key] = ClockRule(rule.key, rule.label, new_period, rule.whole_days)
        return ClockRegistry(rules.values())

    def with_rules(self, *extra: ClockRule) -> ClockRegistry:
        """A copy with rules added or replaced (e.g. a landlord's extra repair priority)."""
        rules = dict(self._rules)
        rules.update({rule.key: rule for rule in extra})
        return ClockRegistry(rules.values())


REPAIR_PRIORITIES: dict[str, Period] = {
    "immediate": ElapsedHours(2),
    "emergency": ElapsedHours(24),
    "urgent": WorkingDays(5),
    "routine": WorkingDays(21),
}
"""Default repair priorities and their targets (policy data; the repairs app labels them)."""


def repair_clock_key(priority: str) -> str:
    return f"repair.{priority}"


def _repair_rules() -> list[ClockRule]:
    return [
        ClockRule(repair_clock_key(name), f"Repair target ({name})", period, whole_days=False)
        for name, period in REPAIR_PRIORITIES.items()
    ]


DEFAULT_CLOCKS = ClockRegistry(
    [
        # Housing Ombudsman Complaint Handling Code
        ClockRule("complaint_stage1.acknowledge", "Acknowledge stage 1 complaint", WorkingDays(5)),
        ClockRule("complaint_stage1.respond", "Respond to stage 1 complaint", WorkingDays(10)),
        ClockRule("complaint_stage1.extension", "Latest extended stage 1 response", WorkingDays(10)),
        ClockRule("complaint_stage2.acknowledge", "Acknowledge stage 2 complaint", WorkingDays(5)),
        ClockRule("complaint_stage2.respond", "Respond to stage 2 complaint", WorkingDays(20)),
        ClockRule("complaint_stage2.extension", "Latest extended stage 2 response", WorkingDays(20)),
        # Awaab's Law (Hazards in Social Housing (Prescribed Requirements) (England) Regulations 2025)
        ClockRule("awaab_significant.investigate", "Investigate significant hazard", WorkingDays(10)),
        ClockRule("awaab_significant.written_summary", "Written summary to tenant", WorkingDays(3)),
        ClockRule("awaab_significant.safety_work", "Safety work on significant hazard", WorkingDays(5)),
        ClockRule("awaab_significant.supplementary_work", "Supplementary work begun", Weeks(12)),
        ClockRule(
            "awaab_emergency.investigate", "Investigate emergency hazard", ElapsedHours(24), whole_days=False
        ),
        ClockRule(
            "awaab_emergency.make_safe", "Make emergency hazard safe", ElapsedHours(24), whole_days=False
        ),
        # Members' (councillor and MP) enquiries
        ClockRule("members_enquiry.respond", "Respond to member's enquiry", WorkingDays(10)),
        # Prompt payment of undisputed valid invoices
        ClockRule("invoice.pay", "Pay undisputed invoice", CalendarDays(30)),
        *_repair_rules(),
    ]
)


def repair_due(
    priority: str,
    raised_at: dt.datetime,
    *,
    calendar: Calendar | None = None,
    registry: ClockRegistry | None = None,
) -> dt.datetime:
    """The target instant for a repair of `priority` raised at `raised_at` (aware, London)."""
    rule = (registry or DEFAULT_CLOCKS).get(repair_clock_key(priority))
    return rule.due_at(raised_at, calendar)
