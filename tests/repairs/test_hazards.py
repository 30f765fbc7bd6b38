"""Awaab's Law hazard cases: their clocks come from the shared clock rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError

from hearth.core.calendar import end_of_day, make_local
from hearth.core.models import Clock
from hearth.repairs import services

pytestmark = pytest.mark.django_db


def _clocks(case: Any) -> dict[str, Clock]:
    return {c.kind: c for c in services.hazard_clocks(case)}


def test_significant_hazard_clocks(world: Any, senior: Any) -> None:
    with time_machine.travel(make_local(dt.datetime(2026, 1, 20, 12, 0)), tick=False):
        case = services.open_hazard_case(actor=senior, property=world.flat, severity="significant",
                                         aware_at=make_local(dt.datetime(2026, 1, 5, 9, 0)))
        investigate = _clocks(case)["awaab_significant.investigate"]
        assert investigate.due_at == end_of_day(dt.date(2026, 1, 19))  # 10 working days after 5 January
        with pytest.raises(ValidationError, match="Record the end of the investigation first"):
            services.record_hazard_step(actor=senior, case=case, step="safety_work", on=dt.date(2026, 1, 16))
        services.record_hazard_step(actor=senior, case=case, step="investigation_concluded", on=dt.date(2026, 1, 16))
        clocks = _clocks(case)
        assert clocks["awaab_significant.investigate"].outcome == Clock.Outcome.MET
        assert clocks["awaab_significant.written_summary"].due_at == end_of_day(dt.date(2026, 1, 21))
        assert clocks["awaab_significant.safety_work"].due_at == end_of_day(dt.date(2026, 1, 23))
        assert clocks["awaab_significant.supplementary_work"].due_at == end_of_day(dt.date(2026, 4, 10))
        deadlines = services.hazard_deadlines(case)
        assert deadlines["written_summary_by"] == dt.date(2026, 1, 21)
        services.record_hazard_step(actor=senior, case=case, step="written_summary", on=dt.date(2026, 1, 20))
        with pytest.raises(ValidationError, match="already recorded"):
            services.record_hazard_step(actor=senior, case=case, step="written_summary", on=dt.date(2026, 1, 20))
    assert _clocks(case)["awaab_significant.written_summary"].outcome == Clock.Outcome.MET


def test_emergency_hazard_24_hours_and_accommodation(world: Any, senior: Any) -> None:
    aware = make_local(dt.datetime(2026, 3, 28, 12, 0))
    with time_machine.travel(make_local(dt.datetime(2026, 3, 30, 12, 0)), tick=False):
        case = services.open_hazard_case(actor=senior, property=world.flat, severity="emergency", aware_at=aware)
        make_safe = _clocks(case)["awaab_emergency.make_safe"]
        assert make_safe.due_at == make_local(dt.datetime(2026, 3, 29, 13, 0))  # 24 elapsed hours, clocks forward
        services.record_accommodation_offer(actor=senior, case=case, offered_on=dt.date(2026, 3, 29),
                                            details="Furnished flat at 2 Oak Court", answer="accepted",
                                            answered_on=dt.date(2026, 3, 29))
        services.record_made_safe(actor=senior, case=case, at=make_local(dt.datetime(2026, 3, 30, 9, 0)))
    assert case.accommodation_answer == "accepted"
    assert _clocks(case)["awaab_emergency.make_safe"].outcome == Clock.Outcome.BREACHED


def test_opening_a_case_checks_its_input(world: Any, senior: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.open_hazard_case(actor=senior, property=None, severity="bad", aware_at=None, hazard=" ")
    assert set(exc.value.message_dict) == {"property", "severity", "aware_at", "hazard"}


def test_closing_a_case_cancels_running_clocks(world: Any, senior: Any) -> None:
    case = services.open_hazard_case(actor=senior, property=world.flat, severity="significant",
                                     aware_at=make_local(dt.datetime(2026, 1, 5, 9, 0)))
    with pytest.raises(ValidationError):
        services.close_hazard_case(actor=senior, case=case, reason="")
    services.close_hazard_case(actor=senior, case=case, reason="No hazard found on investigation")
    assert case.closed
    assert {c.outcome for c in services.hazard_clocks(case)} == {Clock.Outcome.CANCELLED}
