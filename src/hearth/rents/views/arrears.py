"""The arrears list: every rent account with its balance, arrears and the action the policy recommends,
as a page or an export."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render

from hearth.core.money import MoneyError, parse_money
from hearth.core.permissions import capability_required, has_capability
from hearth.rents import domain, selectors
from hearth.web.pages import list_page, paginate, query_without


def _arrears_columns() -> list[Any]:
    policy = selectors.stages()

    def stage(a: Any) -> str:
        s = domain.next_stage(a.due, a.weekly, policy, a.last_action_stage)
        return s.action if s else ""

    def last_action(a: Any) -> str:
        if not a.last_action_stage:
            return ""
        return f"{domain.stage_label(a.last_action_stage, policy)} {a.last_action_on.isoformat()}"

    return [
        ("Account", lambda a: a.reference),
        ("Agreement", lambda a: a.tenancy.reference),
        ("Property", lambda a: a.tenancy.property.address),
        ("Balance including charges not yet due", lambda a: f"{a.balance:.2f}"),
        ("Arrears", lambda a: f"{max(a.due, Decimal('0.00')):.2f}"),
        ("Weekly charge", lambda a: f"{a.weekly:.2f}"),
        ("Weeks owed", lambda a: f"{domain.weeks_owed_shown(a.due, a.weekly)}"),
        ("Last payment", lambda a: a.last_payment.isoformat() if a.last_payment else ""),
        ("Last action", last_action),
        ("Recommended action", stage),
    ]


@capability_required("rents.view")
def account_list(request: HttpRequest) -> HttpResponseBase:
    q = request.GET.get("q", "").strip()
    in_arrears = request.GET.get("arrears", "")
    stage = request.GET.get("stage", "")
    live = request.GET.get("live", "")
    raw_min = request.GET.get("min", "").strip()
    minimum = None
    min_error = ""
    if raw_min:
        try:
            minimum = parse_money(raw_min, allow_negative=True)
        except MoneyError:
            min_error = "Enter the smallest balance as an amount of money, like 250.00."
    policy = selectors.stages()
    qs = selectors.account_list(
        q=q,
        in_arrears=in_arrears if in_arrears in ("yes", "no") else "",
        min_balance=minimum,
        live=live if live in ("yes", "no") else "",
        stage=stage if stage in {s.code for s in policy} else "",
    )
    context = {
        "q": q,
        "arrears": in_arrears,
        "stage": stage,
        "live": live,
        "min": raw_min,
        "min_error": min_error,
        "stages": policy,
        "page_title": "Rent accounts and arrears",
    }
    if request.GET.get("export") in ("csv", "xlsx"):
        return list_page(
            request,
            template="rents/list.html",
            qs=qs,
            export_name="rent-accounts",
            columns=_arrears_columns(),
            context=context,
        )
    page = paginate(request, qs)
    response = render(
        request,
        "rents/list.html",
        {
            **context,
            "page": page,
            "rows": selectors.with_stage(page.object_list),
            "querystring": query_without(request, "page", "export"),
            "can_export": has_capability(request.user, "export"),
            "pending": selectors.pending_requests().count(),
            "suspense": selectors.open_suspense().count(),
        },
    )
    if min_error:
        response.status_code = 400
    return response
