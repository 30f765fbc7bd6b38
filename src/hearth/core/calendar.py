"""Calendar: working days, statutory periods and local time (Europe/London).

Rules (see the domain rules, section 1):

- a working day is Monday to Friday and not an England & Wales bank holiday (substitute days and
  one-off holidays included) nor one of the landlord's closure days;
- "N working days after D" is the Nth working day strictly after D: D itself never counts;
  with a time of day, the due time is the same wall-clock time on that day;
- "N hours after T" is elapsed time, so across a clock change the wall-clock answer moves;
- "N days beginning with D" counts D as day 1: the last day is D + N - 1.

Everything here is pure except `load_calendar()`, which reads the landlord's closure days.
Instants are stored in UTC and reasoned about in local time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

LONDON = ZoneInfo("Europe/London")
UTC = dt.UTC
WEEKEND = frozenset({5, 6})  # Saturday, Sunday


# --- local time ---------------------------------------------------------------------------------


def _require_aware(when: dt.datetime) -> None:
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError("A time must carry its time zone; store and pass aware datetimes.")


def to_local(when: dt.datetime) -> dt.datetime:
    """The same instant as a Europe/London wall-clock time."""
    _require_aware(when)
    return when.astimezone(LONDON)


def to_utc(when: dt.datetime) -> dt.datetime:
    """The same instant in UTC."""
    _require_aware(when)
    return when.astimezone(UTC)


def make_local(naive: dt.datetime) -> dt.datetime:
    """An aware London time from a naive wall-clock time.

    An ambiguous time (the repeated hour in October) is read as the first occurrence; a time that
    does not exist (the skipped hour in March) moves forward by the hour that was skipped.
    """
    if naive.tzinfo is not None:
        raise ValueError("make_local() takes a wall-clock time without a time zone.")
    return naive.replace(tzinfo=LONDON, fold=0).astimezone(UTC).astimezone(LONDON)


def local_datetime(day: dt.date, time: dt.time) -> dt.datetime:
    """The aware London instant for a wall-clock `time` on `day`."""
    return make_local(dt.datetime.combine(day, time.replace(tzinfo=None)))


def local_date(when: dt.datetime) -> dt.date:
    """The London calendar date of an instant."""
    return to_local(when).date()


def start_of_day(day: dt.date) -> dt.datetime:
    """Local midnight at the start of `day`."""
    return local_datetime(day, dt.time.min)


def end_of_day(day: dt.date) -> dt.datetime:
    """The last instant of `day` in local time (23:59:59.999999)."""
    return local_datetime(day, dt.time.max)


def add_hours(when: dt.datetime, hours: int) -> dt.datetime:
    """`hours` of elapsed time after `when`, as a London time (a clock change moves the wall clock)."""
    return (to_utc(when) + dt.timedelta(hours=hours)).astimezone(LONDON)


# --- calendar-day periods -----------------------------------------------------------------------


def add_days(day: dt.date, n: int) -> dt.date:
    """The date `n` calendar days after `day`."""
    return day + dt.timedelta(days=n)


def add_weeks(day: dt.date, n: int) -> dt.date:
    """The date `n` weeks (7 × n calendar days) after `day`."""
    return day + dt.timedelta(weeks=n)


def days_beginning_with(day: dt.date, n: int) -> dt.date:
    """The last day of a period of `n` days beginning with `day` (statute wording): day + n - 1."""
    if n < 1:
        raise ValueError("A period beginning with a day lasts at least one day.")
    return day + dt.timedelta(days=n - 1)


# --- bank holidays ------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _bank_holidays_for_year(year: int) -> Mapping[dt.date, str]:
    table = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return {day: str(name) for day, name in table.items()}


def bank_holiday_name(day: dt.date) -> str | None:
    """The England & Wales bank holiday on `day`, or None."""
    return _bank_holidays_for_year(day.year).get(day)


def bank_holidays(year: int) -> dict[dt.date, str]:
    """Every England & Wales bank holiday in `year` (including those that fall at a weekend)."""
    return dict(sorted(_bank_holidays_for_year(year).items()))


# --- working days -------------------------------------------------------------------------------


class Calendar:
    """Working days: Monday to Friday, less bank holidays, less the landlord's closure days."""

    def __init__(self, closures: Iterable[dt.date] | Mapping[dt.date, str] = ()) -> None:
        if isinstance(closures, Mapping):
            self._closures: dict[dt.date, str] = {d: str(r) for d, r in closures.items()}
        else:
            self._closures = {d: "Closure day" for d in closures}

    @property
    def closures(self) -> dict[dt.date, str]:
        return dict(self._closures)

    def non_working_reason(self, day: dt.date) -> str | None:
        """Why `day` is not a working day ("Saturday", a holiday's name, a closure), or None."""
        if day.weekday() in WEEKEND:
            return day.strftime("%A")
        holiday = bank_holiday_name(day)
        if holiday is not None:
            return holiday
        if day in self._closures:
            return self._closures[day] or "Closure day"
        return None

    def is_working_day(self, day: dt.date) -> bool:
        return self.non_working_reason(day) is None

    def next_working_day(self, day: dt.date) -> dt.date:
        """The first working day strictly after `day`."""
        return self.add_working_days(day, 1)

    def add_working_days(self, day: dt.date, n: int) -> dt.date:
        """The Nth working day strictly after `day`; `day` itself never counts. n = 0 gives `day`."""
        if n < 0:
            raise ValueError("Count working days forwards: n must not be negative.")
        current = day
        remaining = n
        while remaining:
            current += dt.timedelta(days=1)
            if self.is_working_day(current):
                remaining -= 1
        return current

    def add_working_days_at(self, when: dt.datetime, n: int) -> dt.datetime:
        """The same London wall-clock time on the Nth working day after the local date of `when`."""
        local = to_local(when)
        due_day = self.add_working_days(local.date(), n)
        return local_datetime(due_day, local.time())

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """How many working days fall after `start` up to and including `end`."""
        count = 0
        current = start
        while current < end:
            current += dt.timedelta(days=1)
            if self.is_working_day(current):
                count += 1
        return count


