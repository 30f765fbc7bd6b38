"""The repairs settings and officers' raise and vary limits."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from hearth.core.permissions import capability_required
from hearth.repairs import forms as f
from hearth.repairs import services
from hearth.repairs.models import OfficerLimit
from hearth.repairs.views.common import post_data, user_named
from hearth.web.actions import action_page


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
        back=reverse("repairs:settings"),
        button="Save settings",
        run=run,
        done="Settings saved.",
        intro="Priority targets, the post-inspection sample and the default limits. "
        "A changed target applies to orders raised from now on.",
    )


@capability_required("contractors.manage")
def officer_limits(request: HttpRequest) -> HttpResponse:
    username = str(request.POST.get("username", "")).strip()
    return action_page(
        request,
        form=f.OfficerLimitForm(post_data(request)),
        title="Raise and vary limits",
        caption="Repairs",
        back=reverse("repairs:limits"),
        run=lambda d: services.set_officer_limits(
            actor=request.user,
            user=user_named(d["username"]),
            raise_limit=d["raise_limit"],
            vary_limit=d["vary_limit"],
        ),
        done=f"Limits saved for {username}.",
        template="repairs/limits.html",
        context={
            "limits": OfficerLimit.objects.select_related("user").order_by("user__username"),
            "policy": services.get_settings(),
        },
    )
