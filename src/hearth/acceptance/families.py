"""The rule families the acceptance runner knows: their case fields and how each case is checked.

Each family's check calls the product's real rule (the same function pages, the API and batch
jobs call). A family whose module is not built yet has no check and an entry in
`EXPECTED_FAILURES`; the issue that builds it adds the check and removes that one line.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from hearth.acceptance import unbuilt
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
from hearth.core.money import to_money
from hearth.lettings import domain as lettings
from hearth.people import services as people
from hearth.properties import services as properties
from hearth.rents import domain as rent_rules
from hearth.rents import services as rents
from hearth.rents.models import Transaction
from hearth.tenancies import services as tenancies

EXPECTED_FAILURES: dict[str, ExpectedFailure] = {
    "invoice_match": unbuilt.INVOICES,
    "homelessness": unbuilt.HOMELESSNESS,
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


# --- rent_debits -------------------------------------------------------------------------------


def check_rent_debits(case: Case) -> None:
    """One weekly charge posted by the real weekly debit run, on the database `hearth acceptance` (or
    the test suite) runs on: an agreement from `tenancy_start` (to `tenancy_end`) with a rent account
    and one charge element of `weekly_charge` from the start, the case's free weeks as the rent
    years' free weeks, then `services.run_debits` over every week from `from` to `to`, as the weekly
    job posts them. The ledger's debits dated `from` to `to` are compared with the case. All of it is
    rolled back, so no case sees another's free weeks or debits."""
    where = case.where
    first = as_date(require(case, "from"), f"{where}, from")
    last = as_date(require(case, "to"), f"{where}, to")
    start = as_date(require(case, "tenancy_start"), f"{where}, tenancy_start")
    end_raw = case.data.get("tenancy_end")
    end = as_date(end_raw, f"{where}, tenancy_end") if end_raw is not None else None
    free = [as_date(d, f"{where}, free_weeks") for d in case.data.get("free_weeks") or []]
    weekly = to_money(str(require(case, "weekly_charge")))
    expected = {
        "debits": [
            {"date": as_date(d["date"], where).isoformat(), "amount": f"{to_money(str(d['amount'])):.2f}"}
            for d in require(case, "expected_debits")
        ],
        "total": f"{to_money(str(require(case, 'expected_total'))):.2f}",
    }
    with transaction.atomic():
        try:
            posted = _post_rent_debits(case, first, last, weekly=weekly, start=start, end=end, free=free)
        finally:
            transaction.set_rollback(True)
    got = {
        "debits": [{"date": day.isoformat(), "amount": f"{amount:.2f}"} for day, amount in posted],
        "total": f"{sum((amount for _, amount in posted), to_money(0)):.2f}",
    }
    compare(case, expected, got)


def _post_rent_debits(
    case: Case,
    first: dt.date,
    last: dt.date,
    *,
    weekly: Decimal,
    start: dt.date,
    end: dt.date | None,
    free: list[dt.date],
) -> list[tuple[dt.date, Decimal]]:
    """Set a case up through the services, run its weeks, and read back its debits (date, amount)."""
    actor = User.objects.create(username=f"acceptance {case.id}"[:150], is_superuser=True)
    try:
        estate = properties.create_estate(actor=actor, name=f"Acceptance case {case.id}"[:100])
        home = properties.create_property(
            actor=actor,
            estate=estate,
            address_line_1="1 Case Street",
            town="Hearthton",
            postcode="HT1 1AA",
            kind="house",
            bedrooms=2,
            ownership="council",
            status="void",
        )
        tenant = people.create_person(
            actor=actor, first_name="Case", last_name="Tenant", date_of_birth=dt.date(1970, 1, 1)
        )
        tenancy = tenancies.create_tenancy(
            actor=actor, property=home, kind="secure", start_date=start, end_date=end, tenants=[tenant]
        )
        # no catch-up: every debit comes from the run below, even for a week some earlier run completed
        account = rents.open_account(
            actor=actor, tenancy=tenancy, charges=[("rent", weekly, "Rent")], catch_up=False
        )
        # free weeks are the rent year's, for every agreement: this case's replace any there are
        years = {rent_rules.rent_year_of(day) for day in (first, last, *free)}
        for year in range(min(years), max(years) + 1):
            rents.set_free_weeks(
                actor=actor, year=year, mondays=[m for m in free if rent_rules.rent_year_of(m) == year]
            )
    except ValidationError as exc:
        raise AcceptanceError(f"{case.where}, {_fields(exc)}") from None
    rents.run_debits(weeks=rent_rules.mondays_between(rent_rules.week_monday(first), last), actor=actor)
    return list(
        Transaction.objects.filter(account=account, scheduled=True, posted_on__range=(first, last))
        .order_by("posted_on", "id")
        .values_list("posted_on", "amount")
    )


def _fields(exc: ValidationError) -> str:
    """A service's refusal as `field: sentence` (the case names free weeks as `free_weeks`)."""
    if not hasattr(exc, "error_dict"):
        return " ".join(exc.messages)
    names = {"mondays": "free_weeks", "start_date": "tenancy_start", "end_date": "tenancy_end"}
    return "; ".join(
        f"{names.get(field, field)}: {' '.join(messages)}" for field, messages in exc.message_dict.items()
    )


