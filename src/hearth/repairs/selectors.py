"""Reads for repairs: lists with a fixed number of queries, the call-taking facts, performance figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from hearth.core import periods
from hearth.core.calendar import start_of_day
from hearth.core.queries import where_given
from hearth.people import selectors as people_selectors
from hearth.properties.models import Property
from hearth.repairs import domain
from hearth.repairs.models import (
    Appointment,
    Contract,
    Contractor,
    HazardCase,
    IncidentReport,
    OrderLine,
    PostInspection,
    RateLine,
    RepairOrder,
    TargetChange,
    Variation,
)
from hearth.tenancies import selectors as tenancy_selectors

S = RepairOrder.Status
OPEN = (S.RAISED, S.AWAITING_APPROVAL, S.ISSUED, S.APPOINTED, S.IN_PROGRESS)


def _orders() -> QuerySet[RepairOrder]:
    return RepairOrder.objects.select_related("property", "block", "estate", "contractor")


def order_list(
    *,
    status: str = "",
    contractor: int | None = None,
    priority: str = "",
    q: str = "",
    property_id: int | None = None,
) -> QuerySet[RepairOrder]:
    qs = _orders()
    if status == "open":
        qs = qs.filter(status__in=OPEN)
    elif status:
        qs = qs.filter(status=status)
    qs = where_given(qs, contractor_id=contractor or None, priority=priority, property_id=property_id or None)
    if q:
        q = q.strip()
        qs = qs.filter(
            Q(reference__iexact=q) | Q(property__reference__iexact=q) | Q(property__postcode__istartswith=q)
        )
    return qs.order_by("-raised_at", "-id")


def order_detail(pk: int) -> RepairOrder:
    return (
        RepairOrder.objects.select_related(
            "property",
            "property__estate",
            "property__block",
            "block",
            "estate",
            "contractor",
            "contract",
            "reported_by",
            "raised_by",
            "approved_by",
            "follow_on_of",
            "clock",
            "completion",
            "post_inspection",
            "recharge_tenancy",
        )
        .prefetch_related(
            Prefetch("lines", queryset=OrderLine.objects.select_related("variation").order_by("id")),
            Prefetch("variations", queryset=Variation.objects.select_related("requested_by", "decided_by")),
            "appointments",
            "notes",
            "target_changes",
            "follow_ons",
        )
        .get(pk=pk)
    )


def overdue(
    *, within_hours: int = 0, contractor: int | None = None, now: dt.datetime | None = None
) -> QuerySet[RepairOrder]:
    """Issued orders past their target (or due within `within_hours`), most overdue first."""
    now = now or timezone.now()
    qs = _orders().filter(
        status__in=(S.ISSUED, S.APPOINTED, S.IN_PROGRESS), due_at__lt=now + dt.timedelta(hours=within_hours)
    )
    return where_given(qs, contractor_id=contractor or None).order_by("due_at", "id")


def approvals() -> tuple[QuerySet[RepairOrder], QuerySet[Variation]]:
    orders = (
        _orders().select_related("raised_by").filter(status=S.AWAITING_APPROVAL).order_by("raised_at", "id")
    )
    variations = (
        Variation.objects.filter(status=Variation.Status.PENDING)
        .select_related("order", "order__contractor", "requested_by")
        .order_by("requested_at", "id")
    )
    return orders, variations


def inspections(*, outcome: str = "", contractor: int | None = None) -> QuerySet[PostInspection]:
    qs = PostInspection.objects.select_related("order", "order__contractor", "order__property", "inspector")
    if outcome == "pending":
        qs = qs.filter(outcome=PostInspection.Outcome.PENDING)
    elif outcome == "failed":
        qs = qs.filter(outcome__startswith="fail")
    elif outcome:
        qs = qs.filter(outcome=outcome)
    return where_given(qs, order__contractor_id=contractor or None).order_by("outcome", "-selected_at", "-id")


def contractors() -> QuerySet[Contractor]:
    return Contractor.objects.annotate(
        open_orders=Count("orders", filter=Q(orders__status__in=OPEN)),
    ).order_by("name", "id")


def contractor_detail(pk: int) -> Contractor:
    return Contractor.objects.prefetch_related(
        "contacts", Prefetch("contracts", queryset=Contract.objects.annotate(rate_count=Count("rates")))
    ).get(pk=pk)


def contracts_in_force(on: dt.date | None = None) -> QuerySet[Contract]:
    day = on or timezone.localdate()
    return (
        Contract.objects.select_related("contractor")
        .filter(periods.started_by(day), periods.live_on(day), contractor__active=True)
        .order_by("contractor__name", "name")
    )


def rate_lines(contract_id: int, *, q: str = "", trade: str = "") -> QuerySet[RateLine]:
    qs = RateLine.objects.filter(contract_id=contract_id)
    if q:
        qs = qs.filter(Q(code__startswith=q.strip()) | Q(description__icontains=q.strip()))
    qs = where_given(qs, trade=trade)
    return qs.order_by("code")


def find_properties(q: str) -> list[Property]:
    """A call taker's search: a property reference exactly, or a postcode's start."""
    q = q.strip()
    if not q:
        return []
    compact = q.replace(" ", "").upper()
    qs = Property.objects.select_related("estate", "block").filter(
        Q(reference__iexact=q) | Q(postcode__istartswith=q) | Q(postcode__istartswith=compact)
    )
    return list(qs.order_by("postcode", "address_line_1", "id")[:50])


@dataclass
class CallFacts:
    """What the officer must see before issuing an order to a home."""

    property: Property
    tenants: list[Any] = field(default_factory=list)
    alerts: dict[int, list[Any]] | None = None  # person id -> live alerts; None when not permitted
    asbestos: list[str] = field(default_factory=list)
    fire_safety: list[str] = field(default_factory=list)
    secure_tenancy: bool = False
    open_orders: list[RepairOrder] = field(default_factory=list)
    hazard_cases: list[HazardCase] = field(default_factory=list)


def call_facts(property_id: int, user: Any) -> CallFacts:
    prop = Property.objects.select_related("estate", "block").get(pk=property_id)
    facts = CallFacts(property=prop)
    live = [t for t in tenancy_selectors.tenancies_of_property(prop.pk) if tenancy_selectors.is_live(t)]
    facts.secure_tenancy = any(t.kind == "secure" for t in live)
    for tenancy in live:
        facts.tenants += [p.person for p in tenancy.parties.all()]
    visible: dict[int, list[Any]] = {}
    for person in facts.tenants:
        alerts = people_selectors.visible_alerts(person, user)
        if alerts is None:
            break
        visible[person.pk] = alerts
    else:
        facts.alerts = visible
    if prop.asbestos_present:
        facts.asbestos.append("Asbestos is recorded in this home.")
    block = prop.block
    if block is not None and block.asbestos_present:
        facts.asbestos.append(f"Asbestos is recorded in {block.name}.")
    if block is not None:
        if block.fire_risk_assessed_on:
            facts.fire_safety.append(
                f"{block.name}: fire risk assessment {block.fire_risk_assessed_on:%-d %B %Y}."
            )
        else:
            facts.fire_safety.append(f"{block.name}: no fire risk assessment is recorded.")
        if block.storeys >= 7:
            facts.fire_safety.append(f"{block.name} has {block.storeys} storeys (a higher-risk building).")
    if prop.fire_risk_assessed_on:
        facts.fire_safety.append(f"Fire risk assessment of the home: {prop.fire_risk_assessed_on:%-d %B %Y}.")
    facts.open_orders = list(order_list(status="open", property_id=prop.pk)[:20])
    facts.hazard_cases = list(HazardCase.objects.filter(property=prop, closed=False))
    return facts


def hazard_list(*, open_only: bool = True) -> QuerySet[HazardCase]:
    qs = HazardCase.objects.select_related("property")
    if open_only:
        qs = qs.filter(closed=False)
    return qs.order_by("-aware_at", "-id")


# --- performance ---------------------------------------------------------------------------------


class Share:
    """One count as a share of another, as the officer reads it: 12.5%, or – when there is nothing to count."""

    def __init__(self, part: str, whole: str) -> None:
        self.part, self.whole = part, whole

    def __get__(self, record: Any, owner: Any = None) -> str:
        part, whole = getattr(record, self.part), getattr(record, self.whole)
        return f"{part * 100 / whole:.1f}%" if whole else "–"


@dataclass
class Performance:
    contractor_id: int
    contractor: str
    raised: int = 0
    completed: int = 0
    emergency_completed: int = 0
    emergency_in_target: int = 0
    non_emergency_completed: int = 0
    non_emergency_in_target: int = 0
    overdue: int = 0
    first_time_fixes: int = 0
    appointments_kept: int = 0
    appointments_due: int = 0
    varied: int = 0
    average_cost: Decimal | None = None
    failed_inspections: int = 0

    emergency_pct = Share("emergency_in_target", "emergency_completed")
    non_emergency_pct = Share("non_emergency_in_target", "non_emergency_completed")
    first_time_fix_pct = Share("first_time_fixes", "completed")
    appointments_kept_pct = Share("appointments_kept", "appointments_due")
    variation_pct = Share("varied", "raised")


def month_bounds(month: dt.date, months: int = 1) -> tuple[dt.datetime, dt.datetime]:
    """From the start of `month` to the start of the month `months` later (local midnights)."""
    first = month.replace(day=1)
    index = first.year * 12 + first.month - 1 + months
    nxt = dt.date(index // 12, index % 12 + 1, 1)
    return start_of_day(first), start_of_day(nxt)


def performance(
    month: dt.date, *, months: int = 1, contractor: int | None = None, now: dt.datetime | None = None
) -> list[Performance]:
    """Each contractor's month (or `months` months from it: a quarter for the contractor meeting), as the
    Tenant Satisfaction Measure RP02 counts it: repairs completed in the period, and of those the ones
    completed within target, emergency and non-emergency apart.
    Set-based: one aggregate query per measure group, whatever the number of orders."""
    start, end = month_bounds(month, months)
    now = now or timezone.now()
    cutoff = min(now, end)
    base = RepairOrder.objects.all()
    if contractor:
        base = base.filter(contractor_id=contractor)
    rows: dict[int, Performance] = {
        c.pk: Performance(c.pk, c.name)
        for c in (Contractor.objects.filter(pk=contractor) if contractor else Contractor.objects.all())
    }
    raised = (
        base.filter(raised_at__gte=start, raised_at__lt=end)
        .values("contractor_id")
        .annotate(
            n=Count("id"),
            varied=Count(
                "id",
                filter=Exists(
                    Variation.objects.filter(order_id=OuterRef("pk"), status=Variation.Status.APPROVED)
                ),
            ),
        )
    )
    for r in raised:
        p = rows[r["contractor_id"]]
        p.raised, p.varied = r["n"], r["varied"]
    emergency = Q(priority__in=domain.EMERGENCY)
    in_target = Q(completed_at__lte=_due_ref())
    completed = (
        base.filter(status=S.COMPLETED, completed_at__gte=start, completed_at__lt=end)
        .values("contractor_id")
        .annotate(
            n=Count("id"),
            em=Count("id", filter=emergency),
            em_ok=Count("id", filter=emergency & in_target),
            ne=Count("id", filter=~emergency),
            ne_ok=Count("id", filter=~emergency & in_target),
            ftf=Count("id", filter=Q(first_time_fix=True)),
            avg=Avg("total"),
            failed=Count("id", filter=Q(post_inspection__outcome__startswith="fail")),
        )
    )
    for r in completed:
        p = rows[r["contractor_id"]]
        p.completed, p.emergency_completed, p.emergency_in_target = r["n"], r["em"], r["em_ok"]
        p.non_emergency_completed, p.non_emergency_in_target = r["ne"], r["ne_ok"]
        p.first_time_fixes, p.failed_inspections = r["ftf"], r["failed"]
        p.average_cost = Decimal(r["avg"]).quantize(Decimal("0.01")) if r["avg"] is not None else None
    late = (
        base.filter(due_at__gte=start, due_at__lt=cutoff)
        .filter(Q(status__in=(S.ISSUED, S.APPOINTED, S.IN_PROGRESS)) | Q(completed_at__gt=_due_ref()))
        .values("contractor_id")
        .annotate(n=Count("id"))
    )
    for r in late:
        rows[r["contractor_id"]].overdue = r["n"]
    appts = Appointment.objects.filter(
        date__gte=start.date(),
        date__lt=end.date(),
        outcome__in=(Appointment.Outcome.KEPT, Appointment.Outcome.MISSED),
    )
    if contractor:
        appts = appts.filter(order__contractor_id=contractor)
    for r in appts.values("order__contractor_id").annotate(
        n=Count("id"), kept=Count("id", filter=Q(outcome=Appointment.Outcome.KEPT))
    ):
        p = rows[r["order__contractor_id"]]
        p.appointments_due, p.appointments_kept = r["n"], r["kept"]
    return sorted(
        (p for p in rows.values() if p.raised or p.completed or p.overdue or p.appointments_due),
        key=lambda p: p.contractor,
    )


def _due_ref() -> Any:
    from django.db.models import F

    return F("due_at")


def order_totals_by_status() -> dict[str, int]:
    return dict(RepairOrder.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n"))


def order_value(order: RepairOrder) -> Decimal:
    return order.lines.filter(Q(variation__isnull=True) | Q(variation__status="approved")).aggregate(
        t=Sum("total")
    )["t"] or Decimal("0.00")


def incidents(*, open_only: bool = False) -> QuerySet[IncidentReport]:
    qs = IncidentReport.objects.select_related("property", "order", "logged_by")
    if open_only:
        qs = qs.filter(order__isnull=True)
    return qs.order_by("-received_at", "-id")


def extension_requests() -> QuerySet[TargetChange]:
    return (
        TargetChange.objects.filter(status=TargetChange.Status.REQUESTED)
        .select_related("order", "order__contractor", "requested_by")
        .order_by("at", "id")
    )
