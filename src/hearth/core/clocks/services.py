"""Services on `Clock` records: start, stop, pause, resume, cancel and end a clock, each with its audit event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from hearth.core import audit
from hearth.core.actors import ActorOrLabel
from hearth.core.calendar import (
    Calendar,
    load_calendar,
    start_of_day,
    to_local,
)
from hearth.core.clocks.periods import Start, plural
from hearth.core.clocks.rules import DEFAULT_CLOCKS, ClockRegistry
from hearth.core.models import Clock

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


def _change(
    clock: Clock,
    *,
    doing: str,
    action: str,
    actor: ActorOrLabel,
    change: Callable[[Clock], tuple[list[str], str]],
) -> Clock:
    """Lock a running clock, apply `change` (it checks the locked clock, sets fields and returns
    the fields it set and the history line), save and audit in one transaction."""
    with transaction.atomic():
        locked = _locked(clock)
        _require_running(locked, doing)
        before = audit.snapshot(locked, _AUDITED_FIELDS)
        fields, summary = change(locked)
        locked.save(update_fields=fields)
        _audit(clock=locked, actor=actor, action=action, before=before, summary=summary, at=timezone.now())
    _copy_state(locked, clock)
    return clock


def _reason(reason: str, doing: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": f"Enter the reason for {doing} the clock."})
    return reason


def _instant_or_now(at: dt.datetime | None) -> dt.datetime:
    return _as_instant(at) if at is not None else timezone.now()


def _unpause(clock: Clock, at: dt.datetime) -> None:
    """Take a paused clock off pause at `at`: its due time moves later by the time paused."""
    if clock.paused_at is not None:
        clock.due_at += max(at - clock.paused_at, dt.timedelta(0))
    clock.paused_at = None
    clock.pause_reason = ""


def stop_clock(*, clock: Clock, stopped_at: dt.datetime, actor: ActorOrLabel) -> Clock:
    """Stop a running clock: met when stopped at or before the due time, otherwise breached.

    A paused clock is resumed at `stopped_at` first, so the paused time does not count.
    """
    stopped_at = _as_instant(stopped_at)

    def stop(locked: Clock) -> tuple[list[str], str]:
        if stopped_at < locked.started_at:
            raise ValidationError({"stopped_at": "The clock cannot stop before it started."})
        _unpause(locked, stopped_at)
        locked.stopped_at = stopped_at
        met = stopped_at <= locked.due_at
        locked.outcome = Clock.Outcome.MET if met else Clock.Outcome.BREACHED
        verdict = "met" if met else "breached"
        return (
            ["due_at", "paused_at", "pause_reason", "stopped_at", "outcome"],
            f"clock stopped {_shown(stopped_at)}, {verdict} (due {_shown(locked.due_at)})",
        )

    return _change(clock, doing="stop", action="clock_stopped", actor=actor, change=stop)


def pause_clock(*, clock: Clock, reason: str, actor: ActorOrLabel, at: dt.datetime | None = None) -> Clock:
    """Pause a running clock; a reason is required and kept in the history."""
    reason = _reason(reason, "pausing")
    paused_at = _instant_or_now(at)

    def pause(locked: Clock) -> tuple[list[str], str]:
        if locked.paused_at is not None:
            raise ValidationError("This clock is already paused.")
        locked.paused_at = paused_at
        locked.pause_reason = reason[:300]
        return ["paused_at", "pause_reason"], f"clock paused: {reason}"

    return _change(clock, doing="pause", action="clock_paused", actor=actor, change=pause)


def resume_clock(*, clock: Clock, actor: ActorOrLabel, at: dt.datetime | None = None) -> Clock:
    """Resume a paused clock: the due time moves later by the time it was paused."""
    resumed_at = _instant_or_now(at)

    def resume(locked: Clock) -> tuple[list[str], str]:
        if locked.paused_at is None:
            raise ValidationError("This clock is not paused.")
        if resumed_at < locked.paused_at:
            raise ValidationError({"at": "The clock cannot resume before it was paused."})
        paused_for = resumed_at - locked.paused_at
        _unpause(locked, resumed_at)
        return (
            ["due_at", "paused_at", "pause_reason"],
            f"clock resumed after {_duration(paused_for)}, now due {_shown(locked.due_at)}",
        )

    return _change(clock, doing="resume", action="clock_resumed", actor=actor, change=resume)


def cancel_clock(*, clock: Clock, reason: str, actor: ActorOrLabel, at: dt.datetime | None = None) -> Clock:
    """Cancel a running clock (e.g. a case withdrawn); a reason is required."""
    reason = _reason(reason, "cancelling")
    cancelled_at = _instant_or_now(at)

    def cancel(locked: Clock) -> tuple[list[str], str]:
        locked.stopped_at = cancelled_at
        locked.paused_at = None
        locked.pause_reason = ""
        locked.outcome = Clock.Outcome.CANCELLED
        return ["stopped_at", "paused_at", "pause_reason", "outcome"], f"clock cancelled: {reason}"

    return _change(clock, doing="cancel", action="clock_cancelled", actor=actor, change=cancel)


def end_clock(*, clock: Clock, reason: str, actor: Any, at: dt.datetime | None = None) -> Clock:
    """End a running clock because its case has closed (`at`, by default now).

    A clock already past its due time stops at `at` as breached, so the missed deadline stays on
    the record; a clock not yet due is cancelled with the reason. Time paused does not count.
    """
    ended_at = _instant_or_now(at)
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
    parts = [plural(days, "day")] if days else []
    if hours or not days:
        parts.append(plural(hours, "hour"))
    if rest >= 60 and not days:
        parts.append(plural(rest // 60, "minute"))
    return " ".join(parts)
