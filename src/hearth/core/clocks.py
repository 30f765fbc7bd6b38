"""Clocks: named deadline rules, the deadlines a case owes, and the services that run `Clock` records.

Three layers, all on top of `hearth.core.calendar`:

1. **Periods and rules** (pure). A `ClockRule` has a key, a label and a `Period` (working days,
   elapsed hours, calendar days, weeks, days beginning with). The shipped defaults are in
   `DEFAULT_CLOCKS`; a landlord's policy replaces periods with `ClockRegistry.with_periods()`
   (periods are plain data: see `period_from_data()`).
2. **Case kinds** (pure). A `CaseKind` names the deadlines a case owes and where each one starts
   from (an input such as `received`, or an earlier deadline). `deadlines_for()` computes them.
3. **Services and selectors** (ORM) on `hearth.core.models.Clock`: start, stop, pause, resume and
   cancel a clock, or end it when its case closes (breached if already overdue, else cancelled),
   each writing an audit event in the same transaction.

Whole-day rules (statutory deadlines) fall due at the end of their last day in local time;
instant rules (repair targets, emergency hazards) fall due at an exact time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone

from hearth.core import audit
from hearth.core.actors import ActorOrLabel
from hearth.core.calendar import ENGLAND_AND_WALES as DEFAULT_CALENDAR
from hearth.core.calendar import (
    Calendar,
    add_days,
    add_hours,
    add_weeks,
    days_beginning_with,
    end_of_day,
    load_calendar,
    local_date,
    local_datetime,
    start_of_day,
    to_local,
)
from hearth.core.models import Clock

Start = dt.date | dt.datetime

# --- periods ------------------------------------------------------------------------------------


def _is_timed(value: Start) -> bool:
    return isinstance(value, dt.datetime)


class Period(Protocol):
    """How far a deadline lies after its start."""

    unit: ClassVar[str]

    @property
    def count(self) -> int: ...

    def after(self, start: Start, calendar: Calendar) -> Start: ...

    def describe(self) -> str: ...


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


@dataclass(frozen=True)
class WorkingDays:
    """The Nth working day strictly after the start; a time of day keeps its wall-clock time."""

    count: int
    unit: ClassVar[str] = "working_days"

    def after(self, start: Start, calendar: Calendar) -> Start:
        if isinstance(start, dt.datetime):
            return calendar.add_working_days_at(start, self.count)
        return calendar.add_working_days(start, self.count)

    def describe(self) -> str:
        return _plural(self.count, "working day")


@dataclass(frozen=True)
class ElapsedHours:
    """Elapsed time: a clock change moves the wall-clock answer by an hour."""

    count: int
    unit: ClassVar[str] = "hours"

    def after(self, start: Start, calendar: Calendar) -> Start:
        if not isinstance(start, dt.datetime):
            raise ValueError(f"A period of {self.describe()} needs a start time, not just a date.")
        return add_hours(start, self.count)

    def describe(self) -> str:
        return _plural(self.count, "hour")


@dataclass(frozen=True)
class CalendarDays:
    """N calendar days after the start (same wall-clock time when the start has one)."""

    count: int
    unit: ClassVar[str] = "days"

    def after(self, start: Start, calendar: Calendar) -> Start:
        if isinstance(start, dt.datetime):
            local = to_local(start)
            return local_datetime(add_days(local.date(), self.count), local.time())
        return add_days(start, self.count)

    def describe(self) -> str:
        return _plural(self.count, "day")


@dataclass(frozen=True)
class Weeks:
    """N weeks (7 × N calendar days) after the start."""

    count: int
    unit: ClassVar[str] = "weeks"

    def after(self, start: Start, calendar: Calendar) -> Start:
        if isinstance(start, dt.datetime):
            local = to_local(start)
            return local_datetime(add_weeks(local.date(), self.count), local.time())
        return add_weeks(start, self.count)

    def describe(self) -> str:
        return f"{_plural(self.count, 'week')} ({self.count * 7} days)"


@dataclass(frozen=True)
class DaysBeginningWith:
    """Statute wording: the start day is day 1, the last day is start + N - 1 (to its end)."""

    count: int
    unit: ClassVar[str] = "days_beginning_with"

    def after(self, start: Start, calendar: Calendar) -> Start:
        if isinstance(start, dt.datetime):
            return end_of_day(days_beginning_with(local_date(start), self.count))
        return days_beginning_with(start, self.count)

    def describe(self) -> str:
        return f"{_plural(self.count, 'day')} beginning with the start day"


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


# --- rules and the registry ---------------------------------------------------------------------


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


# --- case kinds: the set of deadlines a case owes ------------------------------------------------


@dataclass(frozen=True)
class Input:
    """A dated fact a case kind's deadlines start from."""

    name: str
    label: str
    timed: bool = False  # needs a time of day, not just a date
    required: bool = False


