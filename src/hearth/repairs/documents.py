"""The issued order as a PDF, and the email that takes it to the contractor."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage

from hearth.core import files
from hearth.repairs import selectors


def order_pdf(order_id: int) -> bytes:
    order = selectors.order_detail(order_id)
    return files.render_pdf(
        "repairs/order_pdf.html",
        {
            "order": order,
            "lines": [
                line
                for line in order.lines.all()
                if line.variation is None or line.variation.status == "approved"
            ],
            "council_name": settings.HEARTH_COUNCIL_NAME,
        },
    )


def email_order(order_id: int, *, message_id: str | None = None) -> bool:
    """Send the order to the contractor's order address; False when it has none. `message_id` gives
    the e-mail the same Message-ID each time it is sent, so a copy sent twice is known as one."""
    order = selectors.order_detail(order_id)
    if not order.contractor.email:
        return False
    message = EmailMessage(
        subject=f"Repair order {order.reference} ({order.priority}) due {order.due_at:%d/%m/%Y %H:%M}",
        body=(
            f"Please carry out repair order {order.reference} at {order.location}.\n\n"
            f"{order.description}\n\nThe order is attached."
        ),
        to=[order.contractor.email],
        headers={"Message-ID": message_id} if message_id else None,
    )
    message.attach(f"{order.reference}.pdf", order_pdf(order_id), "application/pdf")
    message.send()
    return True
