"""Recharging the tenant for a repair (posted to the rent account by rents)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from hearth.core.money import to_money
from hearth.core.permissions import require
from hearth.core.records import Errors
from hearth.repairs.models import RepairOrder
from hearth.repairs.services.common import change_audited


def recharge_agreements(order: RepairOrder) -> tuple[Any, Any]:
    """The agreement live in the order's home today, and its last ended one (a tenant who has left)."""
    from hearth.tenancies.selectors import is_live, tenancies_of_property

    today = timezone.localdate()
    agreements = tenancies_of_property(order.property_id) if order.property_id else []
    live = [t for t in agreements if is_live(t, today)]
    ended = sorted(
        (t for t in agreements if t.end_date is not None and t.end_date < today),
        key=lambda t: (t.end_date, t.pk),
    )
    return (live[0] if live else None), (ended[-1] if ended else None)


@transaction.atomic
def mark_rechargeable(
    *, actor: Any, order: RepairOrder, amount: Decimal | None, evidence: str, former: bool = False
) -> RepairOrder:
    """Recharge the tenant for the work; an income officer posts it to the rent account (rents recharges).

    `former`: recharge the home's last ended agreement (the damage was found after the tenant left)."""
    require(actor, "repairs.raise")
    errors = Errors()
    if amount is None or Decimal(amount) <= 0:
        errors.add("recharge_amount", "Enter the amount to recharge, more than £0.")
    if not evidence.strip():
        errors.add("recharge_evidence", "Describe the evidence that the tenant caused the damage.")
    if order.property_id is None:
        errors.add("recharge_amount", "Only a repair to a home can be recharged to its tenant.")
    live, last_ended = recharge_agreements(order)
    if order.property_id is not None and former and last_ended is None:
        errors.add(
            "recharge_to", "No earlier agreement of this home has ended, so there is no former tenant."
        )
    elif order.property_id is not None and not former and live is None and last_ended is not None:
        errors.add(
            "recharge_to",
            f"No one has a live agreement for this home now. Select the former tenant "
            f"(agreement {last_ended.reference}, ended {last_ended.end_date:%-d %B %Y}) "
            "to recharge them.",
        )
    errors.raise_if_any()

    tenancy = last_ended if former else live
    if tenancy is None:
        to = " (no agreement to recharge)"
    else:
        whose = "former tenant's agreement" if former else "agreement"
        to = f" to {whose} {tenancy.reference}"
    change_audited(
        actor=actor,
        obj=order,
        action="rechargeable",
        summary=f"Marked rechargeable{to}",
        rechargeable=True,
        recharge_amount=to_money(amount),  # type: ignore[arg-type]  # checked above
        recharge_evidence=evidence.strip()[:500],
        recharge_tenancy=tenancy,
    )
    return order