ENGLAND_AND_WALES = Calendar()
"""Bank holidays only: the shipped default, with no landlord closure days."""


def load_calendar() -> Calendar:
    """The landlord's calendar: bank holidays plus every `ClosureDay` record."""
    from hearth.core.models import ClosureDay

    return Calendar(dict(ClosureDay.objects.values_list("date", "reason")))


def _cal(calendar: Calendar | None) -> Calendar:
    return ENGLAND_AND_WALES if calendar is None else calendar


def is_working_day(day: dt.date, calendar: Calendar | None = None) -> bool:
    return _cal(calendar).is_working_day(day)


def add_working_days(day: dt.date, n: int, calendar: Calendar | None = None) -> dt.date:
    """The Nth working day strictly after `day` (`day` never counts)."""
    return _cal(calendar).add_working_days(day, n)


def add_working_days_at(when: dt.datetime, n: int, calendar: Calendar | None = None) -> dt.datetime:
    """The Nth working day after `when`, at the same London wall-clock time (an aware datetime)."""
    return _cal(calendar).add_working_days_at(when, n)


def working_days_between(start: dt.date, end: dt.date, calendar: Calendar | None = None) -> int:
    """How many working days fall after `start` up to and including `end`."""
    return _cal(calendar).working_days_between(start, end)


# --- dates given from outside ---------------------------------------------------------------------

# The earliest day a payment may be dated, in a file or through the API: an older one is a mistyped
# or missing year (0001-01-01, 1900-01-01), or a receipt of the landlord's previous system.
EARLIEST_PAYMENT_DAY = dt.date(2000, 1, 1)
