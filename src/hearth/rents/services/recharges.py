"""Recharges: a rechargeable repair raised by the repairs module posted to the tenant's account."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction

from hearth.core import permissions
from hearth.core.money import format_money
from hearth.core.records import Errors
from hearth.rents.models import (
    RentAccount,
    Transaction,
)
from hearth.rents.services.common import checked, read_amount, save_and_record, today


@transaction.atomic
def post_recharge(
    *,
    actor: Any,
    account: RentAccount,
    amount: Decimal | str,
    description: str,
    reference: str = "",
    charged_on: dt.date | None = None,
) -> Transaction:
    """A rechargeable repair raised by the repairs module, posted to the tenant's account."""
    permissions.require(actor, "rents.post")
    errors = Errors()
    value = read_amount(errors, "amount", amount)
    if not (description or "").strip():
        errors.add("description", "Say what the recharge is for.")
    errors.raise_if_any()
    value = checked(value)
    tx = Transaction(
        account=account,
        kind=Transaction.Kind.RECHARGE,
        amount=value,
        posted_on=charged_on or today(),
        reference=reference[:60],
        description=description.strip()[:200],
    )
    return save_and_record(
        actor, tx, action="recharge posted", summary=f"Recharge {format_money(value)}: {description}"
    )


def recharges_to_post() -> Any:
    """Repair orders marked rechargeable to a live agreement's tenant and not yet on its account."""
    from hearth.repairs.models import RepairOrder

    posted = Transaction.objects.filter(kind=Transaction.Kind.RECHARGE).values("reference")
    return (
        RepairOrder.objects.filter(rechargeable=True, recharge_tenancy__isnull=False)
        .exclude(reference__in=posted)
        .select_related("recharge_tenancy", "property")
        .order_by("id")
    )


@transaction.atomic
def post_repair_recharge(*, actor: Any, order_id: int) -> Transaction:
    """Post a rechargeable repair to the tenant's rent account, once (the order reference is kept)."""
    from hearth.repairs.models import RepairOrder

    permissions.require(actor, "rents.post")
    order = (
        RepairOrder.objects.select_for_update(of=("self",))
        .select_related("recharge_tenancy")
        .get(pk=order_id)
    )
    errors = Errors()
    if not order.rechargeable or order.recharge_tenancy is None or not order.recharge_amount:
        errors.add("order", f"Order {order.reference} is not marked rechargeable to an agreement.")
    elif Transaction.objects.filter(kind=Transaction.Kind.RECHARGE, reference=order.reference).exists():
        errors.add("order", f"The recharge for order {order.reference} is already on the account.")
    account = (
        RentAccount.objects.filter(tenancy=order.recharge_tenancy).first() if order.recharge_tenancy else None
    )
    if order.recharge_tenancy is not None and account is None:
        errors.add("order", f"Agreement {order.recharge_tenancy.reference} has no rent account yet.")
    errors.raise_if_any()
    account, amount = checked(account), checked(order.recharge_amount)
    return post_recharge(
        actor=actor,
        account=account,
        amount=amount,
        reference=order.reference,
        description=f"Rechargeable repair {order.reference}",
    )
