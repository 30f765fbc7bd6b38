"""Rent settings for an administrator: the arrears stages, the payment file layouts and each officer's
limits for money out."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from hearth.core.money import MoneyError, parse_money
from hearth.core.permissions import capability_required
from hearth.rents import domain, forms, selectors, services
from hearth.rents.models import (
    OfficerLimit,
)


@capability_required("admin")
def policy_settings(request: HttpRequest) -> HttpResponse:
    from django.contrib.auth import get_user_model

    errors: dict[str, list[str]] = {}
    section = request.POST.get("section", "")
    if request.method == "POST":
        try:
            if section == "stages":
                codes = request.POST.getlist("code")
                services.set_arrears_stages(
                    actor=request.user,
                    stages=[
                        (c, request.POST.get(f"action_{c}", ""), request.POST.get(f"weeks_{c}", ""))
                        for c in codes
                    ],
                )
            elif section == "mapping":
                services.set_channel_mapping(
                    actor=request.user,
                    channel=request.POST.get("channel", ""),
                    account=request.POST.get("account", ""),
                    amount=request.POST.get("amount", ""),
                    date=request.POST.get("date", ""),
                    reference=request.POST.get("reference", ""),
                    date_format=request.POST.get("date_format", ""),
                )
            elif section == "limits":
                name = request.POST.get("username", "").strip()
                user = get_user_model().objects.filter(username=name).first()
                amounts = {}
                for field in ("refund", "write_off", "adjustment"):
                    try:
                        amounts[field] = parse_money(request.POST.get(field, ""))
                    except MoneyError:
                        errors.setdefault(field, []).append("Enter an amount of money, like 250.00.")
                if user is None:
                    errors.setdefault("username", []).append(
                        f"No user is called {name!r}." if name else "Enter the officer's username."
                    )
                if not errors and user is not None:
                    services.set_officer_limits(actor=request.user, user=user, **amounts)
            else:
                errors["section"] = ["Choose a setting to change."]
        except ValidationError as exc:
            errors = exc.message_dict
        if not errors:
            messages.success(request, "Settings saved.")
            return redirect("rents:settings")
    mappings = {c: services.mapping_for(c) for c in services.FILE_CHANNELS}
    limits = OfficerLimit.objects.select_related("user").order_by("user__username")
    return render(
        request,
        "rents/settings.html",
        {
            "stages": selectors.stages(),
            "mappings": mappings,
            "labels": forms.CHANNEL_LABELS,
            "limits": limits,
            "defaults": domain.DEFAULT_LIMITS,
            "approver_defaults": domain.DEFAULT_APPROVER_LIMITS,
            "errors": errors,
            "section": section,
            "post": request.POST,
            "page_title": "Rent settings",
        },
        status=400 if errors else 200,
    )
