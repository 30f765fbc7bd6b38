"""Job notes on an order, and chasing its contractor."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from hearth.core.permissions import require
from hearth.core.records import create_and_note, required_text
from hearth.repairs.models import JobNote, RepairOrder
from hearth.repairs.services.common import S, format_when, require_contractor_or


@transaction.atomic
def add_note(*, actor: Any, order: RepairOrder, text: str, kind: str = "note") -> JobNote:
    require_contractor_or(actor, order, "repairs.raise")
    text = required_text(text, "text", "Enter the note.")
    label = (
        (actor.get_full_name() or actor.get_username()) if getattr(actor, "is_authenticated", False) else ""
    )
    return create_and_note(
        actor,
        JobNote,
        on=order,
        action="note",
        summary=f"Note: {text[:200]}",
        order=order,
        text=text,
        author=actor,
        author_label=label[:150],
        at=timezone.now(),
        kind=kind,
    )


@transaction.atomic
def chase_order(*, actor: Any, order: RepairOrder, message: str = "") -> JobNote:
    """Chase the contractor: an email to them, and a note on the order."""
    require(actor, "repairs.raise")
    if not order.is_open or order.status == S.AWAITING_APPROVAL:
        raise ValidationError("Only an issued order can be chased.")
    contractor = order.contractor
    text = message.strip() or (
        f"Order {order.reference} at {order.location} was due {format_when(order.due_at)}. "
        "Please complete it or tell us when it will be done."
    )
    if contractor.email:
        to = contractor.email
        transaction.on_commit(
            lambda: send_mail(f"Chase: repair order {order.reference}", text, None, [to], fail_silently=True)
        )
        sent = f" (emailed to {to})"
    else:
        sent = " (no email address for the contractor: phone them)"
    return add_note(actor=actor, order=order, text=f"Chased{sent}: {text}", kind="chase")
