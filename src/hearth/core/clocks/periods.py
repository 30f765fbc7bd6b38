"""Periods: how far a deadline lies after its start (pure; plain data in a landlord's policy)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

from hearth.core.calendar import (
    Calendar,
    add_days,
    add_hours,
    days_beginning_with,
    end_of_day,
    local_date,
    local_datetime,
    to_local,
)

Start = dt.date | dt.datetime
"""A date (whole-day start) or an aware datetime (instant start)."""


def is_timed(value: Start) -> bool:
    return isinstance(value, dt.datetime)


class Period(Protocol):
    """How far a deadline lies after its start."""

    unit: ClassVar[str]

    @property
    def count(self) -> int: ...

    def after(self, start: Start, calendar: Calendar) -> Start: ...

    def describe(self) -> str: ...


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


@dataclass(frozen=True)
class Counted:
    """A period of a whole number of one unit: `count` of them, the `unit` a landlord's policy names
    it by, and how it reads (`word`, one of the unit: "5 working days")."""

    count: int
    unit: ClassVar[str]
    word: ClassVar[str]

    def describe(self) -> str:
        return plural(self.count, self.word)


class WorkingDays(Counted):
    """The Nth working day strictly after the start; a time of day keeps its wall-clock time."""

    unit = "working_days"
    word = "working day"

    def after(self, start: Start, calendar: Calendar) -> Start:
        if isinstance(start, dt.datetime):
            return calendar.add_working_days_at(start, self.count)
        return calendar.add_working_days(start, self.count)


class ElapsedHours(Counted):
    """Elapsed time: a clock change moves the wall-clock answer by an hour."""

    unit = "hours"
    word = "hour"

    def after(self, start: Start, calendar: Calendar) -> Start:
        if not isinstance(start, dt.datetime):
            raise ValueError(f"A period of {self.describe()} needs a start time, not just a date.")
        return add_hours(start, self.count)


class CalendarDays(Counted):
    """N calendar days after the start (same wall-clock time when the start has one)."""

    unit = "days"
    word = "day"

    def after(self, start: Start, calendar: Calendar) -> Start:
        if isinstance(start, dt.datetime):
            local = to_local(start)
            return local_datetime(add_days(local.date(), self.count), local.time())
        return add_days(start, self.count)


class Weeks(Counted):
    """N weeks (7 × N calendar days) after the start."""

    unit = "weeks"
    word = "week"

    def after(self, start: Start, calendar: Calendar) -> Start:
        return CalendarDays(self.count * 7).after(start, calendar)

    def describe(self) -> str:
        return f"{super().describe()} ({self.count * 7} days)"


class DaysBeginningWith(Counted):
    """Statute wording: the start day is day 1, the last day is start + N - 1 (to its end)."""

    unit = "days_beginning_with"
    word = "day"

    def after(self, start: Start, calendar: Calendar) -> Start:
        if isinstance(start, dt.datetime):
            return end_of_day(days_beginning_with(local_date(start), self.count))
        return days_beginning_with(start, self.count)

    def describe(self) -> str:
        return f"{super().describe()} beginning with the start day"


PERIOD_TYPES: dict[str, type[WorkingDays | ElapsedHours | CalendarDays | Weeks | DaysBeginningWith]] = {
    cls.unit: cls for cls in (WorkingDays, ElapsedHours, CalendarDays, Weeks, DaysBeginningWith)
}


def period_from_data(data: Mapping[str, Any]) -> Period:
    """A period from policy data such as `{"unit": "working_days", "count": 5}`."""
    unit = data.get("unit")
    count = data.get("count")
    if unit not in PERIOD_TYPES:
        known = ", ".join(sorted(PERIOD_TYPES))
        raise ValueError(f"Unknown period unit {unit!r}: use one of {known}.")
    if not isinstance(count, int) or isinstance(count, bool) or count < 0:
        raise ValueError("A period's count must be a whole number, zero or more.")
    return PERIOD_TYPES[str(unit)](count)


def period_to_data(period: Period) -> dict[str, Any]:
    return {"unit": period.unit, "count": period.count}