@dataclass(frozen=True)
class Deadline:
    """One named deadline: the clock rule, started from an input or an earlier deadline."""

    name: str
    clock: str
    start: str


@dataclass(frozen=True)
class CaseKind:
    key: str
    label: str
    inputs: tuple[Input, ...]
    deadlines: tuple[Deadline, ...] = field(default_factory=tuple)

    @property
    def input_names(self) -> tuple[str, ...]:
        return tuple(i.name for i in self.inputs)

    @property
    def deadline_names(self) -> tuple[str, ...]:
        return tuple(d.name for d in self.deadlines)


def _complaint_kind(stage: int) -> CaseKind:
    prefix = f"complaint_stage{stage}"
    received = "escalation request received" if stage == 2 else "complaint received"
    return CaseKind(
        prefix,
        f"Complaint, stage {stage}",
        (Input("received", received.capitalize(), required=True), Input("acknowledged", "Acknowledged")),
        (
            Deadline("acknowledge_by", f"{prefix}.acknowledge", "received"),
            Deadline("respond_by", f"{prefix}.respond", "acknowledged"),
            Deadline("latest_extended_respond_by", f"{prefix}.extension", "respond_by"),
        ),
    )


CASE_KINDS: dict[str, CaseKind] = {
    kind.key: kind
    for kind in (
        _complaint_kind(1),
        _complaint_kind(2),
        CaseKind(
            "awaab_significant",
            "Awaab's Law: significant hazard",
            (
                Input("aware", "Became aware of the hazard", required=True),
                Input("investigation_concluded", "Investigation concluded"),
            ),
            (
                Deadline("investigate_by", "awaab_significant.investigate", "aware"),
                Deadline(
                    "written_summary_by", "awaab_significant.written_summary", "investigation_concluded"
                ),
                Deadline("safety_work_by", "awaab_significant.safety_work", "investigation_concluded"),
                Deadline(
                    "supplementary_work_begun_by",
                    "awaab_significant.supplementary_work",
                    "investigation_concluded",
                ),
            ),
        ),
        CaseKind(
            "awaab_emergency",
            "Awaab's Law: emergency hazard",
            (Input("aware_at", "Became aware of the hazard", timed=True, required=True),),
            (
                Deadline("investigate_by", "awaab_emergency.investigate", "aware_at"),
                Deadline("make_safe_by", "awaab_emergency.make_safe", "aware_at"),
            ),
        ),
        CaseKind(
            "members_enquiry",
            "Member's enquiry",
            (Input("received", "Enquiry received", required=True),),
            (Deadline("respond_by", "members_enquiry.respond", "received"),),
        ),
    )
}


def case_kind(key: str) -> CaseKind:
    try:
        return CASE_KINDS[key]
    except KeyError:
        known = ", ".join(sorted(CASE_KINDS))
        raise ValueError(f"Unknown kind of case {key!r}: use one of {known}.") from None


def _check_inputs(kind: CaseKind, inputs: Mapping[str, Start | None]) -> None:
    unknown = sorted(set(inputs) - set(kind.input_names))
    if unknown:
        raise ValueError(f"{kind.label} does not use {', '.join(unknown)}.")
    for spec in kind.inputs:
        value = inputs.get(spec.name)
        if value is None:
            if spec.required:
                raise ValueError(f"{kind.label} needs the date {spec.label.lower()}.")
        elif spec.timed and not _is_timed(value):
            raise ValueError(f"{kind.label} needs the time {spec.label.lower()}, not just the date.")


