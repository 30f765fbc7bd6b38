"""What the repairs pages share: the posted data, number parameters, an order's tabs and columns."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from hearth.core.calendar import to_local
from hearth.core.permissions import has_capability
from hearth.repairs import selectors
from hearth.repairs.models import RepairOrder

S = RepairOrder.Status


def post_data(request: HttpRequest) -> Any:
    """The posted data, even when empty (a confirmation button posts nothing but the CSRF token)."""
    return request.POST if request.method == "POST" else None


def int_param(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def order_tabs(order: RepairOrder, current: str, request: HttpRequest) -> list[dict[str, Any]]:
    base = f"/repairs/orders/{order.pk}/"
    tabs: list[dict[str, Any]] = [{"key": "details", "label": "Details", "url": base}]
    if has_capability(request.user, "audit.view"):
        tabs.append({"key": "history", "label": "History", "url": base + "history/"})
    tabs.append({"key": "files", "label": "Files", "url": base + "files/"})
    for tab in tabs:
        tab["current"] = tab["key"] == current
    return tabs


def order_or_404(pk: int) -> RepairOrder:
    try:
        return selectors.order_detail(pk)
    except RepairOrder.DoesNotExist:
        from django.http import Http404

        raise Http404("No such order") from None


def back_to_order(order: RepairOrder) -> str:
    return f"/repairs/orders/{order.pk}/"


def order_columns() -> list[Any]:
    return [
        ("Reference", lambda o: o.reference),
        ("Location", lambda o: o.location),
        ("Contractor", lambda o: o.contractor.name),
        ("Priority", lambda o: o.priority),
        ("Status", lambda o: o.get_status_display()),
        ("Raised", lambda o: to_local(o.raised_at).strftime("%Y-%m-%d %H:%M")),
        ("Target", lambda o: to_local(o.due_at).strftime("%Y-%m-%d %H:%M")),
        ("Total", lambda o: o.total),
    ]
