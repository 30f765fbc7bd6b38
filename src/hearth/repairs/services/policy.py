"""The landlord's repairs policy: settings (priority targets, inspection sample, default limits)
and each officer's raise and vary limits."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction

from hearth.core import audit
from hearth.core.calendar import load_calendar
from hearth.core.money import to_money
from hearth.core.permissions import has_capability, require
from hearth.core.records import Errors, record_change
from hearth.repairs import domain
from hearth.repairs.models import OfficerLimit, RepairSettings


def get_settings() -> RepairSettings:
    found = RepairSettings.objects.order_by("id").first()
    return found if found is not None else RepairSettings()


def update_settings(*, actor: Any, **data: Any) -> RepairSettings:
    require(actor, "contractors.manage")
    errors = Errors()
    if "sample_percent" in data and not (0 <= int(data["sample_percent"]) <= 100):
        errors.add("sample_percent", "The sample must be a percentage from 0 to 100.")
    for key in ("inspect_over", "default_raise_limit", "default_vary_limit"):
        if key in data and Decimal(data[key]) < 0:
            errors.add(key, "Enter an amount of £0 or more.")
    if "priority_periods" in data:
        try:
            domain.priority_registry(data["priority_periods"])
        except (ValueError, KeyError) as exc:
            errors.add("priority_periods", str(exc))
    errors.raise_if_any()
    with transaction.atomic():
        current = get_settings()
        fields = [f.name for f in RepairSettings._meta.fields if f.name != "id"]
        before = audit.snapshot(current, fields) if current.pk else {}
        for key, value in data.items():
            setattr(current, key, value)
        current.save()
        record_change(
            actor, current, action="updated", before=before, fields=fields, summary="Repairs settings changed"
        )
    return current


def limits_for(user: Any) -> tuple[Decimal, Decimal]:
    """The user's (raise limit, vary limit): their own, or the landlord's defaults."""
    own = OfficerLimit.objects.filter(user_id=getattr(user, "pk", None) or 0).first()
    if own is not None:
        return own.raise_limit, own.vary_limit
    policy = get_settings()
    return policy.default_raise_limit, policy.default_vary_limit


def set_officer_limits(*, actor: Any, user: Any, raise_limit: Decimal, vary_limit: Decimal) -> OfficerLimit:
    require(actor, "contractors.manage")
    errors = Errors()
    for key, value in (("raise_limit", raise_limit), ("vary_limit", vary_limit)):
        if value is None or Decimal(value) < 0:
            errors.add(key, "Enter a limit of £0 or more.")
    errors.raise_if_any()
    with transaction.atomic():
        limit, created = OfficerLimit.objects.get_or_create(
            user=user, defaults={"raise_limit": to_money(raise_limit), "vary_limit": to_money(vary_limit)}
        )
        fields = ["raise_limit", "vary_limit"]
        before = {} if created else audit.snapshot(limit, fields)
        limit.raise_limit, limit.vary_limit = to_money(raise_limit), to_money(vary_limit)
        limit.save()
        summary = f"Repair limits for {user}: raise £{limit.raise_limit}, vary £{limit.vary_limit}"
        record_change(actor, limit, action="updated", before=before, fields=fields, summary=summary)
    return limit


def target_for(priority: str, raised_at: dt.datetime) -> dt.datetime:
    """The target for an order: the landlord's priority policy and calendar (closure days)."""
    return domain.target_due(
        priority, raised_at, overrides=get_settings().priority_periods or None, calendar=load_calendar()
    )


def can_approve(user: Any) -> bool:
    return has_capability(user, "repairs.approve")