def deadlines_for(
    kind: str,
    inputs: Mapping[str, Start | None],
    *,
    calendar: Calendar | None = None,
    registry: ClockRegistry | None = None,
) -> dict[str, Start]:
    """Every deadline of a case of `kind` that its known inputs allow, by name, in order.

    Whole-day deadlines are dates; instant deadlines are aware London datetimes. A deadline whose
    start is not known yet (e.g. `respond_by` before the complaint is acknowledged) is left out.
    """
    spec = case_kind(kind)
    _check_inputs(spec, inputs)
    rules = registry or DEFAULT_CLOCKS
    known: dict[str, Start] = {k: v for k, v in inputs.items() if v is not None}
    result: dict[str, Start] = {}
    for deadline in spec.deadlines:
        start = known.get(deadline.start)
        if start is None:
            continue
        result[deadline.name] = known[deadline.name] = rules.get(deadline.clock).due(start, calendar)
    return result


def complaint_deadlines(
    stage: int,
    received: Start,
    acknowledged: Start | None = None,
    *,
    calendar: Calendar | None = None,
    registry: ClockRegistry | None = None,
) -> dict[str, Start]:
    """`acknowledge_by`, and once acknowledged `respond_by` and `latest_extended_respond_by`."""
    if stage not in (1, 2):
        raise ValueError("A complaint is at stage 1 or stage 2.")
    return deadlines_for(
        f"complaint_stage{stage}",
        {"received": received, "acknowledged": acknowledged},
        calendar=calendar,
        registry=registry,
    )


def awaab_significant_deadlines(
    aware: Start,
    investigation_concluded: Start | None = None,
    *,
    calendar: Calendar | None = None,
    registry: ClockRegistry | None = None,
) -> dict[str, Start]:
    """`investigate_by`, and once concluded `written_summary_by`, `safety_work_by`,
    `supplementary_work_begun_by`."""
    return deadlines_for(
        "awaab_significant",
        {"aware": aware, "investigation_concluded": investigation_concluded},
        calendar=calendar,
        registry=registry,
    )


def awaab_emergency_deadlines(
    aware_at: dt.datetime, *, calendar: Calendar | None = None, registry: ClockRegistry | None = None
) -> dict[str, Start]:
    """`investigate_by` and `make_safe_by` (aware London datetimes)."""
    return deadlines_for("awaab_emergency", {"aware_at": aware_at}, calendar=calendar, registry=registry)


def members_enquiry_deadlines(
    received: Start, *, calendar: Calendar | None = None, registry: ClockRegistry | None = None
) -> dict[str, Start]:
    """`respond_by`."""
    return deadlines_for("members_enquiry", {"received": received}, calendar=calendar, registry=registry)


# --- services on Clock records ------------------------------------------------------------------

_AUDITED_FIELDS = (
    "kind",
    "label",
    "started_at",
    "due_at",
    "stopped_at",
    "outcome",
    "paused_at",
    "pause_reason",
)


def _as_instant(value: Start) -> dt.datetime:
    if isinstance(value, dt.datetime):
        if timezone.is_naive(value):
            raise ValueError("Clock times must carry their time zone.")
        return value
    return start_of_day(value)


def _shown(when: dt.datetime) -> str:
    return f"{to_local(when):%d %b %Y %H:%M}"


def _audit(
    *, clock: Clock, actor: ActorOrLabel, action: str, before: audit.Snapshot, summary: str, at: dt.datetime
) -> None:
    after = audit.snapshot(clock, _AUDITED_FIELDS)
    owner = clock.owner
    audit.record(
        actor=actor,
        obj=owner if isinstance(owner, models.Model) else clock,
        action=action,
        changes=audit.diff(before, after),
        summary=f"{clock.label}: {summary}",
        at=at,
    )


def _locked(clock: Clock) -> Clock:
    return Clock.objects.select_for_update().get(pk=clock.pk)


def _require_running(clock: Clock, doing: str) -> None:
    if clock.outcome != Clock.Outcome.RUNNING:
        raise ValidationError(
            f"This clock has already ended ({clock.get_outcome_display().lower()}), so you cannot {doing} it."
        )


