"""Emergency and incident reports logged out of hours, and the order raised from one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hearth.core import references
from hearth.core.permissions import require
from hearth.core.records import Errors, create_audited
from hearth.properties.models import Property
from hearth.repairs.models import IncidentReport, RepairOrder
from hearth.repairs.services.common import change_audited, given
from hearth.repairs.services.notes import add_note


def validate_incident(data: dict[str, Any]) -> dict[str, Any]:
    errors = Errors()
    if "received_at" in data:
        when = data.get("received_at")
        if when is None:
            errors.add("received_at", "Enter when the report was received.")
        elif when > timezone.now() + dt.timedelta(minutes=5):
            errors.add("received_at", "The time received cannot be in the future.")
    if "description" in data and not str(data.get("description") or "").strip():
        errors.add("description", "Describe what was reported.")
    if not data.get("property") and "location" in data and not str(data.get("location") or "").strip():
        errors.add("location", "Choose the home or describe where the incident is.")
    errors.raise_if_any()
    return data


@transaction.atomic
def log_incident(
    *,
    actor: Any,
    received_at: dt.datetime | None,
    description: str,
    property: Property | None = None,
    location: str = "",
    caller: str = "",
    caller_phone: str = "",
    action_taken: str = "",
) -> IncidentReport:
    """Log an emergency or incident reported out of hours; an officer turns it into an order later."""
    require(actor, "repairs.raise")
    validate_incident(
        {"received_at": received_at, "description": description, "property": property, "location": location}
    )
    report = IncidentReport(
        reference=references.next_reference("IR", 6),
        received_at=given(received_at),
        property=property,
        location=location.strip()[:300],
        description=description.strip(),
        caller=caller.strip()[:150],
        caller_phone=caller_phone.strip()[:30],
        action_taken=action_taken.strip(),
        logged_by=actor,
    )
    return create_audited(
        actor=actor,
        obj=report,
        fields=["reference", "received_at", "property", "location", "description", "caller"],
        summary=f"Incident logged: {report.description[:120]}",
    )


@transaction.atomic
def link_incident_order(*, actor: Any, report: IncidentReport, order: RepairOrder) -> IncidentReport:
    require(actor, "repairs.raise")
    if report.order_id is not None:
        raise ValidationError(f"Incident {report.reference} already has order {report.order}.")
    change_audited(
        actor=actor, obj=report, action="order_raised", summary=f"Order {order.reference} raised", order=order
    )
    add_note(actor=actor, order=order, text=f"Raised from incident report {report.reference}.")
    return report
