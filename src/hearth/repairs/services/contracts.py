"""Contracts, their price uplift and their schedules of rates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from hearth.core import audit, references
from hearth.core.money import to_money
from hearth.core.permissions import require
from hearth.core.records import Errors, create_audited
from hearth.repairs import domain
from hearth.repairs.models import Contract, Contractor, RateLine
from hearth.repairs.services.common import change_audited


def validate_contract(data: dict[str, Any]) -> dict[str, Any]:
    errors = Errors()
    if not data.get("contractor"):
        errors.add("contractor", "Select the contractor.")
    if not str(data.get("name") or "").strip():
        errors.add("name", "Enter the contract's name.")
    start, end = data.get("start_date"), data.get("end_date")
    if "start_date" in data and not start:
        errors.add("start_date", "Enter the start date.")
    if start and end and end < start:
        errors.add("end_date", "The end date must be on or after the start date.")
    uplift = data.get("uplift_percent")
    if uplift is not None and not (Decimal("-100") < Decimal(uplift) <= Decimal("1000")):
        errors.add("uplift_percent", "The uplift must be a percentage above -100.")
    errors.raise_if_any()
    return data


@transaction.atomic
def create_contract(
    *,
    actor: Any,
    contractor: Contractor,
    name: str,
    start_date: dt.date,
    end_date: dt.date | None = None,
    uplift_percent: Decimal = Decimal("0"),
) -> Contract:
    require(actor, "contractors.manage")
    validate_contract(
        {
            "contractor": contractor,
            "name": name,
            "start_date": start_date,
            "end_date": end_date,
            "uplift_percent": uplift_percent,
        }
    )
    contract = Contract(
        reference=references.next_reference("K", 5),
        contractor=contractor,
        name=name.strip(),
        start_date=start_date,
        end_date=end_date,
        uplift_percent=to_money(uplift_percent),
    )
    return create_audited(
        actor=actor,
        obj=contract,
        fields=["reference", "contractor", "name", "start_date", "end_date", "uplift_percent"],
        summary=f"Contract {contract.name} added",
    )


@transaction.atomic
def set_uplift(*, actor: Any, contract: Contract, uplift_percent: Decimal, reason: str) -> Contract:
    """A contract's prices change by a percentage (new orders are priced with it; issued ones are not)."""
    require(actor, "contractors.manage")
    errors = Errors()
    if not reason.strip():
        errors.add("reason", "Enter the reason for the price change.")
    try:
        validate_contract(
            {"contractor": contract.contractor, "name": contract.name, "uplift_percent": uplift_percent}
        )
    except ValidationError as exc:
        for message in exc.message_dict.get("uplift_percent", []):
            errors.add("uplift_percent", message)
    errors.raise_if_any()
    change_audited(
        actor=actor,
        obj=contract,
        action="uplift",
        summary=f"Price uplift set: {reason.strip()}",
        uplift_percent=to_money(uplift_percent),
    )
    return contract


RATE_FIELDS = ("description", "unit", "rate", "trade")  # what an import sets on a schedule line, by code


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int


def import_rates(
    *, actor: Any, contract: Contract, rows: Iterable[tuple[int, dict[str, Any]]]
) -> ImportResult:
    """Load a schedule of rates: all or nothing; every bad row named by its line number; importing the
    same file twice changes nothing."""
    require(actor, "contractors.manage")
    problems: list[str] = []
    parsed: dict[str, domain.RateRow] = {}
    first_line: dict[str, int] = {}
    count = 0
    for line_no, raw in rows:
        count += 1
        row, wrong = domain.parse_rate_row(raw)
        if wrong or row is None:
            problems.append(f"Line {line_no}: {'; '.join(wrong)}.")
            continue
        if row.code in parsed:
            problems.append(f"Line {line_no}: the code {row.code} is already on line {first_line[row.code]}.")
            continue
        parsed[row.code] = row
        first_line[row.code] = line_no
    if not count and not problems:
        problems.append("The file has no rows of rates.")
    if problems:
        raise ValidationError({"file": problems})
    with transaction.atomic():
        existing = {r.code: r for r in RateLine.objects.select_for_update().filter(contract=contract)}
        new: list[RateLine] = []
        changed: list[RateLine] = []
        for code, row in parsed.items():
            current = existing.get(code)
            values = {name: getattr(row, name) for name in RATE_FIELDS}
            if current is None:
                new.append(RateLine(contract=contract, code=code, **values))
            elif any(getattr(current, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(current, name, value)
                changed.append(current)
        RateLine.objects.bulk_create(new, batch_size=1000)
        RateLine.objects.bulk_update(changed, list(RATE_FIELDS), batch_size=1000)
        result = ImportResult(len(new), len(changed), len(parsed) - len(new) - len(changed))
        if new or changed:
            audit.record(
                actor=actor,
                obj=contract,
                action="rates_imported",
                summary=f"Schedule of rates imported: {result.created} added, {result.updated} changed",
                changes={"rates": [len(existing), len(existing) + len(new)]},
            )
    return result
