"""The weekly debit run, on the database the suite runs on, posts exactly the debits the rent rules
(`domain.debits_between`, the specification) say: tenancies starting and ending on every weekday,
open-ended or not, free weeks, the 53-week rent year 2024/25, a second charge element and a rent
change taking effect inside the weeks run."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hearth.rents import domain, selectors, services
from hearth.rents.models import Transaction

D = dt.date
M = Decimal
pytestmark = pytest.mark.django_db

# Mondays from March 2025 to May 2026: the end of 2024/25 (53 Mondays, the last on 31 March 2025),
# all of 2025/26 (52) and the start of 2026/27
FIRST_WEEKS = domain.mondays_between(D(2025, 3, 3), D(2026, 5, 4))
# windows that cross a rent year's end
YEAR_ENDS = [D(2025, 3, 17), D(2025, 3, 24), D(2025, 3, 31), D(2026, 3, 16), D(2026, 3, 30)]

weekly = st.decimals(min_value=M("0.01"), max_value=M("400"), places=2)


@st.composite
def cases(draw: Any) -> dict[str, Any]:
    first_week = draw(st.one_of(st.sampled_from(YEAR_ENDS), st.sampled_from(FIRST_WEEKS)))
    weeks = domain.mondays_between(first_week, first_week + dt.timedelta(weeks=draw(st.integers(3, 9))))
    last_day = weeks[-1] + dt.timedelta(days=6)
    start = first_week + dt.timedelta(days=draw(st.integers(-10, 7 * len(weeks))))
    length = draw(st.one_of(st.none(), st.integers(0, 7 * len(weeks) + 10)))
    end = start + dt.timedelta(days=length) if length is not None else None
    free = draw(st.sets(st.sampled_from(weeks), max_size=3))
    service = None
    if draw(st.booleans()):
        # a second element, from any day (its own start, or the agreement's), perhaps ending
        s_from = draw(
            st.sampled_from([start, start + dt.timedelta(days=draw(st.integers(1, 7 * len(weeks))))])
        )
        s_to = draw(st.one_of(st.none(), st.integers(0, 40).map(lambda n: s_from + dt.timedelta(days=n))))
        service = (draw(st.decimals(min_value=M("0.00"), max_value=M("40"), places=2)), s_from, s_to)
    later = [m for m in weeks if m > start]
    change = (draw(st.sampled_from(later)), draw(weekly)) if later and draw(st.booleans()) else None
    return {
        "weeks": weeks,
        "first": first_week,
        "last": last_day,
        "start": start,
        "end": end,
        "free": free,
        "rent": draw(weekly),
        "service": service,
        "change": change,
    }


@settings(max_examples=35, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=cases())
def test_the_debit_run_posts_what_the_rent_rules_say(
    make_account: Any, senior: Any, case: dict[str, Any]
) -> None:
    start, end, free = case["start"], case["end"], case["free"]
    # the charge elements as the rules see them: (kind, weekly, in force from, to)
    elements: list[tuple[str, Decimal, dt.date, dt.date | None]] = []
    # each example on its own: its agreement, free weeks and the weeks it ran are rolled back
    with transaction.atomic():
        account = make_account(start=start, end=end, charges=(("rent", str(case["rent"]), ""),))
        if case["change"] is None:
            elements.append(("rent", case["rent"], start, None))
        else:
            monday, new_rent = case["change"]
            services.change_charge(
                actor=senior, account=account, kind="rent", weekly=new_rent, effective_from=monday
            )
            elements += [
                ("rent", case["rent"], start, monday - dt.timedelta(days=1)),
                ("rent", new_rent, monday, None),
            ]
        if case["service"] is not None:
            amount, s_from, s_to = case["service"]
            services.add_element(
                actor=senior,
                account=account,
                kind="service",
                weekly=amount,
                description="Cleaning",
                start=s_from,
                end=s_to,
            )
            elements.append(("service", amount, s_from, s_to))
        for year in sorted({domain.rent_year_of(m) for m in case["weeks"]}):
            services.set_free_weeks(
                actor=senior, year=year, mondays=[m for m in free if domain.rent_year_of(m) == year]
            )

        services.run_debits(weeks=case["weeks"])

        got = sorted(Transaction.objects.filter(account=account).values_list("posted_on", "kind", "amount"))
        balance = selectors.balance(account)
        transaction.set_rollback(True)

    expected = sorted(
        (debit.date, kind, debit.amount)
        for kind, amount, in_force_from, in_force_to in elements
        for debit in domain.debits_between(
            case["first"], case["last"], weekly=amount, start=start, end=end, free_mondays=free
        )
        if domain.Element(kind, amount, in_force_from, in_force_to).in_force(debit.date)
    )
    assert got == expected
    assert balance == sum((a for _, _, a in expected), M("0.00"))
