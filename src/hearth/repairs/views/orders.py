"""The order list, an order's page, its history, files and PDF."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from hearth.core import files
from hearth.core.calendar import to_local
from hearth.core.permissions import capability_required, has_capability, require
from hearth.repairs import documents, domain, selectors
from hearth.repairs.models import Contractor, RepairOrder
from hearth.repairs.views.common import S, history_page, int_param, order_columns, order_or_404, order_tabs
from hearth.web.actions import action_page
from hearth.web.forms import UploadForm
from hearth.web.pages import files_context, list_page


@capability_required("repairs.view")
def index(request: HttpRequest) -> HttpResponseBase:
    g = request.GET
    filters: dict[str, Any] = {
        "status": g.get("status", "") if g.get("status") in [*S.values, "open"] else "",
        "contractor": int_param(g.get("contractor")),
        "priority": g.get("priority", "") if g.get("priority") in domain.PRIORITIES else "",
        "q": g.get("q", "").strip()[:40],
    }
    orders, variations = selectors.approvals()
    return list_page(
        request,
        template="repairs/index.html",
        qs=selectors.order_list(**filters),
        export_name="repair-orders",
        columns=order_columns(),
        context={
            "filters": filters,
            "statuses": S.choices,
            "priorities": domain.PRIORITIES,
            "contractors": Contractor.objects.order_by("name"),
            "page_title": "Repairs",
            "waiting": orders.count() + variations.count(),
            "overdue_count": selectors.overdue().count(),
        },
    )


@capability_required("repairs.view")
def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    order = order_or_404(pk)
    lines = list(order.lines.all())
    original = [line for line in lines if line.variation_id is None]
    facts = selectors.call_facts(order.property_id, request.user) if order.property_id else None
    days_late = 0
    if order.right_to_repair and order.rtr_period_days and order.status != S.CANCELLED:
        done = to_local(order.completed_at).date() if order.completed_at else timezone.localdate()
        days_late = domain.rtr_days_late(to_local(order.raised_at).date(), order.rtr_period_days, done)
    return render(
        request,
        "repairs/order.html",
        {
            "rtr_days_late": days_late,
            "rtr_compensation": domain.rtr_compensation(days_late) if days_late else None,
            "order": order,
            "original_lines": original,
            "variations": list(order.variations.all()),
            "variation_lines": [line for line in lines if line.variation_id is not None],
            "appointments": list(order.appointments.all()),
            "notes": list(order.notes.all()),
            "target_changes": list(order.target_changes.all()),
            "facts": facts,
            "clock": order.clock,
            "completion": getattr(order, "completion", None),
            "inspection": getattr(order, "post_inspection", None),
            "record_title": f"Repair order {order.reference}",
            "record_caption": order.location,
            "tabs": order_tabs(order, "details", request),
            "page_title": f"Repair order {order.reference}",
            "can_raise": has_capability(request.user, "repairs.raise"),
            "can_approve": has_capability(request.user, "repairs.approve"),
            "working": order.status in (S.ISSUED, S.APPOINTED, S.IN_PROGRESS),
            "overdue": order.is_open and order.due_at < timezone.now(),
        },
    )


@capability_required("audit.view")
def order_history(request: HttpRequest, pk: int) -> HttpResponse:
    order = get_object_or_404(RepairOrder, pk=pk)
    return history_page(
        request, order, f"Repair order {order.reference}", order_tabs(order, "history", request)
    )


@capability_required("repairs.view")
def order_files(request: HttpRequest, pk: int) -> HttpResponse:
    """Photos (before and after) and documents on an order."""
    order = get_object_or_404(RepairOrder, pk=pk)
    files.require_view(request.user, order)
    if request.method == "POST":
        require(request.user, "files.attach")
    return action_page(
        request,
        form=UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm(),
        title=f"Files of {order.reference}",
        caption=f"Repair order {order.reference}",
        back=reverse("repairs:order_files", args=[order.pk]),
        button="Attach file",
        run=lambda d: files.attach(
            actor=request.user, record=order, upload=d["file"], description=d["description"]
        ),
        done="File attached.",
        template="web/files.html",
        context={
            **files_context(order, request.user),
            "record_title": f"Repair order {order.reference}",
            "record_caption": "Photos and documents (describe photos as before or after the work)",
            "tabs": order_tabs(order, "files", request),
        },
    )


@capability_required("repairs.view")
def order_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    order = get_object_or_404(RepairOrder, pk=pk)
    files.require_view(request.user, order)
    response = HttpResponse(documents.order_pdf(order.pk), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{order.reference}.pdf"'
    return response