# --- repair_target ------------------------------------------------------------------------------

_REPAIR_TARGET: Schema = {"id": None, "priority": None, "raised_at": None, "expected_due": None}


def check_repair_target(case: Case) -> None:
    from hearth.repairs import domain as repairs

    priority = require(case, "priority")
    if priority not in repairs.PRIORITIES:
        known = ", ".join(repairs.PRIORITIES)
        raise AcceptanceError(f"{case.where}: unknown priority {priority!r} (known priorities: {known}).")
    raised_at = as_local_time(require(case, "raised_at"), f"{case.where}, raised_at")
    expected = as_local_time(require(case, "expected_due"), f"{case.where}, expected_due")
    compare(case, {"due": expected}, {"due": repairs.target_due(priority, raised_at)})


# --- the fields the cases of the families above may have ----------------------------------------

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


# --- bedroom_need, shortlist, effective_date (lettings) -------------------------------------------


def check_bedroom_need(case: Case) -> None:
    household = [
        lettings.Occupant(
            relationship=require_item(case, m, "relationship"),
            age=int(require_item(case, m, "age")),
            sex=require_item(case, m, "sex"),
        )
        for m in require(case, "household")
    ]
    try:
        got = lettings.bedroom_need(household)
    except ValueError as exc:
        raise AcceptanceError(f"{case.where}: {exc}") from None
    compare(case, {"expected_bedrooms": int(require(case, "expected_bedrooms"))}, {"expected_bedrooms": got})


def require_item(case: Case, item: Any, name: str) -> Any:
    if item.get(name) is None:
        raise AcceptanceError(f"{case.where}: an item is missing field {name!r}.")
    return item[name]


def check_shortlist(case: Case) -> None:
    bands = [str(b) for b in require(case, "bands")]
    closes = as_date(require(case, "cycle_closes"), f"{case.where}, cycle_closes")
    advert = require(case, "advert")
    criteria = lettings.Criteria(
        bedrooms=int(require_item(case, advert, "bedrooms")),
        min_age=int(advert["min_age"]) if advert.get("min_age") is not None else None,
        local_connection=advert.get("local_connection") or None,
        adapted_only=bool(advert.get("adapted_only")),
    )
    bidders = []
    for bid in require(case, "bids"):
        name = str(require_item(case, bid, "applicant"))
        where = f"{case.where}, bid of {name}"
        bidders.append(
            lettings.Bidder(
                key=name,
                reference=name,
                band=str(require_item(case, bid, "band")),
                effective_date=as_date(require_item(case, bid, "effective_date"), where),
                registration_date=as_date(require_item(case, bid, "registration_date"), where),
                bedroom_need=int(require_item(case, bid, "bedroom_need")),
                date_of_birth=as_date(require_item(case, bid, "date_of_birth"), where),
                local_connections=frozenset(str(a) for a in (bid.get("local_connections") or [])),
                needs_adapted=bool(bid.get("needs_adapted")),
            )
        )
    try:
        result = lettings.shortlist(bands=bands, criteria=criteria, bidders=bidders, closes_on=closes)
    except ValueError as exc:
        raise AcceptanceError(f"{case.where}: {exc}") from None
    expected = {
        "expected_order": [str(a) for a in require(case, "expected_order")],
        "expected_skipped": {str(k): str(v) for k, v in (case.data.get("expected_skipped") or {}).items()},
    }
    got = {
        "expected_order": [b.key for b in result.order],
        "expected_skipped": {b.key: reason for b, reason in result.skipped},
    }
    compare(case, expected, got)


def check_effective_date(case: Case) -> None:
    bands = [str(b) for b in require(case, "bands")]
    registered = as_date(require(case, "registration_date"), f"{case.where}, registration_date")
    history = [
        (
            as_date(require_item(case, d, "date"), f"{case.where}, band_history"),
            str(require_item(case, d, "band")),
        )
        for d in require(case, "band_history")
    ]
    try:
        got = lettings.effective_date(bands=bands, registration_date=registered, history=history)
    except ValueError as exc:
        raise AcceptanceError(f"{case.where}: {exc}") from None
    expected = as_date(require(case, "expected_effective_date"), f"{case.where}, expected_effective_date")
    compare(case, {"expected_effective_date": expected}, {"expected_effective_date": got})


def _fixed(schema: Schema) -> Any:
    return lambda case: schema


FAMILIES: dict[str, Family] = {
    family.name: family
    for family in (
        Family("statutory_deadline", _deadline_schema, check_statutory_deadline),
        Family("repair_target", _fixed(_REPAIR_TARGET), check_repair_target),
        Family("rent_debits", _fixed(_RENT_DEBITS), check_rent_debits),
        Family("bedroom_need", _fixed(_BEDROOM_NEED), check_bedroom_need),
        Family("shortlist", _fixed(_SHORTLIST), check_shortlist),
        Family("effective_date", _fixed(_EFFECTIVE_DATE), check_effective_date),
        Family("invoice_match", _fixed(unbuilt.INVOICE_MATCH), unbuilt.check_invoice_match),
        Family("homelessness", unbuilt.homelessness_schema, unbuilt.check_homelessness),
    )
}
