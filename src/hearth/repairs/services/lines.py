"""An order's lines: a schedule of rates line and its quantity, checked and priced."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from hearth.core.records import Errors
from hearth.repairs import domain
from hearth.repairs.models import Contract, OrderLine, RateLine, RepairOrder, Variation


@dataclass(frozen=True)
class LineRequest:
    rate_line: RateLine
    quantity: Decimal


def check_lines(
    errors: Errors, lines: Sequence[LineRequest], contract: Contract | None, field: str = "lines"
) -> None:
    if not lines:
        errors.add(field, "Choose at least one schedule of rates line and its quantity.")
        return
    for line in lines:
        q = domain.parse_quantity(line.quantity)
        problem = "must be a number, like 1 or 2.5" if q is None else domain.quantity_problem(q)
        if problem:
            errors.add(field, f"The quantity for {line.rate_line.code} {problem}.")
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


def add_order_lines(
    order: RepairOrder,
    priced: Sequence[tuple[LineRequest, Decimal, Decimal]],
    variation: Variation | None = None,
) -> None:
    """Store priced lines on the order (as raised, or added by a variation), copying the schedule's
    code, description and unit so later schedule changes leave the order as it was."""
    OrderLine.objects.bulk_create(
        [
            OrderLine(
                order=order,
                rate_line=line.rate_line,
                code=line.rate_line.code,
                description=line.rate_line.description,
                unit=line.rate_line.unit,
                quantity=Decimal(line.quantity),
                rate=rate,
                total=total,
                variation=variation,
            )
            for line, rate, total in priced
        ]
    )