def _copy_state(source: Clock, target: Clock) -> None:
    for name in ("due_at", "stopped_at", "outcome", "paused_at", "pause_reason"):
        setattr(target, name, getattr(source, name))


def start_clock(
    *,
    owner: models.Model,
    kind: str,
    started_at: Start,
    actor: ActorOrLabel,
    label: str = "",
    assigned_to: Any = None,
    calendar: Calendar | None = None,
    registry: ClockRegistry | None = None,
) -> Clock:
    """Start a clock of `kind` for `owner`; its due time follows the kind's rule and the calendar."""
    rule = (registry or DEFAULT_CLOCKS).get(kind)
    start = _as_instant(started_at)
    cal = load_calendar() if calendar is None else calendar
    with transaction.atomic():
        clock = Clock(
            owner=owner,
            kind=kind,
            label=(label or rule.label)[:200],
            started_at=start,
            due_at=rule.due_at(start, cal),
            assigned_to=assigned_to,
        )
        clock.save()
        before = {k: None for k in audit.snapshot(clock, _AUDITED_FIELDS)}
        _audit(
            clock=clock,
            actor=actor,
            action="clock_started",
            before=before,
            summary=f"clock started, due {_shown(clock.due_at)}",
            at=timezone.now(),
        )
    return clock


def stop_clock(*, clock: Clock, stopped_at: dt.datetime, actor: ActorOrLabel) -> Clock:
    """Stop a running clock: met when stopped at or before the due time, otherwise breached.

    A paused clock is resumed at `stopped_at` first, so the paused time does not count.
    """
    stopped_at = _as_instant(stopped_at)
    with transaction.atomic():
        locked = _locked(clock)
        _require_running(locked, "stop")
        if stopped_at < locked.started_at:
            raise ValidationError({"stopped_at": "The clock cannot stop before it started."})
        before = audit.snapshot(locked, _AUDITED_FIELDS)
        if locked.paused_at is not None:
            locked.due_at += max(stopped_at - locked.paused_at, dt.timedelta(0))
            locked.paused_at = None
            locked.pause_reason = ""
        locked.stopped_at = stopped_at
        met = stopped_at <= locked.due_at
        locked.outcome = Clock.Outcome.MET if met else Clock.Outcome.BREACHED
        locked.save(update_fields=["due_at", "paused_at", "pause_reason", "stopped_at", "outcome"])
        verdict = "met" if met else "breached"
        _audit(
            clock=locked,
            actor=actor,
            action="clock_stopped",
            before=before,
            summary=f"clock stopped {_shown(stopped_at)}, {verdict} (due {_shown(locked.due_at)})",
            at=timezone.now(),
        )
    _copy_state(locked, clock)
    return clock


def pause_clock(*, clock: Clock, reason: str, actor: ActorOrLabel, at: dt.datetime | None = None) -> Clock:
    """Pause a running clock; a reason is required and kept in the history."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter the reason for pausing the clock."})
    paused_at = _as_instant(at) if at is not None else timezone.now()
    with transaction.atomic():
        locked = _locked(clock)
        _require_running(locked, "pause")
        if locked.paused_at is not None:
            raise ValidationError("This clock is already paused.")
        before = audit.snapshot(locked, _AUDITED_FIELDS)
        locked.paused_at = paused_at
        locked.pause_reason = reason[:300]
        locked.save(update_fields=["paused_at", "pause_reason"])
        _audit(
            clock=locked,
            actor=actor,
            action="clock_paused",
            before=before,
            summary=f"clock paused: {reason}",
            at=timezone.now(),
        )
    _copy_state(locked, clock)
    return clock


def resume_clock(*, clock: Clock, actor: ActorOrLabel, at: dt.datetime | None = None) -> Clock:
    """Resume a paused clock: the due time moves later by the time it was paused."""
    resumed_at = _as_instant(at) if at is not None else timezone.now()
    with transaction.atomic():
        locked = _locked(clock)
        _require_running(locked, "resume")
        if locked.paused_at is None:
            raise ValidationError("This clock is not paused.")
        if resumed_at < locked.paused_at:
            raise ValidationError({"at": "The clock cannot resume before it was paused."})
        before = audit.snapshot(locked, _AUDITED_FIELDS)
        paused_for = resumed_at - locked.paused_at
        locked.due_at += paused_for
        locked.paused_at = None
        locked.pause_reason = ""
        locked.save(update_fields=["due_at", "paused_at", "pause_reason"])
        _audit(
            clock=locked,
            actor=actor,
            action="clock_resumed",
            before=before,
            summary=f"clock resumed after {_duration(paused_for)}, now due {_shown(locked.due_at)}",
            at=timezone.now(),
        )
    _copy_state(locked, clock)
    return clock


def cancel_clock(*, clock: Clock, reason: str, actor: ActorOrLabel, at: dt.datetime | None = None) -> Clock:
    """Cancel a running clock (e.g. a case withdrawn); a reason is required."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter the reason for cancelling the clock."})
    cancelled_at = _as_instant(at) if at is not None else timezone.now()
    with transaction.atomic():
        locked = _locked(clock)
        _require_running(locked, "cancel")
        before = audit.snapshot(locked, _AUDITED_FIELDS)
        locked.stopped_at = cancelled_at
        locked.paused_at = None
        locked.pause_reason = ""
        locked.outcome = Clock.Outcome.CANCELLED
        locked.save(update_fields=["stopped_at", "paused_at", "pause_reason", "outcome"])
        _audit(
            clock=locked,
            actor=actor,
            action="clock_cancelled",
            before=before,
            summary=f"clock cancelled: {reason}",
            at=timezone.now(),
        )
    _copy_state(locked, clock)
    return clock


