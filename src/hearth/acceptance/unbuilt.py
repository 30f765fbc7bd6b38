"""Families whose module a later issue builds: their case fields, and checks that read the case.

The runner refuses an unknown field in these cases as in any other, and a check here parses every
input (dates, money, choices) before saying the rules are not built yet, so a malformed case fails
now rather than when the module arrives. The issue that builds the module replaces the check with
one that calls its real rule and removes the family's line from `EXPECTED_FAILURES`.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from hearth.acceptance.base import (
    AcceptanceError,
    Case,
    ExpectedFailure,
    ListOf,
    NotBuilt,
    Schema,
    as_date,
    require,
)

INVOICES = ExpectedFailure(19, "contractor invoices")
HOMELESSNESS = ExpectedFailure(20, "homelessness casework")


def _not_built(case: Case, mark: ExpectedFailure) -> NotBuilt:
    return NotBuilt(f"The {case.family} rules are not built yet ({mark.reason}).")


def _item(case: Case, item: Mapping[str, Any], name: str, where: str) -> Any:
    if item.get(name) is None:
        raise AcceptanceError(f"{case.where}, {where}: missing field {name!r}.")
    return item[name]


def _amount(value: Any, where: str) -> Decimal:
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise AcceptanceError(f"{where}: {value!r} is not an amount like 45.00.") from None


def _choice(case: Case, value: Any, name: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise AcceptanceError(f"{case.where}: unknown {name} {value!r} (known: {', '.join(choices)}).")
    return str(value)


def _flag(case: Case, value: Any, name: str) -> None:
    if value is not None and not isinstance(value, bool):
        raise AcceptanceError(f"{case.where}: {name} should be true or false, not {value!r}.")


# --- invoice_match ------------------------------------------------------------------------------

_PRICED_LINE: Schema = {"code": None, "quantity": None, "rate": None}
INVOICE_MATCH: Schema = {
    "id": None,
    "order": {
        "reference": None,
        "contractor": None,
        "status": None,
        "vat_rate": None,
        "regime": None,
        "part_invoicing": None,
        "lines": ListOf({**_PRICED_LINE, "vat_rate": None}),
    },
    "earlier_invoices": ListOf({"contractor": None, "number": None}),
    "policy": {"split_disputed": None},
    "invoice": {
        "contractor": None,
        "number": None,
        "received": None,
        "lines": ListOf({**_PRICED_LINE, "net": None, "vat": None}),
    },
    "expected": {
        "outcome": None,
        "lines": None,
        "certifiable_net": None,
        "certifiable_vat": None,
        "pay_by": None,
    },
}
ORDER_STATUSES = ("in_progress", "variation_pending", "complete", "cancelled")
REGIMES = ("pa2023", "pcr2015")


def _lines(case: Case, lines: Any, where: str, amounts: tuple[str, ...]) -> None:
    if not isinstance(lines, list) or not lines:
        raise AcceptanceError(f"{case.where}: {where} should be a non-empty list.")
    for index, line in enumerate(lines, start=1):
        at = f"{where} #{index}"
        _item(case, line, "code", at)
        for name in amounts:
            _amount(_item(case, line, name, at), f"{case.where}, {at}, {name}")
        if line.get("vat_rate") is not None:
            _amount(line["vat_rate"], f"{case.where}, {at}, vat_rate")


def check_invoice_match(case: Case) -> None:
    order = require(case, "order")
    for name in ("reference", "contractor"):
        _item(case, order, name, "order")
    _choice(case, _item(case, order, "status", "order"), "order status", ORDER_STATUSES)
    _choice(case, order.get("regime") or "pa2023", "regime", REGIMES)
    _amount(_item(case, order, "vat_rate", "order"), f"{case.where}, order vat_rate")
    _flag(case, order.get("part_invoicing"), "part_invoicing")
    _lines(case, order.get("lines"), "order lines", ("quantity", "rate"))
    for index, earlier in enumerate(case.data.get("earlier_invoices") or [], start=1):
        _item(case, earlier, "contractor", f"earlier invoice #{index}")
        _item(case, earlier, "number", f"earlier invoice #{index}")
    _flag(case, (case.data.get("policy") or {}).get("split_disputed"), "split_disputed")
    invoice = require(case, "invoice")
    for name in ("contractor", "number"):
        _item(case, invoice, name, "invoice")
    as_date(_item(case, invoice, "received", "invoice"), f"{case.where}, invoice received")
    _lines(case, invoice.get("lines"), "invoice lines", ("quantity", "rate", "net", "vat"))
    expected = require(case, "expected")
    _item(case, expected, "outcome", "expected")
    raise _not_built(case, INVOICES)


# --- homelessness -------------------------------------------------------------------------------

# kind -> (input fields: name -> required, expected fields)
HOMELESSNESS_KINDS: dict[str, tuple[dict[str, bool], tuple[str, ...]]] = {
    "threatened": (
        {"assessed_on": True, "notice_expires": False, "likely_homeless_on": False},
        ("threatened",),
    ),
    "prevention_duty": (
        {"duty_start": True, "notice_expires": False},
        ("period_ends", "may_end_56_day_ground_from"),
    ),
    "relief_duty": (
        {"duty_start": True, "priority_need": True, "intentionally_homeless": True},
        ("period_ends", "ends_automatically", "may_end_56_day_ground_from"),
    ),
    "review_request": ({"decision_notified": True}, ("request_by",)),
    "review_decision": ({"requested": True, "decision": True}, ("decide_by",)),
    "appeal": ({"review_decision_notified": True}, ("appeal_by",)),
    "bnb_family": ({"placed": True}, ("breach_from",)),
    "hclic_quarter": ({"date": True}, ("quarter_start", "quarter_end")),
}
REVIEWED_DECISIONS = (
    "prevention_steps",
    "relief_steps",
    "prevention_end",
    "noncooperation_prevention",
    "eligibility",
    "duty_owed",
    "relief_end",
    "noncooperation_relief",
    "main_duty_end",
    "suitability",
    "referral",
    "referral_joint",
    "appointed_person",
)
_FLAGS = ("priority_need", "intentionally_homeless")


def _homelessness_kind(case: Case) -> tuple[dict[str, bool], tuple[str, ...]]:
    kind = require(case, "kind")
    if kind not in HOMELESSNESS_KINDS:
        known = ", ".join(HOMELESSNESS_KINDS)
        raise AcceptanceError(f"{case.where}: unknown kind {kind!r} (known kinds: {known}).")
    return HOMELESSNESS_KINDS[kind]


def homelessness_schema(case: Case) -> Schema:
    inputs, expected = _homelessness_kind(case)
    return {"id": None, "kind": None, **{name: None for name in inputs}, "expected": dict.fromkeys(expected)}


def check_homelessness(case: Case) -> None:
    inputs, _ = _homelessness_kind(case)
    for name, required in inputs.items():
        value = require(case, name) if required else case.data.get(name)
        if value is None:
            continue
        if name in _FLAGS:
            _flag(case, value, name)
        elif name == "decision":
            _choice(case, value, "decision", REVIEWED_DECISIONS)
        else:
            as_date(value, f"{case.where}, {name}")
    if not require(case, "expected"):
        raise AcceptanceError(f"{case.where}: 'expected' names nothing to compare.")
    raise _not_built(case, HOMELESSNESS)
