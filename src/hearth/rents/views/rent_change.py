"""The annual rent change (plan, apply) and the letters telling each tenant their new rent."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from hearth.core import files
from hearth.core.permissions import capability_required
from hearth.rents import domain, forms, selectors
from hearth.rents import rent_change as rent_changes
from hearth.rents.models import (
    RentAccount,
    RentChange,
)
from hearth.rents.views.common import (
    account_or_404,
    council_pdf,
    tenants,
)
from hearth.web.forms import apply_service_errors
from hearth.web.pages import paginate


@capability_required("rents.run")
def rent_change(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else (request.GET if "year" in request.GET else None)
    form = forms.RentChangeForm(data)
    context: dict[str, Any] = {"page_title": "Annual rent change", "changes": RentChange.objects.all()[:10]}
    if data is not None and form.is_valid():
        try:
            plan = rent_changes.plan(**form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            if request.method == "POST":
                change = rent_changes.apply(actor=request.user, p=plan)
                messages.success(
                    request,
                    f"Rents changed from {change.effective_from:%d %B %Y} on {change.accounts:,} accounts.",
                )
                return redirect("rents:rent_change")
            qs = rent_changes.elements_changing(plan)
            context.update(
                {
                    "plan": plan,
                    "count": qs.count(),
                    "sample": list(rent_changes.lines(plan, qs[:50])),
                    "year_label": domain.rent_year_label(plan.year),
                }
            )
    context["form"] = form
    return render(request, "rents/rent_change.html", context, status=400 if form.errors else 200)


def _rent_change_letter(account: RentAccount, change: RentChange) -> dict[str, Any]:
    day = change.effective_from
    elements = list(account.elements.all())
    as_rules = [domain.Element(e.pk, e.weekly_amount, e.effective_from, e.effective_to) for e in elements]
    after = domain.weekly_charge(as_rules, day)
    return {
        "obj": account,
        "tenants": tenants(account),
        "before": domain.weekly_charge(as_rules, day - dt.timedelta(days=1)),
        "after": after,
        "elements": [
            e
            for e in elements
            if e.effective_from <= day and (e.effective_to is None or e.effective_to >= day)
        ],
        "uc_monthly": selectors.uc_monthly(after, day),
    }


def _letters_pdf(change: RentChange, letters: list[dict[str, Any]], filename: str) -> HttpResponse:
    year_label = domain.rent_year_label(change.rent_year)
    context = {"letters": letters, "change": change, "year_label": year_label}
    return council_pdf("rents/rent_change_letter.html", context, filename)


LETTERS_PER_PDF = 100


@capability_required("rents.view")
def rent_change_letters(request: HttpRequest, year: int) -> HttpResponse:
    """Every tenant's rent change letter, 100 to a PDF (?page=2 for the next hundred)."""
    change = get_object_or_404(RentChange, rent_year=year)
    ids = (
        RentAccount.objects.filter(elements__kind="rent", elements__effective_from=change.effective_from)
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()
    )
    page = paginate(request, ids, per_page=LETTERS_PER_PDF)
    accounts = (
        RentAccount.objects.filter(pk__in=list(page.object_list))
        .select_related("tenancy", "tenancy__property")
        .prefetch_related(selectors._parties(), "elements")
        .order_by("pk")
    )
    letters = [_rent_change_letter(a, change) for a in accounts]
    return _letters_pdf(change, letters, f"rent-change-{year}-letters-{page.number}.pdf")


@capability_required("rents.view")
def rent_change_letter(request: HttpRequest, pk: int) -> HttpResponse:
    account = account_or_404(pk)
    files.require_view(request.user, account)
    change = (
        RentChange.objects.filter(rent_year=request.GET.get("year", "")).first()
        if request.GET.get("year", "").isdigit()
        else RentChange.objects.first()
    )
    if change is None:
        raise Http404("No rent change has been applied.")
    return _letters_pdf(
        change,
        [_rent_change_letter(account, change)],
        f"rent-change-{change.rent_year}-{account.reference}.pdf",
    )
