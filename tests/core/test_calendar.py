"""Working days, bank holidays, closure days and local time."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hearth.core import calendar as cal
from hearth.core.calendar import LONDON, UTC, Calendar

D = dt.date


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    """A London wall-clock time."""
    return cal.make_local(dt.datetime(year, month, day, hour, minute))


# --- bank holidays ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "name_part"),
    [
        (D(2022, 6, 2), "Spring"),  # moved for the jubilee
        (D(2022, 6, 3), "Jubilee"),
        (D(2022, 9, 19), "Funeral"),
        (D(2023, 5, 8), "Coronation"),
        (D(2022, 1, 3), "New Year"),  # substitute for Saturday 1 January
        (D(2022, 12, 27), "Christmas"),  # substitute for Sunday 25 December
        (D(2020, 12, 28), "Boxing"),  # substitute for Saturday 26 December
        (D(2021, 12, 27), "Christmas"),
        (D(2021, 12, 28), "Boxing"),
        (D(2026, 12, 28), "Boxing"),
        (D(2025, 4, 18), "Good Friday"),
        (D(2026, 4, 6), "Easter Monday"),
        (D(2026, 5, 4), "May"),
        (D(2026, 8, 31), "Late Summer"),
    ],
)
def test_england_and_wales_bank_holidays_are_not_working_days(day: dt.date, name_part: str) -> None:
    assert day.weekday() < 5
    assert not cal.is_working_day(day)
    name = cal.bank_holiday_name(day)
    assert name is not None and name_part.lower() in name.lower()


def test_scottish_and_northern_irish_holidays_are_working_days() -> None:
    assert cal.is_working_day(D(2026, 1, 2))  # 2 January: Scotland only
    assert cal.is_working_day(D(2026, 3, 17))  # St Patrick's Day: Northern Ireland only
    assert cal.is_working_day(D(2026, 8, 3))  # first Monday of August: Scotland only


def test_ordinary_weekdays_work_and_weekends_do_not() -> None:
    assert cal.is_working_day(D(2025, 11, 3))  # Monday
    assert cal.is_working_day(D(2025, 11, 7))  # Friday
    assert not cal.is_working_day(D(2025, 11, 8))  # Saturday
    assert not cal.is_working_day(D(2025, 11, 9))  # Sunday


def test_bank_holidays_for_a_year() -> None:
    days = cal.bank_holidays(2023)
    assert D(2023, 5, 8) in days
    assert list(days) == sorted(days)
    assert len([d for d in days if d.weekday() < 5]) == 9  # 8 usual plus the coronation


# --- working days -------------------------------------------------------------------------------


def test_start_day_never_counts() -> None:
    assert cal.add_working_days(D(2025, 11, 3), 1) == D(2025, 11, 4)
    assert cal.add_working_days(D(2025, 11, 3), 5) == D(2025, 11, 10)


def test_counting_from_a_weekend_starts_on_monday() -> None:
    assert cal.add_working_days(D(2025, 11, 8), 1) == D(2025, 11, 10)
    assert cal.add_working_days(D(2025, 11, 9), 10) == D(2025, 11, 21)


def test_counting_from_a_bank_holiday() -> None:
    assert cal.add_working_days(D(2025, 12, 25), 1) == D(2025, 12, 29)
    assert cal.add_working_days(D(2026, 4, 3), 1) == D(2026, 4, 7)  # Good Friday -> after Easter Monday


def test_counting_across_christmas_and_new_year() -> None:
    assert cal.add_working_days(D(2025, 12, 23), 5) == D(2026, 1, 2)
    assert cal.add_working_days(D(2022, 12, 23), 1) == D(2022, 12, 28)  # 26 and 27 are holidays


def test_counting_across_the_coronation_and_jubilee() -> None:
    assert cal.add_working_days(D(2023, 5, 5), 1) == D(2023, 5, 9)
    assert cal.add_working_days(D(2022, 6, 1), 1) == D(2022, 6, 6)


def test_zero_working_days_is_the_day_itself_and_negative_is_refused() -> None:
    assert cal.add_working_days(D(2025, 11, 8), 0) == D(2025, 11, 8)
    with pytest.raises(ValueError):
        cal.add_working_days(D(2025, 11, 8), -1)


def test_working_days_between_counts_after_start_up_to_end() -> None:
    assert cal.working_days_between(D(2025, 11, 3), D(2025, 11, 10)) == 5
    assert cal.working_days_between(D(2025, 11, 3), D(2025, 11, 3)) == 0
    assert cal.working_days_between(D(2025, 12, 24), D(2025, 12, 29)) == 1


def test_closure_days_are_not_working_days() -> None:
    closed = Calendar({D(2025, 12, 24): "Christmas Eve closure", D(2025, 12, 31): ""})
    assert not closed.is_working_day(D(2025, 12, 24))
    assert closed.non_working_reason(D(2025, 12, 24)) == "Christmas Eve closure"
    assert closed.non_working_reason(D(2025, 12, 31)) == "Closure day"
    assert closed.non_working_reason(D(2025, 12, 25)) == "Christmas Day"
    assert closed.non_working_reason(D(2025, 12, 27)) == "Saturday"
    assert closed.add_working_days(D(2025, 12, 23), 5) == D(2026, 1, 6)
    assert cal.add_working_days(D(2025, 12, 23), 5, closed) == D(2026, 1, 6)
    assert cal.add_working_days(D(2025, 12, 23), 5) == D(2026, 1, 2)  # the default has no closures


def test_closure_days_from_a_plain_list() -> None:
    closed = Calendar([D(2025, 11, 4)])
    assert closed.add_working_days(D(2025, 11, 3), 1) == D(2025, 11, 5)
    assert closed.closures == {D(2025, 11, 4): "Closure day"}


@pytest.mark.django_db
def test_load_calendar_reads_closure_days() -> None:
    from hearth.core.models import ClosureDay

    ClosureDay.objects.create(date=D(2025, 11, 4), reason="Staff training")
    loaded = cal.load_calendar()
    assert loaded.non_working_reason(D(2025, 11, 4)) == "Staff training"
    assert loaded.add_working_days(D(2025, 11, 3), 1) == D(2025, 11, 5)


# --- working days with a time of day ------------------------------------------------------------


def test_working_days_keep_the_wall_clock_time_across_the_spring_change() -> None:
    due = cal.add_working_days_at(at(2026, 3, 27, 10, 0), 1)  # Friday, GMT
    assert due == at(2026, 3, 30, 10, 0)
    assert due.utcoffset() == dt.timedelta(hours=1)  # BST
    assert due.tzinfo == LONDON


def test_working_days_keep_the_wall_clock_time_across_the_autumn_change() -> None:
    due = cal.add_working_days_at(at(2025, 10, 24, 9, 0), 1)  # Friday, BST
    assert (due.date(), due.time()) == (D(2025, 10, 27), dt.time(9, 0))
    assert due.utcoffset() == dt.timedelta(0)


def test_working_days_at_use_the_local_date_not_the_utc_date() -> None:
    # 23:30 UTC on Friday 4 July 2025 is 00:30 on Saturday in London
    late = dt.datetime(2025, 7, 4, 23, 30, tzinfo=UTC)
    due = cal.add_working_days_at(late, 1)
    assert (due.date(), due.time()) == (D(2025, 7, 7), dt.time(0, 30))


# --- elapsed hours ------------------------------------------------------------------------------


def test_24_hours_across_the_spring_change_ends_an_hour_later_on_the_clock() -> None:
    assert cal.add_hours(at(2026, 3, 28, 12, 0), 24) == at(2026, 3, 29, 13, 0)


def test_24_hours_across_the_autumn_change_ends_an_hour_earlier_on_the_clock() -> None:
    due = cal.add_hours(at(2025, 10, 25, 12, 0), 24)
    assert (due.date(), due.time()) == (D(2025, 10, 26), dt.time(11, 0))


def test_hours_through_the_skipped_and_repeated_hour() -> None:
    spring = cal.add_hours(at(2026, 3, 29, 0, 30), 1)
    assert (spring.time(), spring.utcoffset()) == (dt.time(2, 30), dt.timedelta(hours=1))
    first = cal.add_hours(at(2025, 10, 26, 0, 30), 1)
    second = cal.add_hours(at(2025, 10, 26, 0, 30), 2)
    assert first.time() == second.time() == dt.time(1, 30)
    assert first.utcoffset() == dt.timedelta(hours=1)
    assert second.utcoffset() == dt.timedelta(0)


def test_hours_over_midnight() -> None:
    assert cal.add_hours(at(2025, 12, 14, 23, 30), 2) == at(2025, 12, 15, 1, 30)


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError):
        cal.add_hours(dt.datetime(2025, 1, 1, 12, 0), 2)
    with pytest.raises(ValueError):
        cal.to_utc(dt.datetime(2025, 1, 1, 12, 0))
    with pytest.raises(ValueError):
        cal.make_local(dt.datetime(2025, 1, 1, 12, 0, tzinfo=UTC))


# --- local time helpers -------------------------------------------------------------------------


def test_local_and_utc_conversions() -> None:
    summer = at(2025, 7, 1, 0, 30)
    assert cal.to_utc(summer) == dt.datetime(2025, 6, 30, 23, 30, tzinfo=UTC)
    assert cal.local_date(cal.to_utc(summer)) == D(2025, 7, 1)
    assert cal.to_local(dt.datetime(2025, 12, 1, 9, 0, tzinfo=UTC)) == at(2025, 12, 1, 9, 0)


def test_make_local_for_skipped_and_repeated_times() -> None:
    skipped = cal.make_local(dt.datetime(2026, 3, 29, 1, 30))
    assert skipped.time() == dt.time(2, 30)  # 01:30 never happens that night
    repeated = cal.make_local(dt.datetime(2025, 10, 26, 1, 30))
    assert repeated.utcoffset() == dt.timedelta(hours=1)  # the first 01:30


def test_start_and_end_of_day() -> None:
    assert cal.start_of_day(D(2025, 7, 1)) == dt.datetime(2025, 6, 30, 23, 0, tzinfo=UTC)
    end = cal.end_of_day(D(2025, 12, 1))
    assert end.date() == D(2025, 12, 1) and end.time() == dt.time.max


# --- calendar-day periods -----------------------------------------------------------------------


def test_days_beginning_with_counts_the_first_day() -> None:
    assert cal.days_beginning_with(D(2025, 1, 1), 1) == D(2025, 1, 1)
    assert cal.days_beginning_with(D(2025, 1, 1), 56) == D(2025, 2, 25)
    assert cal.days_beginning_with(D(2025, 11, 3), 21) == D(2025, 11, 23)
    with pytest.raises(ValueError):
        cal.days_beginning_with(D(2025, 1, 1), 0)


def test_weeks_and_days() -> None:
    assert cal.add_weeks(D(2026, 4, 2), 12) == D(2026, 6, 25)
    assert cal.add_days(D(2026, 4, 2), 84) == D(2026, 6, 25)
    assert cal.add_days(D(2024, 2, 28), 1) == D(2024, 2, 29)


# --- properties ---------------------------------------------------------------------------------

dates = st.dates(min_value=D(1995, 1, 1), max_value=D(2075, 12, 31))
counts = st.integers(min_value=0, max_value=60)
closures = st.sets(st.dates(min_value=D(1995, 1, 1), max_value=D(2076, 6, 30)), max_size=30)


@given(day=dates, n=st.integers(min_value=1, max_value=60), closed=closures)
def test_nth_working_day_is_a_working_day_strictly_after(day: dt.date, n: int, closed: set[dt.date]) -> None:
    calendar = Calendar(closed)
    due = calendar.add_working_days(day, n)
    assert due > day
    assert calendar.is_working_day(due)
    assert calendar.working_days_between(day, due) == n
    assert calendar.working_days_between(day, due - dt.timedelta(days=1)) == n - 1


@given(day=dates, n=counts)
def test_one_more_working_day_is_the_next_working_day(day: dt.date, n: int) -> None:
    assert cal.add_working_days(day, n + 1) == cal.add_working_days(cal.add_working_days(day, n), 1)


@given(day=dates, a=counts, b=counts)
def test_working_days_add_up(day: dt.date, a: int, b: int) -> None:
    assert cal.add_working_days(cal.add_working_days(day, a), b) == cal.add_working_days(day, a + b)


@given(
    when=st.datetimes(
        min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2060, 1, 1), timezones=st.just(UTC)
    ),
    hours=st.integers(min_value=-1000, max_value=1000),
)
def test_add_hours_is_exactly_elapsed_time(when: dt.datetime, hours: int) -> None:
    due = cal.add_hours(when, hours)
    assert due.tzinfo == LONDON
    assert cal.to_utc(due) - cal.to_utc(when) == dt.timedelta(hours=hours)


@given(
    when=st.datetimes(
        min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2060, 1, 1), timezones=st.just(UTC)
    ),
    n=st.integers(min_value=1, max_value=30),
)
def test_working_days_at_keep_the_wall_clock_time(when: dt.datetime, n: int) -> None:
    due = cal.add_working_days_at(when, n)
    start = cal.to_local(when)
    assert due.time() == start.time()  # working days never fall on a clock-change Sunday
    assert due.date() == cal.add_working_days(start.date(), n)
    assert cal.is_working_day(due.date())


@given(day=dates, n=st.integers(min_value=1, max_value=400))
def test_days_beginning_with_is_one_day_short_of_adding_days(day: dt.date, n: int) -> None:
    assert cal.days_beginning_with(day, n) == cal.add_days(day, n) - dt.timedelta(days=1)
