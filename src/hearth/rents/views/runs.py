"""The weekly debit run and its free weeks, and the approvals queue with a second officer's decision on
money out."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from hearth.core.money import format_money
from hearth.core.permissions import capability_required, has_capability
from hearth.rents import domain, forms, page_parts, selectors, services
from hearth.rents.models import (
    DebitRun,
    FreeWeek,
    MoneyRequest,
)
from hearth.rents.views.common import (
    decision_page,
    long_date,
    officer_name,
    queue_page,
)
from hearth.web.actions import action_page


@capability_required("rents.run")
def debit_run(request: HttpRequest) -> HttpResponse:
    form = forms.DebitRunForm(
        request.POST or None, initial={"week": domain.week_monday(timezone.localdate())}
    )
    return action_page(
        request,
        form=form,
        title="Weekly debit run",
        back=reverse("rents:index"),
        run=lambda d: services.start_debit_run(actor=request.user, week=d["week"]),
        done="The debit run has started.",
        then=lambda job: reverse("web:job", args=[job.pk]),
        template="rents/debit_run.html",
        context={"runs": DebitRun.objects.all()[:20]},
    )


@capability_required("rents.view")
def approvals(request: HttpRequest) -> HttpResponse:
    return queue_page(
        request,
        "rents/approvals.html",
        selectors.pending_requests(),
        title="Approvals",
        can_approve=has_capability(request.user, "rents.approve"),
        parts=page_parts.queue_parts(request),
    )


@capability_required("rents.approve")
def approval_decide(request: HttpRequest, pk: int) -> HttpResponse:
    req = get_object_or_404(MoneyRequest.objects.select_related("account", "requested_by", "corrects"), pk=pk)
    summary = [
        ("Account", req.account.reference, req.account.get_absolute_url()),
        ("Reason", req.reason, ""),
        *([("Corrects", f"No. {req.corrects_id}: {req.corrects}", "")] if req.corrects else []),
        ("Requested by", f"{officer_name(req.requested_by)} on {long_date(req.requested_at)}", ""),
        ("State", req.get_state_display(), ""),
    ]
    done = "approved" if request.POST.get("decision") == "approve" else "rejected"
    return decision_page(
        request,
        form=forms.DecisionForm(request.POST or None),
        pending=req.state == MoneyRequest.State.PENDING,
        title=f"Decide {req.reference}",
        heading=f"{req.get_kind_display()} of {format_money(req.amount)}",
        caption=f"Request {req.reference}",
        summary=summary,
        run=lambda d: services.decide_money_request(
            actor=request.user, request=req, approve=d["decision"] == "approve", note=d["note"]
        ),
        done=f"Request {req.reference} {done}.",
    )


@capability_required("rents.run")
def free_weeks(request: HttpRequest) -> HttpResponse:
    raw = request.POST.get("year") or request.GET.get("year") or ""
    year = (
        int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else domain.rent_year_of(timezone.localdate())
    )
    mondays = domain.rent_year_mondays(year)
    chosen = set(FreeWeek.objects.filter(rent_year=year).values_list("monday", flat=True))
    error = ""
    if request.method == "POST":
        picked = []
        for value in request.POST.getlist("mondays"):
            try:
                picked.append(dt.date.fromisoformat(value))
            except ValueError:
                error = "Select Mondays from the list."
        if not error:
            try:
                services.set_free_weeks(actor=request.user, year=year, mondays=picked)
            except ValidationError as exc:
                error = " ".join(exc.message_dict.get("mondays", exc.messages))
            else:
                messages.success(request, f"Free weeks for {domain.rent_year_label(year)} saved.")
                return redirect(f"{reverse('rents:free_weeks')}?year={year}")
        chosen = set(picked)
    return render(
        request,
        "rents/free_weeks.html",
        {
            "year": year,
            "label": domain.rent_year_label(year),
            "mondays": mondays,
            "chosen": chosen,
            "error": error,
            "collection_weeks": len(mondays) - len(chosen),
            "page_title": "Free weeks",
        },
        status=400 if error else 200,
    )
