"""The repairs settings and officers' raise and vary limits."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from hearth.core.permissions import capability_required
from hearth.repairs import forms as f
from hearth.repairs import services
from hearth.repairs.views.common import post_data
from hearth.web.actions import action_page
from hearth.web.forms import apply_service_errors


@capability_required("contractors.manage")
def repair_settings(request: HttpRequest) -> HttpResponse:
    from hearth.core import clocks

    current = services.get_settings()
    initial: dict[str, Any] = {
        k: getattr(current, k)
        for k in ("sample_percent", "inspect_over", "default_raise_limit", "default_vary_limit")
    }
    overrides = current.priority_periods or {}
    for p, period in clocks.REPAIR_PRIORITIES.items():
        data = overrides.get(p) or clocks.period_to_data(period)
        initial[f"{p}_count"], initial[f"{p}_unit"] = data["count"], data["unit"]
    form = f.SettingsForm(post_data(request), initial=initial)

    def run(d: dict[str, Any]) -> None:
        services.update_settings(
            actor=request.user,
            priority_periods=form.periods(),
            **{
                k: d[k]
                for k in ("sample_percent", "inspect_over", "default_raise_limit", "default_vary_limit")
            },
        )

    return action_page(
        request,
        form=form,
        title="Repairs settings",
        caption="Repairs",
        back="/repairs/settings/",
        button="Save settings",
        run=run,
        done="Settings saved.",
        intro="Priority targets, the post-inspection sample and the default limits. "
        "A changed target applies to orders raised from now on.",
    )


@capability_required("contractors.manage")
def officer_limits(request: HttpRequest) -> HttpResponse:
    from django.contrib.auth import get_user_model

    from hearth.repairs.models import OfficerLimit

    form = f.OfficerLimitForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        user = get_user_model().objects.filter(username=form.cleaned_data["username"].strip()).first()
        if user is None:
            form.add_error("username", "There is no user with that username.")
        else:
            try:
                services.set_officer_limits(
                    actor=request.user,
                    user=user,
                    raise_limit=form.cleaned_data["raise_limit"],
                    vary_limit=form.cleaned_data["vary_limit"],
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, f"Limits saved for {user.get_username()}.")
                return redirect("/repairs/limits/")
    policy = services.get_settings()
    return render(
        request,
        "repairs/limits.html",
        {
            "form": form,
            "limits": OfficerLimit.objects.select_related("user").order_by("user__username"),
            "policy": policy,
            "page_title": "Raise and vary limits",
        },
        status=400 if form.errors else 200,
    )
