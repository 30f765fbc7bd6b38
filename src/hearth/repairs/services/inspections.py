"""Post-inspections: orders over the threshold, asked for, or in the monthly sample, and their outcome."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hearth.core import audit
from hearth.core.calendar import start_of_day
from hearth.core.permissions import require
from hearth.core.records import Errors, check_past_date, record_change
from hearth.repairs import domain
from hearth.repairs.models import PostInspection, RepairOrder
from hearth.repairs.services.common import S
from hearth.repairs.services.policy import get_settings


def select_for_inspection(
    order: RepairOrder, reason: str, actor: Any, month: dt.date | None = None
) -> PostInspection:
    inspection, created = PostInspection.objects.get_or_create(
        order=order, defaults={"reason": reason, "selected_at": timezone.now(), "sample_month": month}
    )
    if created:
        audit.record(
            actor=actor,
            obj=order,
            action="selected_for_inspection",
            summary=f"Selected for post-inspection: {inspection.get_reason_display().lower()}",
        )
    return inspection


@transaction.atomic
def request_post_inspection(*, actor: Any, order: RepairOrder) -> PostInspection:
    require(actor, "repairs.raise")
    return select_for_inspection(order, PostInspection.Reason.REQUESTED, actor)


def _month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    first = month.replace(day=1)
    nxt = (first + dt.timedelta(days=32)).replace(day=1)
    return start_of_day(first), start_of_day(nxt)


def select_monthly_sample(*, actor: Any, month: dt.date) -> int:
    """Pick each contractor's random sample of the month's completed orders. Running it again for the
    same month picks nothing new."""
    require(actor, "repairs.raise")
    percent = get_settings().sample_percent
    start, end = _month_bounds(month)
    first = month.replace(day=1)
    picked = 0
    with transaction.atomic():
        done = set(
            PostInspection.objects.filter(
                sample_month=first, reason=PostInspection.Reason.SAMPLE
            ).values_list("order__contractor_id", flat=True)
        )
        completed = RepairOrder.objects.filter(
            status=S.COMPLETED, completed_at__gte=start, completed_at__lt=end
        ).values_list("contractor_id", "id", "post_inspection__id")
        by_contractor: dict[int, list[int]] = {}
        totals: dict[int, int] = {}
        for contractor_id, order_id, inspection_id in completed:
            totals[contractor_id] = totals.get(contractor_id, 0) + 1
            if inspection_id is None:
                by_contractor.setdefault(contractor_id, []).append(order_id)
        now = timezone.now()
        new: list[PostInspection] = []
        for contractor_id, total in totals.items():
            if contractor_id in done:
                continue
            size = domain.sample_size(total, percent)
            chosen = domain.pick_sample(
                by_contractor.get(contractor_id, []), size, f"{contractor_id}:{first}"
            )
            new += [
                PostInspection(
                    order_id=pk, reason=PostInspection.Reason.SAMPLE, selected_at=now, sample_month=first
                )
                for pk in chosen
            ]
        PostInspection.objects.bulk_create(new)
        picked = len(new)
        if new:
            policy = get_settings()
            if policy.pk is None:
                policy.save()
            audit.record(
                actor=actor,
                obj=policy,
                action="sample_selected",
                summary=f"Post-inspection sample for {first:%B %Y}: {picked} orders",
            )
    return picked


@dataclass(frozen=True)
class InspectionResult:
    """What a post-inspection found, as the inspector gives it: how it was done (a site visit or by
    telephone), the day, the outcome (a pass, or why it failed) and notes saying what failed. The
    page makes one from the fields it could read, so its check can still name the other problems."""

    method: str = ""
    inspected_on: dt.date | None = None
    outcome: str = ""
    notes: str = ""


def validate_inspection(result: InspectionResult) -> None:
    """The checks on a post-inspection's result, for the service and for the page to show every
    problem at once."""
    errors = Errors()
    if result.method not in PostInspection.Method.values:
        errors.add("method", "Choose site visit or telephone.")
    check_past_date(
        errors,
        "inspected_on",
        result.inspected_on,
        missing="Enter the date of the inspection.",
        future="The inspection date cannot be in the future.",
    )
    outcome = result.outcome
    if outcome not in PostInspection.Outcome.values or outcome == "pending":
        errors.add("outcome", "Choose the outcome: pass, or the reason it failed.")
    if outcome.startswith("fail") and not result.notes.strip():
        errors.add("notes", "Describe what failed.")
    errors.raise_if_any()


@transaction.atomic
def record_post_inspection(
    *, actor: Any, inspection: PostInspection, result: InspectionResult
) -> PostInspection:
    require(actor, "repairs.raise")
    validate_inspection(result)
    if inspection.order.status != S.COMPLETED:
        raise ValidationError({"outcome": "Only a completed order can be post-inspected."})
    fields = ["method", "inspected_on", "outcome", "notes"]
    before = audit.snapshot(inspection, fields)
    inspection.method, inspection.inspected_on = result.method, result.inspected_on
    inspection.outcome, inspection.notes, inspection.inspector = result.outcome, result.notes.strip(), actor
    inspection.save()
    summary = f"Post-inspection: {inspection.get_outcome_display().lower()}"
    record_change(
        actor,
        inspection,
        on=inspection.order,
        action="post_inspected",
        before=before,
        fields=fields,
        summary=summary,
    )
    return inspection


def failed_inspection(order: RepairOrder) -> PostInspection | None:
    """For invoice checking: the order's post-inspection when it failed (workmanship, not done, over-claimed)."""
    found = PostInspection.objects.filter(order=order, outcome__startswith="fail").first()
    return found


@transaction.atomic
def inspect_order(*, actor: Any, order: RepairOrder, result: InspectionResult) -> PostInspection:
    """Select the order for post-inspection and, when the result has an outcome, record it too (both
    or neither); without one the order waits to be inspected later."""
    if result.outcome:
        if order.status != S.COMPLETED:
            raise ValidationError({"outcome": ["Only a completed order can be post-inspected."]})
        validate_inspection(result)
    inspection = request_post_inspection(actor=actor, order=order)
    if result.outcome:
        record_post_inspection(actor=actor, inspection=inspection, result=result)
    return inspection
