"""Service charge budgets: drafting and applying one to the homes of a block or estate, and a budget's
shares (page and leaseholders' estimates as PDF)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from hearth.core.permissions import capability_required
from hearth.rents import domain, forms
from hearth.rents import service_charges as sc
from hearth.rents.models import (
    ServiceChargeBudget,
)
from hearth.rents.views.common import council_pdf
from hearth.web.forms import apply_service_errors


@capability_required("rents.run")
def service_charges(request: HttpRequest) -> HttpResponse:
    form = forms.ServiceChargeForm(request.POST or None)
    context: dict[str, Any] = {
        "page_title": "Service charges",
        "budgets": ServiceChargeBudget.objects.all()[:20],
    }
    if request.method == "POST" and form.is_valid():
        try:
            d = sc.draft(**form.cleaned_data)
            if request.POST.get("action") == "apply":
                budget = sc.apply(actor=request.user, d=d)
                messages.success(request, f"{budget.name} applied to {budget.shares.count()} homes.")
                return redirect(budget)
            lines = sc.shares(d)
            context.update({"draft": d, "lines": lines, "flagged": sum(s.section_20 for s in lines)})
        except ValidationError as exc:
            apply_service_errors(form, exc)
    context["form"] = form
    return render(request, "rents/service_charges.html", context, status=400 if form.errors else 200)


@capability_required("rents.view")
def service_charge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    budget = get_object_or_404(ServiceChargeBudget.objects.select_related("estate", "block"), pk=pk)
    lines = list(budget.shares.select_related("property", "tenancy"))
    if request.GET.get("format") == "pdf":
        area = sum((Decimal(s.property.floor_area or 0) for s in lines), Decimal(0))
        estimates = {
            "budget": budget,
            "lines": [s for s in lines if s.leaseholder],
            "total_area": format(area.normalize(), "f"),
            "year_label": domain.rent_year_label(budget.rent_year),
        }
        return council_pdf("rents/estimates_pdf.html", estimates, f"estimates-{budget.pk}.pdf")
    return render(
        request, "rents/service_charge.html", {"budget": budget, "lines": lines, "page_title": budget.name}
    )
