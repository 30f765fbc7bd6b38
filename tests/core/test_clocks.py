"""Clock rules, case deadlines, and the services that run Clock records."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from hearth.core import clocks
from hearth.core.calendar import Calendar, add_working_days, end_of_day, is_working_day, make_local
from hearth.core.clocks import (
    CalendarDays,
    ClockRule,
    DaysBeginningWith,
    ElapsedHours,
    Weeks,
    WorkingDays,
)
from hearth.core.models import AuditEvent, Clock, ClosureDay

D = dt.date


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return make_local(dt.datetime(year, month, day, hour, minute))


# --- periods and rules --------------------------------------------------------------------------


def test_period_descriptions() -> None:
    assert WorkingDays(1).describe() == "1 working day"
    assert WorkingDays(5).describe() == "5 working days"
    assert ElapsedHours(24).describe() == "24 hours"
    assert Weeks(12).describe() == "12 weeks (84 days)"
    assert CalendarDays(30).describe() == "30 days"
    assert DaysBeginningWith(56).describe() == "56 days beginning with the start day"


def test_periods_from_policy_data() -> None:
    assert clocks.period_from_data({"unit": "working_days", "count": 5}) == WorkingDays(5)
    assert clocks.period_to_data(Weeks(12)) == {"unit": "weeks", "count": 12}
    with pytest.raises(ValueError, match="Unknown period unit"):
        clocks.period_from_data({"unit": "fortnights", "count": 1})
    with pytest.raises(ValueError, match="whole number"):
        clocks.period_from_data({"unit": "days", "count": "5"})


def test_periods_on_dates_and_times() -> None:
    calendar = Calendar()
    assert WorkingDays(5).after(D(2025, 11, 3), calendar) == D(2025, 11, 10)
    assert WorkingDays(5).after(at(2025, 11, 3, 14, 5), calendar) == at(2025, 11, 10, 14, 5)
    assert CalendarDays(84).after(D(2026, 4, 2), calendar) == D(2026, 6, 25)
    assert CalendarDays(1).after(at(2026, 3, 28, 12, 0), calendar) == at(2026, 3, 29, 12, 0)
    assert Weeks(1).after(at(2026, 3, 28, 12, 0), calendar) == at(2026, 4, 4, 12, 0)
    assert DaysBeginningWith(21).after(D(2025, 11, 3), calendar) == D(2025, 11, 23)
    assert DaysBeginningWith(21).after(at(2025, 11, 3, 9, 0), calendar) == end_of_day(D(2025, 11, 23))
    with pytest.raises(ValueError, match="needs a start time"):
        ElapsedHours(2).after(D(2025, 11, 3), calendar)


def test_a_whole_day_rule_in_hours_is_refused() -> None:
    with pytest.raises(ValueError):
        ClockRule("x", "X", ElapsedHours(2), whole_days=True)


def test_whole_day_rules_fall_due_at_the_end_of_the_day() -> None:
    rule = clocks.DEFAULT_CLOCKS.get("complaint_stage1.acknowledge")
    assert rule.due(at(2025, 11, 3, 16, 0)) == D(2025, 11, 10)
    assert rule.due_at(at(2025, 11, 3, 16, 0)) == end_of_day(D(2025, 11, 10))


def test_registry_defaults() -> None:
    registry = clocks.DEFAULT_CLOCKS
    assert registry.get("complaint_stage2.respond").period == WorkingDays(20)
    assert registry.get("awaab_significant.supplementary_work").period == Weeks(12)
    assert registry.get("awaab_emergency.make_safe").period == ElapsedHours(24)
    assert registry.get("members_enquiry.respond").period == WorkingDays(10)
    assert registry.get("repair.routine").describe() == "Repair target (routine): 21 working days"
    assert "repair.urgent" in registry
    assert all(isinstance(rule.key, str) and rule.label for rule in registry)
    with pytest.raises(clocks.UnknownClockKind, match="no clock called"):
        registry.get("nonsense")


def test_a_landlord_policy_replaces_periods_without_touching_the_default() -> None:
    policy = clocks.DEFAULT_CLOCKS.with_periods(
        {"members_enquiry.respond": {"unit": "working_days", "count": 15}, "repair.urgent": WorkingDays(3)}
    )
    assert clocks.members_enquiry_deadlines(D(2026, 1, 12), registry=policy) == {"respond_by": D(2026, 2, 2)}
    assert clocks.members_enquiry_deadlines(D(2026, 1, 12)) == {"respond_by": D(2026, 1, 26)}
    assert clocks.repair_due("urgent", at(2021, 7, 7, 19, 0), registry=policy) == at(2021, 7, 12, 19, 0)
    with pytest.raises(clocks.UnknownClockKind):
        clocks.DEFAULT_CLOCKS.with_periods({"nonsense": WorkingDays(1)})


def test_a_landlord_may_add_a_repair_priority() -> None:
    planned = ClockRule("repair.planned", "Repair target (planned)", CalendarDays(90), whole_days=False)
    registry = clocks.DEFAULT_CLOCKS.with_rules(planned)
    assert clocks.repair_due("planned", at(2025, 1, 6, 9, 0), registry=registry) == at(2025, 4, 6, 9, 0)
    with pytest.raises(clocks.UnknownClockKind):
        clocks.repair_due("planned", at(2025, 1, 6, 9, 0))


# --- repair targets (core's default priorities; the repairs app wires them to jobs) -------------


@pytest.mark.parametrize(
    ("priority", "raised", "due"),
    [
        ("urgent", at(2025, 4, 17, 10, 0), at(2025, 4, 28, 10, 0)),  # Easter 2025
        ("routine", at(2025, 12, 22, 9, 30), at(2026, 1, 23, 9, 30)),  # Christmas 2025
        ("urgent", at(2026, 5, 23, 11, 0), at(2026, 6, 1, 11, 0)),  # Saturday before a bank holiday
        ("emergency", at(2026, 3, 28, 12, 0), at(2026, 3, 29, 13, 0)),  # clocks go forward
        ("emergency", at(2025, 10, 25, 12, 0), at(2025, 10, 26, 11, 0)),  # clocks go back
        ("immediate", at(2025, 12, 14, 23, 30), at(2025, 12, 15, 1, 30)),
    ],
)
def test_repair_targets(priority: str, raised: dt.datetime, due: dt.datetime) -> None:
    assert clocks.repair_due(priority, raised) == due


# --- case deadlines -----------------------------------------------------------------------------


def test_complaint_stage_1_before_and_after_acknowledgement() -> None:
    assert clocks.complaint_deadlines(1, D(2025, 11, 3)) == {"acknowledge_by": D(2025, 11, 10)}
    assert clocks.complaint_deadlines(1, D(2025, 11, 3), D(2025, 11, 4)) == {
        "acknowledge_by": D(2025, 11, 10),
        "respond_by": D(2025, 11, 18),
        "latest_extended_respond_by": D(2025, 12, 2),
    }


def test_complaint_stage_2_counts_20_working_days_and_its_extension_from_the_response_date() -> None:
    found = clocks.complaint_deadlines(2, D(2025, 12, 1), D(2025, 12, 3))
    assert found["acknowledge_by"] == D(2025, 12, 8)
    assert found["respond_by"] == D(2026, 1, 5)  # 25, 26 Dec and 1 Jan skipped
    assert found["latest_extended_respond_by"] == add_working_days(D(2026, 1, 5), 20)


def test_complaint_deadlines_from_times_are_dates() -> None:
    found = clocks.complaint_deadlines(1, at(2025, 11, 3, 17, 30))
    assert found == {"acknowledge_by": D(2025, 11, 10)}


def test_complaint_stage_must_be_1_or_2() -> None:
    with pytest.raises(ValueError, match="stage 1 or stage 2"):
        clocks.complaint_deadlines(3, D(2025, 11, 3))


def test_awaab_significant_hazard() -> None:
    assert clocks.awaab_significant_deadlines(D(2025, 12, 18)) == {"investigate_by": D(2026, 1, 6)}
    found = clocks.awaab_significant_deadlines(D(2025, 12, 18), D(2026, 1, 5))
    assert found["written_summary_by"] == D(2026, 1, 8)
    assert found["safety_work_by"] == D(2026, 1, 12)
    assert found["supplementary_work_begun_by"] == D(2026, 3, 30)  # 84 days after, not 83


def test_awaab_emergency_hazard_is_24_elapsed_hours() -> None:
    found = clocks.awaab_emergency_deadlines(at(2026, 3, 28, 18, 0))
    assert found == {"investigate_by": at(2026, 3, 29, 19, 0), "make_safe_by": at(2026, 3, 29, 19, 0)}


def test_members_enquiry() -> None:
    assert clocks.members_enquiry_deadlines(D(2025, 12, 19)) == {"respond_by": D(2026, 1, 7)}


def test_deadlines_use_the_calendar_given() -> None:
    closed = Calendar({D(2025, 11, 10): "Office move"})
    assert clocks.complaint_deadlines(1, D(2025, 11, 3), calendar=closed) == {
        "acknowledge_by": D(2025, 11, 11)
    }


def test_deadlines_for_refuses_bad_inputs() -> None:
    with pytest.raises(ValueError, match="Unknown kind of case"):
        clocks.deadlines_for("parking_fine", {})
    with pytest.raises(ValueError, match="does not use"):
        clocks.deadlines_for("members_enquiry", {"received": D(2026, 1, 12), "escalated": D(2026, 1, 13)})
    with pytest.raises(ValueError, match="needs the date"):
        clocks.deadlines_for("complaint_stage1", {"acknowledged": D(2026, 1, 12)})
    with pytest.raises(ValueError, match="needs the time"):
        clocks.deadlines_for("awaab_emergency", {"aware_at": D(2026, 1, 12)})


def test_case_kinds_name_their_inputs_and_deadlines() -> None:
    kind = clocks.case_kind("awaab_significant")
    assert kind.input_names == ("aware", "investigation_concluded")
    assert kind.deadline_names == (
        "investigate_by",
        "written_summary_by",
        "safety_work_by",
        "supplementary_work_begun_by",
    )
    for spec in clocks.CASE_KINDS.values():
        for deadline in spec.deadlines:
            assert deadline.clock in clocks.DEFAULT_CLOCKS
            assert deadline.start in spec.input_names or deadline.start in spec.deadline_names


@given(
    received=st.dates(min_value=D(2000, 1, 1), max_value=D(2070, 1, 1)),
    gap=st.integers(min_value=0, max_value=10),
)
def test_complaint_deadlines_are_working_days_in_order(received: dt.date, gap: int) -> None:
    acknowledged = received + dt.timedelta(days=gap)
    found = clocks.complaint_deadlines(1, received, acknowledged)
    assert all(is_working_day(day) for day in found.values())
    assert found["acknowledge_by"] > received
    assert acknowledged < found["respond_by"] < found["latest_extended_respond_by"]


# --- services on Clock records ------------------------------------------------------------------


@pytest.fixture
def officer(db: Any) -> User:
    return User.objects.create_user("officer", first_name="Sam", last_name="Patel")


@pytest.fixture
def owner(db: Any) -> User:
    """Any saved record can own a clock; a user stands in for a case here."""
    return User.objects.create_user("tenant")


def events_for(record: Any) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_id=str(record.pk), content_type__model=record._meta.model_name)
        .order_by("id")
        .values_list("action", flat=True)
    )


@pytest.mark.django_db
def test_start_clock_sets_the_due_time_and_records_it(owner: User, officer: User) -> None:
    clock = clocks.start_clock(
        owner=owner, kind="complaint_stage1.acknowledge", started_at=at(2025, 11, 3, 10, 0), actor=officer
    )
    clock.refresh_from_db()
    assert clock.owner == owner
    assert clock.label == "Acknowledge stage 1 complaint"
    assert clock.due_at == end_of_day(D(2025, 11, 10))
    assert clock.outcome == Clock.Outcome.RUNNING
    event = AuditEvent.objects.get(action="clock_started")
    assert event.object_id == str(owner.pk) and event.actor == officer
    assert "due 10 Nov 2025 23:59" in event.summary
    assert event.changes["outcome"] == [None, "Running"]


@pytest.mark.django_db
def test_start_clock_from_a_date_and_an_instant_rule(owner: User, officer: User) -> None:
    clock = clocks.start_clock(
        owner=owner, kind="members_enquiry.respond", started_at=D(2026, 1, 12), actor=officer
    )
    assert clock.due_at == end_of_day(D(2026, 1, 26))
    repair = clocks.start_clock(
        owner=owner, kind="repair.emergency", started_at=at(2026, 3, 28, 12, 0), actor=None, label="Boiler"
    )
    assert repair.due_at == at(2026, 3, 29, 13, 0)
    assert repair.label == "Boiler"
    assert AuditEvent.objects.filter(action="clock_started").count() == 2


@pytest.mark.django_db
def test_start_clock_counts_the_landlords_closure_days(owner: User, officer: User) -> None:
    ClosureDay.objects.create(date=D(2025, 11, 10), reason="Office move")
    clock = clocks.start_clock(
        owner=owner, kind="complaint_stage1.acknowledge", started_at=D(2025, 11, 3), actor=officer
    )
    assert clock.due_at == end_of_day(D(2025, 11, 11))


@pytest.mark.django_db
def test_start_clock_refuses_an_unknown_kind(owner: User, officer: User) -> None:
    with pytest.raises(clocks.UnknownClockKind):
        clocks.start_clock(owner=owner, kind="nonsense", started_at=D(2026, 1, 12), actor=officer)
    assert not Clock.objects.exists()


@pytest.fixture
def urgent(owner: User, officer: User) -> Clock:
    """An urgent repair raised Wednesday 7 July 2021 19:00, due Wednesday 14 July 19:00."""
    return clocks.start_clock(
        owner=owner, kind="repair.urgent", started_at=at(2021, 7, 7, 19, 0), actor=officer
    )


@pytest.mark.django_db
def test_stopping_at_the_due_time_is_met(urgent: Clock, officer: User, owner: User) -> None:
    clocks.stop_clock(clock=urgent, stopped_at=at(2021, 7, 14, 19, 0), actor=officer)
    urgent.refresh_from_db()
    assert urgent.outcome == Clock.Outcome.MET
    assert urgent.stopped_at == at(2021, 7, 14, 19, 0)
    assert events_for(owner) == ["clock_started", "clock_stopped"]
    event = AuditEvent.objects.get(action="clock_stopped")
    assert event.changes["outcome"] == ["Running", "Met"]
    assert "met" in event.summary


@pytest.mark.django_db
def test_stopping_after_the_due_time_is_breached(urgent: Clock, officer: User) -> None:
    stopped = clocks.stop_clock(clock=urgent, stopped_at=at(2021, 7, 14, 19, 1), actor=officer)
    assert stopped.outcome == Clock.Outcome.BREACHED
    assert Clock.objects.get().outcome == Clock.Outcome.BREACHED
    assert "breached" in AuditEvent.objects.get(action="clock_stopped").summary


@pytest.mark.django_db
def test_a_stopped_clock_cannot_be_stopped_paused_or_cancelled_again(urgent: Clock, officer: User) -> None:
    clocks.stop_clock(clock=urgent, stopped_at=at(2021, 7, 8, 9, 0), actor=officer)
    with pytest.raises(ValidationError, match="already ended"):
        clocks.stop_clock(clock=urgent, stopped_at=at(2021, 7, 8, 10, 0), actor=officer)
    with pytest.raises(ValidationError):
        clocks.pause_clock(clock=urgent, reason="Waiting for parts", actor=officer)
    with pytest.raises(ValidationError):
        clocks.cancel_clock(clock=urgent, reason="Duplicate", actor=officer)


@pytest.mark.django_db
def test_a_clock_cannot_stop_before_it_started(urgent: Clock, officer: User) -> None:
    with pytest.raises(ValidationError) as caught:
        clocks.stop_clock(clock=urgent, stopped_at=at(2021, 7, 7, 18, 0), actor=officer)
    assert caught.value.message_dict == {"stopped_at": ["The clock cannot stop before it started."]}


@pytest.mark.django_db
def test_pausing_without_a_reason_is_refused(urgent: Clock, officer: User, owner: User) -> None:
    for blank in ("", "   "):
        with pytest.raises(ValidationError) as caught:
            clocks.pause_clock(clock=urgent, reason=blank, actor=officer, at=at(2021, 7, 8, 9, 0))
        assert caught.value.message_dict == {"reason": ["Enter the reason for pausing the clock."]}
    urgent.refresh_from_db()
    assert urgent.paused_at is None
    assert events_for(owner) == ["clock_started"]


@pytest.mark.django_db
def test_pause_and_resume_moves_the_due_time_by_the_paused_time(
    urgent: Clock, officer: User, owner: User
) -> None:
    clocks.pause_clock(clock=urgent, reason="Tenant away: no access", actor=officer, at=at(2021, 7, 8, 9, 0))
    assert urgent.paused_at == at(2021, 7, 8, 9, 0)
    assert Clock.objects.get().pause_reason == "Tenant away: no access"
    with pytest.raises(ValidationError, match="already paused"):
        clocks.pause_clock(clock=urgent, reason="Again", actor=officer)
    clocks.resume_clock(clock=urgent, actor=officer, at=at(2021, 7, 10, 12, 30))
    urgent.refresh_from_db()
    assert urgent.paused_at is None and urgent.pause_reason == ""
    assert urgent.due_at == at(2021, 7, 14, 19, 0) + dt.timedelta(days=2, hours=3, minutes=30)
    assert events_for(owner) == ["clock_started", "clock_paused", "clock_resumed"]
    paused = AuditEvent.objects.get(action="clock_paused")
    assert "Tenant away: no access" in paused.summary
    assert paused.actor == officer
    resumed = AuditEvent.objects.get(action="clock_resumed")
    assert "after 2 days 3 hours" in resumed.summary


@pytest.mark.django_db
def test_resume_needs_a_paused_clock_and_a_later_time(urgent: Clock, officer: User) -> None:
    with pytest.raises(ValidationError, match="not paused"):
        clocks.resume_clock(clock=urgent, actor=officer)
    clocks.pause_clock(clock=urgent, reason="No access", actor=officer, at=at(2021, 7, 8, 9, 0))
    with pytest.raises(ValidationError):
        clocks.resume_clock(clock=urgent, actor=officer, at=at(2021, 7, 8, 8, 0))


@pytest.mark.django_db
def test_stopping_a_paused_clock_does_not_count_the_paused_time(urgent: Clock, officer: User) -> None:
    clocks.pause_clock(clock=urgent, reason="No access", actor=officer, at=at(2021, 7, 13, 9, 0))
    clocks.stop_clock(clock=urgent, stopped_at=at(2021, 7, 16, 9, 0), actor=officer)
    assert urgent.outcome == Clock.Outcome.MET
    assert urgent.paused_at is None
    assert urgent.due_at == at(2021, 7, 17, 19, 0)


@pytest.mark.django_db
def test_cancel_needs_a_reason_and_ends_the_clock(urgent: Clock, officer: User, owner: User) -> None:
    with pytest.raises(ValidationError) as caught:
        clocks.cancel_clock(clock=urgent, reason="", actor=officer)
    assert "reason" in caught.value.message_dict
    clocks.cancel_clock(clock=urgent, reason="Raised twice", actor=officer, at=at(2021, 7, 8, 9, 0))
    urgent.refresh_from_db()
    assert urgent.outcome == Clock.Outcome.CANCELLED
    assert urgent.stopped_at == at(2021, 7, 8, 9, 0)
    assert events_for(owner)[-1] == "clock_cancelled"


@pytest.mark.django_db
def test_ending_an_overdue_clock_records_the_breach(urgent: Clock, officer: User, owner: User) -> None:
    clocks.end_clock(clock=urgent, reason="Case closed", actor=officer, at=at(2021, 7, 15, 9, 0))
    urgent.refresh_from_db()
    assert urgent.outcome == Clock.Outcome.BREACHED
    assert urgent.stopped_at == at(2021, 7, 15, 9, 0)
    assert events_for(owner)[-1] == "clock_stopped"


@pytest.mark.django_db
def test_ending_a_clock_not_yet_due_cancels_it(urgent: Clock, officer: User, owner: User) -> None:
    clocks.end_clock(clock=urgent, reason="Case closed", actor=officer, at=at(2021, 7, 14, 19, 0))
    urgent.refresh_from_db()
    assert urgent.outcome == Clock.Outcome.CANCELLED
    assert events_for(owner)[-1] == "clock_cancelled"
    with pytest.raises(ValidationError, match="already ended"):
        clocks.end_clock(clock=urgent, reason="Case closed", actor=officer)


@pytest.mark.django_db
def test_ending_a_paused_clock_does_not_count_the_paused_time(urgent: Clock, officer: User) -> None:
    clocks.pause_clock(clock=urgent, reason="No access", actor=officer, at=at(2021, 7, 13, 19, 0))
    clocks.end_clock(clock=urgent, reason="Case closed", actor=officer, at=at(2021, 7, 20, 9, 0))
    assert Clock.objects.get().outcome == Clock.Outcome.CANCELLED


@pytest.mark.django_db
def test_the_change_and_its_audit_event_share_one_transaction(
    urgent: Clock, officer: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**kwargs: Any) -> None:
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(clocks.audit, "record", broken)
    with pytest.raises(RuntimeError):
        clocks.stop_clock(clock=urgent, stopped_at=at(2021, 7, 8, 9, 0), actor=officer)
    assert Clock.objects.get().outcome == Clock.Outcome.RUNNING


@pytest.mark.django_db
def test_audit_falls_back_to_the_clock_when_the_owner_is_gone(owner: User, officer: User) -> None:
    clock = clocks.start_clock(
        owner=owner, kind="repair.urgent", started_at=at(2021, 7, 7, 19, 0), actor=officer
    )
    Clock.objects.filter(pk=clock.pk).update(object_id="999999")
    clock.refresh_from_db()
    clocks.stop_clock(clock=clock, stopped_at=at(2021, 7, 8, 9, 0), actor=officer)
    assert events_for(clock) == ["clock_stopped"]


# --- selectors ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_clocks_due_and_overdue(owner: User, officer: User) -> None:
    now = at(2025, 11, 3, 12, 0)
    start = clocks.start_clock
    overdue = start(owner=owner, kind="repair.immediate", started_at=at(2025, 11, 3, 8, 0), actor=officer)
    soon = start(
        owner=owner,
        kind="repair.urgent",
        started_at=at(2025, 11, 3, 9, 0),
        actor=officer,
        assigned_to=officer,
    )
    later = start(owner=owner, kind="repair.routine", started_at=at(2025, 11, 3, 9, 0), actor=officer)
    paused = start(owner=owner, kind="repair.emergency", started_at=at(2025, 11, 3, 9, 0), actor=officer)
    clocks.pause_clock(clock=paused, reason="No access", actor=officer, at=at(2025, 11, 3, 10, 0))
    done = start(owner=owner, kind="repair.emergency", started_at=at(2025, 11, 3, 9, 0), actor=officer)
    clocks.stop_clock(clock=done, stopped_at=at(2025, 11, 3, 11, 0), actor=officer)

    assert list(clocks.overdue_clocks(now=now)) == [overdue]
    assert list(clocks.clocks_due(within_days=7, now=now)) == [soon]
    assert list(clocks.clocks_due(within_days=40, now=now)) == [soon, later]
    assert list(clocks.clocks_due(user=officer, within_days=40, now=now)) == [soon]
    assert list(clocks.overdue_clocks(user=officer, now=now)) == []


@pytest.mark.django_db
def test_breached_clocks_latest_first(owner: User, officer: User) -> None:
    start = clocks.start_clock
    first = start(owner=owner, kind="repair.immediate", started_at=at(2025, 11, 3, 8, 0), actor=officer)
    second = start(owner=owner, kind="repair.immediate", started_at=at(2025, 11, 3, 8, 0), actor=officer)
    met = start(owner=owner, kind="repair.immediate", started_at=at(2025, 11, 3, 8, 0), actor=officer)
    start(owner=owner, kind="repair.immediate", started_at=at(2025, 11, 3, 8, 0), actor=officer)
    clocks.stop_clock(clock=first, stopped_at=at(2025, 11, 3, 11, 0), actor=officer)
    clocks.stop_clock(clock=second, stopped_at=at(2025, 11, 3, 12, 0), actor=officer)
    clocks.stop_clock(clock=met, stopped_at=at(2025, 11, 3, 9, 0), actor=officer)
    assert list(clocks.breached_clocks()) == [second, first]
    assert list(clocks.breached_clocks(user=officer)) == []
