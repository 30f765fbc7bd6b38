"""The rule families the acceptance runner knows: their case fields and how each case is checked.

Each family's check calls the product's real rule (the same function pages, the API and batch
jobs call). A family whose module is not built yet has no check and an entry in
`EXPECTED_FAILURES`; the issue that builds it adds the check and removes that one line.
"""

from __future__ import annotations

from typing import Any

from hearth.acceptance.base import (
    AcceptanceError,
    Case,
    ExpectedFailure,
    Family,
    ListOf,
    Schema,
    as_date,
    as_local_time,
    compare,
    require,
)
from hearth.core import clocks

EXPECTED_FAILURES: dict[str, ExpectedFailure] = {
    "repair_target": ExpectedFailure(3, "repairs"),
    "rent_debits": ExpectedFailure(4, "rent debits"),
    "bedroom_need": ExpectedFailure(5, "bedroom need"),
    "shortlist": ExpectedFailure(5, "shortlists"),
    "effective_date": ExpectedFailure(5, "effective dates"),
}


# --- statutory_deadline -------------------------------------------------------------------------


def _deadline_kind(case: Case) -> clocks.CaseKind:
    key = require(case, "kind")
    if key not in clocks.CASE_KINDS:
        known = ", ".join(clocks.CASE_KINDS)
        raise AcceptanceError(f"{case.where}: unknown kind {key!r} (known kinds: {known}).")
    return clocks.CASE_KINDS[key]


def _deadline_schema(case: Case) -> Schema:
    kind = _deadline_kind(case)
    fields: dict[str, Any] = {"id": None, "kind": None}
    fields.update({name: None for name in kind.input_names})
    fields["expected"] = {name: None for name in kind.deadline_names}
    return fields


def _is_timed_deadline(deadline: clocks.Deadline) -> bool:
    return not clocks.DEFAULT_CLOCKS.get(deadline.clock).whole_days


def check_statutory_deadline(case: Case) -> None:
    kind = _deadline_kind(case)
    inputs: dict[str, clocks.Start] = {}
    for spec in kind.inputs:
        raw = require(case, spec.name) if spec.required else case.data.get(spec.name)
        if raw is not None:
            where = f"{case.where}, {spec.name}"
            inputs[spec.name] = as_local_time(raw, where) if spec.timed else as_date(raw, where)
    expected_raw = require(case, "expected")
    if not expected_raw:
        raise AcceptanceError(f"{case.where}: 'expected' names no deadline to compare.")
    by_name = {d.name: d for d in kind.deadlines}
    expected = {
        name: (as_local_time if _is_timed_deadline(by_name[name]) else as_date)(
            value, f"{case.where}, expected {name}"
        )
        for name, value in expected_raw.items()
    }
    compare(case, expected, clocks.deadlines_for(kind.key, inputs))


# --- families built by later issues: the fields their cases may have ----------------------------

_REPAIR_TARGET: Schema = {"id": None, "priority": None, "raised_at": None, "expected_due": None}
_RENT_DEBITS: Schema = {
    "id": None,
    "weekly_charge": None,
    "tenancy_start": None,
    "tenancy_end": None,
    "free_weeks": None,
    "from": None,
    "to": None,
    "expected_debits": ListOf({"date": None, "amount": None}),
    "expected_total": None,
}
_BEDROOM_NEED: Schema = {
    "id": None,
    "household": ListOf({"relationship": None, "age": None, "sex": None}),
    "expected_bedrooms": None,
}
_SHORTLIST: Schema = {
    "id": None,
    "bands": None,
    "cycle_closes": None,
    "advert": {"bedrooms": None, "min_age": None, "local_connection": None, "adapted_only": None},
    "bids": ListOf(
        {
            "applicant": None,
            "band": None,
            "effective_date": None,
            "registration_date": None,
            "bedroom_need": None,
            "date_of_birth": None,
            "local_connections": None,
            "needs_adapted": None,
        }
    ),
    "expected_order": None,
    "expected_skipped": None,
}
_EFFECTIVE_DATE: Schema = {
    "id": None,
    "bands": None,
    "registration_date": None,
    "band_history": ListOf({"date": None, "band": None}),
    "expected_effective_date": None,
}


def _fixed(schema: Schema) -> Any:
    return lambda case: schema


FAMILIES: dict[str, Family] = {
    family.name: family
    for family in (
        Family("statutory_deadline", _deadline_schema, check_statutory_deadline),
        Family("repair_target", _fixed(_REPAIR_TARGET)),
        Family("rent_debits", _fixed(_RENT_DEBITS)),
        Family("bedroom_need", _fixed(_BEDROOM_NEED)),
        Family("shortlist", _fixed(_SHORTLIST)),
        Family("effective_date", _fixed(_EFFECTIVE_DATE)),
    )
}