def end_clock(*, clock: Clock, reason: str, actor: Any, at: dt.datetime | None = None) -> Clock:
    """End a running clock because its case has closed (`at`, by default now).

    A clock already past its due time stops at `at` as breached, so the missed deadline stays on
    the record; a clock not yet due is cancelled with the reason. Time paused does not count.
    """
    ended_at = _as_instant(at) if at is not None else timezone.now()
    with transaction.atomic():
        locked = _locked(clock)
        _require_running(locked, "end")
        paused_for = ended_at - locked.paused_at if locked.paused_at is not None else dt.timedelta(0)
        if ended_at > locked.due_at + max(paused_for, dt.timedelta(0)):
            stop_clock(clock=locked, stopped_at=ended_at, actor=actor)
        else:
            cancel_clock(clock=locked, reason=reason, actor=actor, at=ended_at)
    _copy_state(locked, clock)
    return clock


def _duration(delta: dt.timedelta) -> str:
    hours, rest = divmod(int(delta.total_seconds()), 3600)
    days, hours = divmod(hours, 24)
    parts = [_plural(days, "day")] if days else []
    if hours or not days:
        parts.append(_plural(hours, "hour"))
    if rest >= 60 and not days:
        parts.append(_plural(rest // 60, "minute"))
    return " ".join(parts)


# --- selectors ----------------------------------------------------------------------------------


def _running(user: Any = None) -> QuerySet[Clock]:
    qs = Clock.objects.filter(outcome=Clock.Outcome.RUNNING, paused_at__isnull=True)
    if user is not None:
        qs = qs.filter(assigned_to=user)
    return qs.select_related("content_type", "assigned_to").order_by("due_at", "id")


def clocks_due(user: Any = None, within_days: int = 7, *, now: dt.datetime | None = None) -> QuerySet[Clock]:
    """Running clocks (not paused) due from now to the end of the day `within_days` days ahead."""
    now = now or timezone.now()
    horizon = end_of_day(add_days(local_date(now), within_days))
    return _running(user).filter(due_at__gte=now, due_at__lte=horizon)


def overdue_clocks(user: Any = None, *, now: dt.datetime | None = None) -> QuerySet[Clock]:
    """Running clocks (not paused) whose due time has passed."""
    return _running(user).filter(due_at__lt=now or timezone.now())


def breached_clocks(user: Any = None) -> QuerySet[Clock]:
    """Clocks that ended after their due time, the most recently ended first."""
    qs = Clock.objects.filter(outcome=Clock.Outcome.BREACHED)
    if user is not None:
        qs = qs.filter(assigned_to=user)
    return qs.select_related("content_type", "assigned_to").order_by("-stopped_at", "-id")
