"""Background work for repairs: ids in, call a service."""

from __future__ import annotations

from django_tasks import task

from hearth.repairs import documents


@task()
def send_order_email(order_id: int) -> None:
    """Email the issued order to its contractor with the PDF attached."""
    documents.email_order(order_id)
