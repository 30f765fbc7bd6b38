"""An order's lines: a schedule of rates line and its quantity, checked and priced."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from hearth.core.records import Errors
from hearth.repairs import domain
from hearth.repairs.models import Contract, RateLine


@dataclass(frozen=True)
class LineRequest:
    rate_line: RateLine
    quantity: Decimal


def _quantity(value: Any) -> Decimal | None:
    try:
        q = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return q if q.is_finite() else None


def check_lines(
    errors: Errors, lines: Sequence[LineRequest], contract: Contract | None, field: str = "lines"
) -> None:
    if not lines:
        errors.add(field, "Choose at least one schedule of rates line and its quantity.")
        return
    for line in lines:
        q = _quantity(line.quantity)
        if q is None:
            errors.add(field, f"The quantity for {line.rate_line.code} must be a number, like 1 or 2.5.")
        elif q <= 0:
            errors.add(field, f"The quantity for {line.rate_line.code} must be more than 0.")
        elif q != q.quantize(Decimal("0.01")) or q >= Decimal("100000000"):
            errors.add(field, f"The quantity for {line.rate_line.code} can have at most 2 decimal places.")
        if contract is not None and line.rate_line.contract_id != contract.pk:
            errors.add(field, f"The line {line.rate_line.code} is not in the contract {contract.reference}.")


def price_lines(
    contract: Contract, lines: Sequence[LineRequest]
) -> list[tuple[LineRequest, Decimal, Decimal]]:
    """Each line with its rate (the schedule rate with the contract's uplift) and total."""
    out = []
    for line in lines:
        rate = domain.uplifted_rate(line.rate_line.rate, contract.uplift_percent)
        out.append((line, rate, domain.line_total(Decimal(line.quantity), rate)))
    return out
