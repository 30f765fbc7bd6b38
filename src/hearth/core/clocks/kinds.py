"""Case kinds: the set of deadlines a case owes and where each starts from (pure)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from hearth.core.calendar import (
    Calendar,
)
from hearth.core.clocks.periods import Start, is_timed
from hearth.core.clocks.rules import DEFAULT_CLOCKS, ClockRegistry


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
        elif spec.timed and not is_timed(value):
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
