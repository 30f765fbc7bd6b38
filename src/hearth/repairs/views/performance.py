"""Contractor performance by month, on the page and as an export."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone

from hearth.core.permissions import capability_required, has_capability, require
from hearth.repairs import selectors
from hearth.repairs.models import Contractor
from hearth.repairs.views.common import int_param
from hearth.web.export import export_response


def _month(value: str | None) -> dt.date:
    try:
        return dt.datetime.strptime((value or "").strip(), "%Y-%m").date()
    except ValueError:
        return timezone.localdate().replace(day=1)


PERFORMANCE_COLUMNS: list[Any] = [
    ("Contractor", lambda p: p.contractor),
    ("Raised", lambda p: p.raised),
    ("Completed", lambda p: p.completed),
    ("Emergency completed", lambda p: p.emergency_completed),
    ("Emergency within target", lambda p: p.emergency_in_target),
    ("Non-emergency completed", lambda p: p.non_emergency_completed),
    ("Non-emergency within target", lambda p: p.non_emergency_in_target),
    ("Overdue", lambda p: p.overdue),
    ("First-time fixes", lambda p: p.first_time_fixes),
    ("Appointments kept", lambda p: p.appointments_kept),
    ("Appointments due", lambda p: p.appointments_due),
    ("Orders varied", lambda p: p.varied),
    ("Average cost", lambda p: p.average_cost),
    ("Failed post-inspections", lambda p: p.failed_inspections),
]


@capability_required("repairs.view")
def performance(request: HttpRequest) -> HttpResponseBase:
    month = _month(request.GET.get("month"))
    months = int_param(request.GET.get("months")) or 1
    months = months if months in (1, 3, 6, 12) else 1
    contractor = int_param(request.GET.get("contractor"))
    rows = selectors.performance(month, months=months, contractor=contractor)
    if request.GET.get("export") in ("csv", "xlsx"):
        require(request.user, "export")
        name = f"repairs-performance-{month:%Y-%m}" + (f"-{months}-months" if months > 1 else "")
        return export_response(request.GET["export"], name, PERFORMANCE_COLUMNS, rows)
    top = max([p.completed for p in rows] + [p.raised for p in rows] + [1])
    chart = [
        {
            "p": p,
            "raised": round(p.raised * 300 / top),
            "completed": round(p.completed * 300 / top),
            "in_target": round((p.emergency_in_target + p.non_emergency_in_target) * 300 / top),
        }
        for p in rows
    ]
    return render(
        request,
        "repairs/performance.html",
        {
            "rows": rows,
            "chart": chart,
            "month": month,
            "months": months,
            "contractor": contractor,
            "last_month": selectors.month_bounds(month, months)[1] - dt.timedelta(days=1),
            "contractors": Contractor.objects.order_by("name"),
            "page_title": "Contractor performance",
            "query": f"month={month:%Y-%m}&months={months}"
            + (f"&contractor={contractor}" if contractor else ""),
            "can_export": has_capability(request.user, "export"),
        },
    )
