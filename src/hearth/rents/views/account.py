"""The rent account page (balance, arrears, actions, letters, charges, requests, transactions) and the
statement (page and PDF)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from hearth.core import files
from hearth.core.permissions import capability_required
from hearth.rents import domain, page_parts, selectors
from hearth.rents.models import (
    RentChange,
)
from hearth.rents.views.common import (
    account_or_404,
    council_pdf,
    tenants,
)
from hearth.web.pages import paginate, record_tabs


@capability_required("rents.view")
def account_detail(request: HttpRequest, pk: int) -> HttpResponse:
    account = account_or_404(pk)
    balance = selectors.balance(account)
    arrears = selectors.arrears(account)
    weekly = selectors.weekly_charge(account)
    today = timezone.localdate()
    policy = selectors.stages()
    last_action = selectors.last_arrears_action(account)
    parts = page_parts.account_parts(account)
    return render(
        request,
        "rents/account.html",
        {
            "obj": account,
            "record_title": f"Rent account {account.reference}",
            "record_caption": f"Agreement {account.tenancy.reference}",
            "tabs": record_tabs(request, account, account.get_absolute_url(), "details"),
            "tenants": tenants(account),
            "balance": balance,
            "weekly": weekly,
            "arrears": arrears,
            "due_balance": selectors.balance(account, today),
            "weeks_owed": domain.weeks_owed_shown(arrears, weekly),
            "uc_monthly": selectors.uc_monthly(weekly, today),
            "stage": domain.next_stage(arrears, weekly, policy, last_action.stage if last_action else None),
            "last_action": last_action,
            "last_action_label": domain.stage_label(last_action.stage, policy) if last_action else "",
            "page": paginate(request, selectors.transactions(account), per_page=50),
            "querystring": "",
            "statement_from": (today - dt.timedelta(days=90)).isoformat(),
            "statement_to": today.isoformat(),
            "requests": account.money_requests.select_related("requested_by").order_by("-requested_at")[:10],
            "parts": parts,
            "part_letters": any(part["has_letters"] for part in parts),
            "arrangement": selectors.arrangement_status(account),
            "rent_changes": list(
                RentChange.objects.filter(effective_from__gte=account.tenancy.start_date)[:3]
            ),
            "page_title": f"Rent account {account.reference}",
        },
    )


def _statement_dates(request: HttpRequest) -> tuple[dt.date, dt.date] | None:
    try:
        first = dt.date.fromisoformat(request.GET.get("from", ""))
        last = dt.date.fromisoformat(request.GET.get("to", ""))
    except ValueError:
        return None
    return (first, last) if first <= last else None


@capability_required("rents.view")
def statement(request: HttpRequest, pk: int) -> HttpResponse:
    account = account_or_404(pk)
    files.require_view(request.user, account)
    dates = _statement_dates(request)
    if dates is None:
        today = timezone.localdate()
        return render(
            request,
            "rents/statement.html",
            {
                "obj": account,
                "error": "Enter the statement's dates as From and To, From no later than To.",
                "first": request.GET.get("from", ""),
                "last": request.GET.get("to", ""),
                "default_first": (today - dt.timedelta(days=90)).isoformat(),
                "default_last": today.isoformat(),
                "page_title": "Statement",
            },
            status=400,
        )
    st = selectors.statement(account, *dates)
    context = {
        "obj": account,
        "st": st,
        "tenants": tenants(account),
        "page_title": "Statement",
        "first": dates[0].isoformat(),
        "last": dates[1].isoformat(),
        "council_name": settings.HEARTH_COUNCIL_NAME,
    }
    if request.GET.get("format") == "pdf":
        return council_pdf("rents/statement_pdf.html", context, f"statement-{account.reference}.pdf")
    return render(request, "rents/statement.html", context)
