"""Officer pages for repairs: take a call, raise and manage orders, approvals, overdue chasing,
post-inspections, contractors and schedules of rates, performance, Awaab's Law hazard cases.
Thin: forms parse, services decide, selectors read."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from hearth.core import files
from hearth.core.calendar import to_local
from hearth.core.permissions import capability_required, has_capability, require
from hearth.people.models import Person
from hearth.properties.models import Property
from hearth.repairs import documents, domain, imports, selectors, services
from hearth.repairs import forms as f
from hearth.repairs.models import (
    Contract,
    Contractor,
    HazardCase,
    IncidentReport,
    PostInspection,
    RateLine,
    RepairOrder,
    TargetChange,
    Variation,
)
from hearth.web.actions import action_page, refusal_page
from hearth.web.export import export_response
from hearth.web.forms import UploadForm, apply_service_errors
from hearth.web.pages import files_context, history_context, list_page, paginate

S = RepairOrder.Status


def _data(request: HttpRequest) -> Any:
    """The posted data, even when empty (a confirmation button posts nothing but the CSRF token)."""
    return request.POST if request.method == "POST" else None


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _order_tabs(order: RepairOrder, current: str, request: HttpRequest) -> list[dict[str, Any]]:
    base = f"/repairs/orders/{order.pk}/"
    tabs: list[dict[str, Any]] = [{"key": "details", "label": "Details", "url": base}]
    if has_capability(request.user, "audit.view"):
        tabs.append({"key": "history", "label": "History", "url": base + "history/"})
    tabs.append({"key": "files", "label": "Files", "url": base + "files/"})
    for tab in tabs:
        tab["current"] = tab["key"] == current
    return tabs


# --- index and order list ---------------------------------------------------------------------


def _order_columns() -> list[Any]:
    return [
        ("Reference", lambda o: o.reference),
        ("Location", lambda o: o.location),
        ("Contractor", lambda o: o.contractor.name),
        ("Priority", lambda o: o.priority),
        ("Status", lambda o: o.get_status_display()),
        ("Raised", lambda o: to_local(o.raised_at).strftime("%Y-%m-%d %H:%M")),
        ("Target", lambda o: to_local(o.due_at).strftime("%Y-%m-%d %H:%M")),
        ("Total", lambda o: o.total),
    ]


@capability_required("repairs.view")
def index(request: HttpRequest) -> HttpResponseBase:
    g = request.GET
    filters: dict[str, Any] = {
        "status": g.get("status", "") if g.get("status") in [*S.values, "open"] else "",
        "contractor": _int(g.get("contractor")),
        "priority": g.get("priority", "") if g.get("priority") in domain.PRIORITIES else "",
        "q": g.get("q", "").strip()[:40],
    }
    orders, variations = selectors.approvals()
    return list_page(
        request,
        template="repairs/index.html",
        qs=selectors.order_list(**filters),
        export_name="repair-orders",
        columns=_order_columns(),
        context={
            "filters": filters,
            "statuses": S.choices,
            "priorities": domain.PRIORITIES,
            "contractors": Contractor.objects.order_by("name"),
            "page_title": "Repairs",
            "waiting": orders.count() + variations.count(),
            "overdue_count": selectors.overdue().count(),
        },
    )


# --- taking a call and raising an order --------------------------------------------------------


@capability_required("repairs.raise")
def take_call(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:40]
    found = selectors.find_properties(q) if q else []
    return render(
        request,
        "repairs/call.html",
        {"q": q, "found": found, "searched": bool(q), "page_title": "Take a repair call"},
    )


def _resolve_lines(form: f.OrderForm, contract: Contract | None) -> list[services.LineRequest]:
    raw = form.raw_lines()
    rates: dict[str, RateLine] = {}
    if contract is not None:
        rates = {
            r.code: r for r in RateLine.objects.filter(contract=contract, code__in=[c for _, c, _ in raw])
        }
    out = []
    for i, code, qty in raw:
        rate = rates.get(code)
        if not code:
            form.add_error(f"code_{i}", f"Enter the schedule code for line {i + 1}.")
        elif contract is not None and rate is None:
            form.add_error(f"code_{i}", f"There is no code {code} in the contract {contract.reference}.")
        value = f.quantity(qty)
        if value is None:
            form.add_error(f"qty_{i}", f"Enter the quantity for line {i + 1} as a number, like 1 or 2.5.")
        elif value <= 0:
            form.add_error(f"qty_{i}", f"The quantity for line {i + 1} must be more than 0.")
        if rate is not None and value is not None and value > 0:
            out.append(services.LineRequest(rate, value))
    if not raw:
        form.add_error("code_0", "Choose at least one schedule of rates line and its quantity.")
    return out


@capability_required("repairs.raise")
def order_new(request: HttpRequest) -> HttpResponse:
    prop = (
        get_object_or_404(Property, pk=_int(request.GET.get("property")))
        if request.GET.get("property")
        else None
    )
    follow_on = (
        get_object_or_404(RepairOrder, pk=_int(request.GET.get("follow_on")))
        if request.GET.get("follow_on")
        else None
    )
    if follow_on is not None and prop is None and follow_on.property_id:
        prop = follow_on.property
    incident = (
        get_object_or_404(IncidentReport, pk=_int(request.GET.get("incident")), order__isnull=True)
        if request.GET.get("incident")
        else None
    )
    if incident is not None and prop is None and incident.property_id:
        prop = incident.property
    hazard = (
        get_object_or_404(HazardCase, pk=_int(request.GET.get("hazard")))
        if request.GET.get("hazard")
        else None
    )
    if hazard is not None and prop is None:
        prop = hazard.property
    today = timezone.localdate()
    people = (
        Person.objects.filter(
            tenancy_parties__tenancy__property=prop, tenancy_parties__tenancy__start_date__lte=today
        )
        .filter(
            Q(tenancy_parties__tenancy__end_date__isnull=True)
            | Q(tenancy_parties__tenancy__end_date__gte=today)
        )
        .distinct()
        .order_by("last_name", "first_name")
        if prop
        else Person.objects.none()
    )
    initial: dict[str, Any] = {"channel": "phone", "service_type": "repair"}
    if follow_on is not None:
        initial.update(
            contract=follow_on.contract_id,
            block=follow_on.block_id,
            estate=follow_on.estate_id,
            description=f"Follow-on to {follow_on.reference}: ",
        )
    if request.GET.get("service") in RepairOrder.ServiceType.values:
        initial["service_type"] = request.GET["service"]
        if request.GET["service"] == RepairOrder.ServiceType.PRE_INSPECTION:
            initial["description"] = "Pre-inspection: " + (follow_on.description if follow_on else "")
    if incident is not None:
        initial.update(channel="emergency_control", description=incident.description)
    if hazard is not None:
        initial.update(channel="inspection", description=f"{hazard.hazard} ({hazard.reference}): ")
    form = f.OrderForm(
        _data(request), initial=initial, contracts=selectors.contracts_in_force(), people=people
    )
    preview: dict[str, Any] | None = None
    if request.method == "POST":
        valid = form.is_valid()
        data = getattr(form, "cleaned_data", {})
        contract = data.get("contract")
        lines = _resolve_lines(form, contract)
        suggested = domain.suggest_priority(data.get("rtr_defect") or "")
        priority = data.get("priority") or suggested
        payload = {
            "property": prop,
            "block": None if prop else data.get("block"),
            "estate": None if prop else data.get("estate"),
            "description": data.get("description", ""),
            "priority": priority,
            "contract": contract,
            "lines": lines,
            "rtr_defect": data.get("rtr_defect", ""),
        }
        if not payload["property"] and not payload["block"] and not payload["estate"]:
            form.add_error(
                "block", "Choose the block or estate for a communal repair, or search for the home."
            )
        try:
            services.validate_order({k: v for k, v in payload.items() if k not in ("property", "lines")})
        except ValidationError as exc:
            apply_service_errors(form, exc)
        if contract is not None and lines:
            priced = services.price_lines(contract, lines)
            preview = {
                "lines": priced,
                "total": sum((t for _, _, t in priced), Decimal("0.00")),
                "suggested": suggested,
                "priority": priority,
                "target": services.target_for(priority, timezone.now()),
                "raise_limit": services.limits_for(request.user)[0],
            }
        if valid and not form.errors and request.POST.get("action") == "raise":
            try:
                with transaction.atomic():
                    order = services.raise_order(
                        actor=request.user,
                        reported_by=data.get("reported_by"),
                        channel=data["channel"],
                        service_type=data["service_type"],
                        follow_on_of=follow_on,
                        **payload,
                    )
                    if incident is not None:
                        services.link_incident_order(actor=request.user, report=incident, order=order)
                    if hazard is not None:
                        services.link_hazard_order(actor=request.user, case=hazard, order=order)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                state = (
                    "is waiting for approval" if order.status == S.AWAITING_APPROVAL else "has been issued"
                )
                messages.success(request, f"Order {order.reference} {state}.")
                return redirect(f"/repairs/orders/{order.pk}/")
    facts = selectors.call_facts(prop.pk, request.user) if prop else None
    return render(
        request,
        "repairs/order_new.html",
        {
            "form": form,
            "prop": prop,
            "facts": facts,
            "preview": preview,
            "follow_on": follow_on,
            "incident": incident,
            "hazard": hazard,
            "page_title": "Raise a repair order",
        },
        status=400 if form.errors else 200,
    )


# --- the order page and its actions ------------------------------------------------------------


def _order(pk: int) -> RepairOrder:
    try:
        return selectors.order_detail(pk)
    except RepairOrder.DoesNotExist:
        from django.http import Http404

        raise Http404("No such order") from None


@capability_required("repairs.view")
def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    order = _order(pk)
    lines = list(order.lines.all())
    original = [line for line in lines if line.variation_id is None]
    facts = selectors.call_facts(order.property_id, request.user) if order.property_id else None
    days_late = 0
    if order.right_to_repair and order.rtr_period_days and order.status != S.CANCELLED:
        done = to_local(order.completed_at).date() if order.completed_at else timezone.localdate()
        days_late = domain.rtr_days_late(to_local(order.raised_at).date(), order.rtr_period_days, done)
    return render(
        request,
        "repairs/order.html",
        {
            "rtr_days_late": days_late,
            "rtr_compensation": domain.rtr_compensation(days_late) if days_late else None,
            "order": order,
            "original_lines": original,
            "variations": list(order.variations.all()),
            "variation_lines": [line for line in lines if line.variation_id is not None],
            "appointments": list(order.appointments.all()),
            "notes": list(order.notes.all()),
            "target_changes": list(order.target_changes.all()),
            "facts": facts,
            "clock": order.clock,
            "completion": getattr(order, "completion", None),
            "inspection": getattr(order, "post_inspection", None),
            "record_title": f"Repair order {order.reference}",
            "record_caption": order.location,
            "tabs": _order_tabs(order, "details", request),
            "page_title": f"Repair order {order.reference}",
            "can_raise": has_capability(request.user, "repairs.raise"),
            "can_approve": has_capability(request.user, "repairs.approve"),
            "working": order.status in (S.ISSUED, S.APPOINTED, S.IN_PROGRESS),
            "overdue": order.is_open and order.due_at < timezone.now(),
        },
    )


@capability_required("audit.view")
def order_history(request: HttpRequest, pk: int) -> HttpResponse:
    order = get_object_or_404(RepairOrder, pk=pk)
    return render(
        request,
        "web/history.html",
        {
            **history_context(order, request),
            "record_title": f"Repair order {order.reference}",
            "record_caption": "History",
            "tabs": _order_tabs(order, "history", request),
            "page_title": f"History of {order.reference}",
        },
    )


@capability_required("repairs.view")
def order_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    order = get_object_or_404(RepairOrder, pk=pk)
    files.require_view(request.user, order)
    response = HttpResponse(documents.order_pdf(order.pk), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{order.reference}.pdf"'
    return response


def _back(order: RepairOrder) -> str:
    return f"/repairs/orders/{order.pk}/"


@capability_required("repairs.approve")
def order_approve(request: HttpRequest, pk: int) -> HttpResponse:
    order = get_object_or_404(RepairOrder, pk=pk)
    return action_page(
        request,
        form=forms.Form(_data(request)),
        title="Approve the order",
        caption=order.reference,
        back=_back(order),
        button="Approve and issue",
        intro=f"£{order.total} for {order.location}. It is issued to {order.contractor.name} at once.",
        run=lambda d: services.approve_order(actor=request.user, order=order),
        done=f"Order {order.reference} approved and issued.",
    )


@capability_required("repairs.raise")
def order_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    order = get_object_or_404(RepairOrder, pk=pk)
    return action_page(
        request,
        form=f.ReasonForm(_data(request)),
        title="Cancel the order",
        caption=order.reference,
        back=_back(order),
        button="Cancel the order",
        run=lambda d: services.cancel_order(actor=request.user, order=order, reason=d["reason"]),
        done=f"Order {order.reference} cancelled.",
    )


@capability_required("repairs.raise")
def order_appoint(request: HttpRequest, pk: int) -> HttpResponse:
    order = get_object_or_404(RepairOrder, pk=pk)
    return action_page(
        request,
        form=f.AppointmentForm(_data(request)),
        title="Book an appointment",
        caption=order.reference,
        back=_back(order),
        button="Book",
        intro=f"The target is {to_local(order.due_at):%-d %B %Y at %H:%M}.",
        run=lambda d: services.book_appointment(
            actor=request.user, order=order, date=d["date"], slot=d["slot"], later_reason=d["later_reason"]
        ),
        check=lambda d: services.validate_appointment(order, d),
        done="Appointment booked.",
    )


@capability_required("repairs.raise")
def order_start(request: HttpRequest, pk: int) -> HttpResponse:
    order = get_object_or_404(RepairOrder, pk=pk)
    return action_page(
        request,
        form=forms.Form(_data(request)),
        title="Record that work has started",
        caption=order.reference,
        back=_back(order),
        button="Work has started",
        run=lambda d: services.start_work(actor=request.user, order=order),
        done="Work started.",
    )


@capability_required("repairs.raise")
def order_note(request: HttpRequest, pk: int) -> HttpResponse:
    order = get_object_or_404(RepairOrder, pk=pk)
    return action_page(
        request,
        form=f.NoteForm(_data(request)),
        title="Add a job note",
        caption=order.reference,
        back=_back(order),
        button="Add note",
        run=lambda d: services.add_note(actor=request.user, order=order, text=d["text"]),
        done="Note added.",
    )


@capability_required("repairs.raise")
def order_vary(request: HttpRequest, pk: int) -> HttpResponse:
    order = get_object_or_404(RepairOrder.objects.select_related("contract"), pk=pk)

    def run(d: dict[str, Any]) -> None:
        errors: dict[str, list[str]] = {}
        rate = RateLine.objects.filter(contract=order.contract, code=(d["code"] or "").strip()).first()
        if rate is None:
            errors["code"] = [
                f"There is no code {d['code'] or '(blank)'} in the contract {order.contract.reference}."
            ]
        qty = f.quantity(d["quantity"] or "")
        if qty is None:
            errors["quantity"] = ["Enter the quantity as a number, like 1 or 2.5."]
        if errors:
            if not d["reason"].strip():
                errors["reason"] = ["Enter the reason for the variation."]
            raise ValidationError(errors)
        assert rate is not None and qty is not None  # noqa: S101 - checked just above
        variation = services.vary_order(
            actor=request.user, order=order, lines=[services.LineRequest(rate, qty)], reason=d["reason"]
        )
        if variation.status == Variation.Status.PENDING:
            messages.info(
                request,
                f"The increase of £{variation.increase} is over your vary limit: it is waiting for approval.",
            )

    return action_page(
        request,
        form=f.VariationForm(_data(request)),
        title="Vary the order",
        caption=order.reference,
        back=_back(order),
        button="Add to the order",
        intro="The original lines are kept; the variation adds to them.",
        run=run,
        done="Variation recorded.",
    )


@capability_required("repairs.raise")
def order_complete(request: HttpRequest, pk: int) -> HttpResponse:
    order = get_object_or_404(RepairOrder, pk=pk)
    return action_page(
        request,
        form=f.CompletionForm(_data(request)),
        title="Record completion",
        caption=order.reference,
        back=_back(order),
        button="Complete the order",
        run=lambda d: services.complete_order(
            actor=request.user,
            order=order,
            completed_at=f.combine(d["completed_on"], d["completed_time"]),
            first_time_fix=d["first_time_fix"],
            notes=d["notes"],
        ),
        done=f"Order {order.reference} completed.",
    )


@capability_required("repairs.raise")
def order_chase(request: HttpRequest, pk: int) -> HttpResponse:
    order = get_object_or_404(
        RepairOrder.objects.select_related("contractor", "property", "block", "estate"), pk=pk
    )
    back = "/repairs/overdue/" if request.POST.get("next") == "/repairs/overdue/" else _back(order)
    return action_page(
        request,
        form=f.NoteForm(_data(request)),
        title="Chase the contractor",
        caption=order.reference,
        back=back,
        button="Send chase",
        intro=f"An email goes to {order.contractor.email or order.contractor.name}; the chase is logged.",
        run=lambda d: services.chase_order(actor=request.user, order=order, message=d["text"]),
        done=f"{order.contractor.name} chased about {order.reference}.",
    )


@capability_required("repairs.approve")
def order_target(request: HttpRequest, pk: int) -> HttpResponse:
    order = get_object_or_404(RepairOrder, pk=pk)
    return action_page(
        request,
        form=f.TargetForm(_data(request)),
        title="Change the target",
        caption=order.reference,
        back=_back(order),
        button="Change the target",
        intro=f"The target is {to_local(order.due_at):%-d %B %Y at %H:%M}.",
        run=lambda d: services.change_target(
            actor=request.user,
            order=order,
            new_due_at=f.combine(d["new_due"], d["new_time"]),
            reason=d["reason"],
        ),
        done="Target changed.",
    )


@capability_required("repairs.raise")
def order_recharge(request: HttpRequest, pk: int) -> HttpResponse:
    order = get_object_or_404(RepairOrder, pk=pk)
    live, last_ended = services.recharge_agreements(order)
    choices = []
    if last_ended is not None:  # the tenant may have left: the officer says whom to recharge
        if live is not None:
            choices.append(("current", f"The current tenant (agreement {live.reference})"))
        choices.append(
            (
                "former",
                f"The former tenant (agreement {last_ended.reference}, "
                f"ended {last_ended.end_date:%-d %B %Y})",
            )
        )
    return action_page(
        request,
        form=f.RechargeForm(_data(request), choices=choices),
        title="Recharge the tenant",
        caption=order.reference,
        back=_back(order),
        button="Mark rechargeable",
        run=lambda d: services.mark_rechargeable(
            actor=request.user,
            order=order,
            amount=d["recharge_amount"],
            evidence=d["recharge_evidence"],
            former=d.get("recharge_to") == "former",
        ),
        done="Order marked rechargeable.",
    )


@capability_required("repairs.raise")
def order_inspect(request: HttpRequest, pk: int) -> HttpResponse:
    order = get_object_or_404(RepairOrder, pk=pk)

    def run(d: dict[str, Any]) -> None:
        if d.get("outcome"):
            if order.status != S.COMPLETED:
                raise ValidationError({"outcome": ["Only a completed order can be post-inspected."]})
            services.validate_inspection({k: d[k] for k in ("method", "inspected_on", "outcome", "notes")})
        with transaction.atomic():
            inspection = services.request_post_inspection(actor=request.user, order=order)
            if d.get("outcome"):
                services.record_post_inspection(
                    actor=request.user,
                    inspection=inspection,
                    method=d["method"],
                    inspected_on=d["inspected_on"],
                    outcome=d["outcome"],
                    notes=d["notes"],
                )

    return action_page(
        request,
        form=f.InspectionForm(_data(request)),
        title="Post-inspection",
        caption=order.reference,
        back=_back(order),
        button="Save",
        intro="Leave the outcome blank to select the order for inspection later.",
        run=run,
        done="Post-inspection saved.",
    )


# --- queues -------------------------------------------------------------------------------------


@capability_required("repairs.approve")
def approvals(request: HttpRequest) -> HttpResponse:
    orders, variations = selectors.approvals()
    return render(
        request,
        "repairs/approvals.html",
        {
            "orders": list(orders),
            "variations": list(variations),
            "extensions": list(selectors.extension_requests()),
            "page_title": "Approvals",
        },
    )


@capability_required("repairs.approve")
def extension_decide(request: HttpRequest, pk: int) -> HttpResponse:
    change = get_object_or_404(TargetChange.objects.select_related("order"), pk=pk)
    grant = request.POST.get("decision") == "grant"
    return action_page(
        request,
        form=forms.Form(_data(request)),
        title="Decide the extension",
        caption=change.order.reference,
        back="/repairs/approvals/",
        button="Grant" if grant else "Refuse",
        run=lambda d: services.decide_extension(actor=request.user, change=change, grant=grant),
        done=f"Extension {'granted' if grant else 'refused'}.",
    )


@capability_required("repairs.raise")
def order_extension(request: HttpRequest, pk: int) -> HttpResponse:
    order = get_object_or_404(RepairOrder, pk=pk)
    return action_page(
        request,
        form=f.TargetForm(_data(request)),
        title="Ask for more time",
        caption=order.reference,
        back=_back(order),
        button="Ask for the extension",
        intro=f"The target is {to_local(order.due_at):%-d %B %Y at %H:%M}. A senior officer decides.",
        run=lambda d: services.request_extension(
            actor=request.user,
            order=order,
            new_due_at=f.combine(d["new_due"], d["new_time"]),
            reason=d["reason"],
        ),
        done="Extension asked for.",
    )


@capability_required("repairs.approve")
def variation_decide(request: HttpRequest, pk: int) -> HttpResponse:
    variation = get_object_or_404(Variation.objects.select_related("order"), pk=pk)
    form = forms.Form(_data(request))
    approve = request.POST.get("decision") == "approve"
    return action_page(
        request,
        form=form,
        title="Decide the variation",
        caption=variation.order.reference,
        back="/repairs/approvals/",
        button="Approve" if approve else "Reject",
        run=lambda d: services.decide_variation(actor=request.user, variation=variation, approve=approve),
        done=f"Variation {'approved' if approve else 'rejected'}.",
    )


@capability_required("repairs.view")
def overdue(request: HttpRequest) -> HttpResponseBase:
    within = _int(request.GET.get("within")) or 0
    contractor = _int(request.GET.get("contractor"))
    return list_page(
        request,
        template="repairs/overdue.html",
        qs=selectors.overdue(within_hours=min(within, 24 * 14), contractor=contractor),
        export_name="overdue-repairs",
        columns=_order_columns(),
        context={
            "within": within,
            "contractor": contractor,
            "now": timezone.now(),
            "contractors": Contractor.objects.order_by("name"),
            "page_title": "Overdue repairs",
            "can_raise": has_capability(request.user, "repairs.raise"),
            "can_approve": has_capability(request.user, "repairs.approve"),
        },
    )


@capability_required("repairs.view")
def inspections(request: HttpRequest) -> HttpResponseBase:
    outcome = request.GET.get("outcome", "")
    outcome = outcome if outcome in ("pending", "failed", "pass") else ""
    contractor = _int(request.GET.get("contractor"))
    return list_page(
        request,
        template="repairs/inspections.html",
        qs=selectors.inspections(outcome=outcome, contractor=contractor),
        export_name="post-inspections",
        columns=[
            ("Order", lambda i: i.order.reference),
            ("Contractor", lambda i: i.order.contractor.name),
            ("Selected because", lambda i: i.get_reason_display()),
            ("Outcome", lambda i: i.get_outcome_display()),
            ("Inspected on", lambda i: i.inspected_on),
        ],
        context={
            "outcome": outcome,
            "contractor": contractor,
            "contractors": Contractor.objects.order_by("name"),
            "page_title": "Post-inspections",
            "last_month": (timezone.localdate().replace(day=1) - dt.timedelta(days=1)),
        },
    )


@capability_required("repairs.raise")
def inspection_sample(request: HttpRequest) -> HttpResponse:
    class MonthForm(forms.Form):
        month = forms.CharField(label="Month (YYYY-MM)", max_length=7)

        def clean_month(self) -> dt.date:
            try:
                return dt.datetime.strptime(self.cleaned_data["month"].strip(), "%Y-%m").date()
            except ValueError:
                raise ValidationError("Enter the month like 2025-06.") from None

    picked: list[int] = []
    return action_page(
        request,
        form=MonthForm(_data(request)),
        title="Pick the monthly sample",
        caption="Repairs",
        back="/repairs/inspections/?outcome=pending",
        button="Pick the sample",
        intro="Each contractor's sample of the month's completed orders; picking again adds nothing.",
        run=lambda d: picked.append(services.select_monthly_sample(actor=request.user, month=d["month"])),
        done="Sample picked.",
    )


@capability_required("repairs.raise")
def inspection_record(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_object_or_404(PostInspection.objects.select_related("order"), pk=pk)
    return action_page(
        request,
        form=f.InspectionForm(_data(request)),
        title="Record the post-inspection",
        caption=inspection.order.reference,
        back=_back(inspection.order),
        button="Save",
        run=lambda d: services.record_post_inspection(
            actor=request.user,
            inspection=inspection,
            method=d["method"],
            inspected_on=d["inspected_on"],
            outcome=d["outcome"],
            notes=d["notes"],
        ),
        check=services.validate_inspection,
        done="Post-inspection recorded.",
    )


# --- performance --------------------------------------------------------------------------------


def _month(value: str | None) -> dt.date:
    try:
        return dt.datetime.strptime((value or "").strip(), "%Y-%m").date()
    except ValueError:
        return timezone.localdate().replace(day=1)


PERFORMANCE_COLUMNS: list[Any] = [
    ("Contractor", lambda p: p.contractor),
    ("Raised", lambda p: p.raised),
    ("Completed", lambda p: p.completed),
    ("Emergency completed", lambda p: p.emergency_completed),
    ("Emergency within target", lambda p: p.emergency_in_target),
    ("Non-emergency completed", lambda p: p.non_emergency_completed),
    ("Non-emergency within target", lambda p: p.non_emergency_in_target),
    ("Overdue", lambda p: p.overdue),
    ("First-time fixes", lambda p: p.first_time_fixes),
    ("Appointments kept", lambda p: p.appointments_kept),
    ("Appointments due", lambda p: p.appointments_due),
    ("Orders varied", lambda p: p.varied),
    ("Average cost", lambda p: p.average_cost),
    ("Failed post-inspections", lambda p: p.failed_inspections),
]


@capability_required("repairs.view")
def performance(request: HttpRequest) -> HttpResponseBase:
    month = _month(request.GET.get("month"))
    months = _int(request.GET.get("months")) or 1
    months = months if months in (1, 3, 6, 12) else 1
    contractor = _int(request.GET.get("contractor"))
    rows = selectors.performance(month, months=months, contractor=contractor)
    if request.GET.get("export") in ("csv", "xlsx"):
        require(request.user, "export")
        name = f"repairs-performance-{month:%Y-%m}" + (f"-{months}-months" if months > 1 else "")
        return export_response(request.GET["export"], name, PERFORMANCE_COLUMNS, rows)
    top = max([p.completed for p in rows] + [p.raised for p in rows] + [1])
    chart = [
        {
            "p": p,
            "raised": round(p.raised * 300 / top),
            "completed": round(p.completed * 300 / top),
            "in_target": round((p.emergency_in_target + p.non_emergency_in_target) * 300 / top),
        }
        for p in rows
    ]
    return render(
        request,
        "repairs/performance.html",
        {
            "rows": rows,
            "chart": chart,
            "month": month,
            "months": months,
            "contractor": contractor,
            "last_month": selectors.month_bounds(month, months)[1] - dt.timedelta(days=1),
            "contractors": Contractor.objects.order_by("name"),
            "page_title": "Contractor performance",
            "query": f"month={month:%Y-%m}&months={months}"
            + (f"&contractor={contractor}" if contractor else ""),
            "can_export": has_capability(request.user, "export"),
        },
    )


# --- contractors, contracts, rates --------------------------------------------------------------


@capability_required("repairs.view")
def contractor_list(request: HttpRequest) -> HttpResponseBase:
    return list_page(
        request,
        template="repairs/contractors.html",
        qs=selectors.contractors(),
        export_name="contractors",
        columns=[
            ("Reference", lambda c: c.reference),
            ("Name", lambda c: c.name),
            ("Email", lambda c: c.email),
            ("Trades", lambda c: ", ".join(c.trades)),
            ("Areas", lambda c: ", ".join(c.areas)),
            ("Open orders", lambda c: c.open_orders),
        ],
        context={
            "page_title": "Contractors",
            "can_manage": has_capability(request.user, "contractors.manage"),
        },
    )


@capability_required("contractors.manage")
def contractor_new(request: HttpRequest) -> HttpResponse:
    created: list[Contractor] = []

    def run(d: dict[str, Any]) -> None:
        created.append(services.create_contractor(actor=request.user, **d))

    response = action_page(
        request,
        form=f.ContractorForm(_data(request)),
        title="Add a contractor",
        caption="Contractors",
        back="/repairs/contractors/",
        button="Add contractor",
        run=run,
        check=services.validate_contractor,
        done="Contractor added.",
    )
    if created:
        return redirect(f"/repairs/contractors/{created[0].pk}/")
    return response


@capability_required("repairs.view")
def contractor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        contractor = selectors.contractor_detail(pk)
    except Contractor.DoesNotExist:
        from django.http import Http404

        raise Http404("No such contractor") from None
    month = timezone.localdate().replace(day=1)
    return render(
        request,
        "repairs/contractor.html",
        {
            "contractor": contractor,
            "contracts": list(contractor.contracts.all()),
            "contacts": list(contractor.contacts.all()),
            "month": month,
            "performance": selectors.performance(month, contractor=contractor.pk),
            "page_title": contractor.name,
            "can_manage": has_capability(request.user, "contractors.manage"),
        },
    )


@capability_required("contractors.manage")
def contract_new(request: HttpRequest) -> HttpResponse:
    created: list[Contract] = []
    form = f.ContractForm(_data(request), initial={"contractor": _int(request.GET.get("contractor"))})

    def run(d: dict[str, Any]) -> None:
        created.append(services.create_contract(actor=request.user, **d))

    response = action_page(
        request,
        form=form,
        title="Add a contract",
        caption="Contractors",
        back="/repairs/contractors/",
        button="Add contract",
        run=run,
        check=services.validate_contract,
        done="Contract added.",
    )
    if created:
        return redirect(f"/repairs/contracts/{created[0].pk}/")
    return response


@capability_required("repairs.view")
def contract_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contract = get_object_or_404(Contract.objects.select_related("contractor"), pk=pk)
    q = request.GET.get("q", "").strip()[:60]
    form = f.RateImportForm()
    return render(
        request,
        "repairs/contract.html",
        {
            "contract": contract,
            "rates": paginate(request, selectors.rate_lines(contract.pk, q=q), per_page=50),
            "q": q,
            "import_form": form,
            "page_title": contract.name,
            "can_manage": has_capability(request.user, "contractors.manage"),
        },
    )


@capability_required("contractors.manage")
def contract_import(request: HttpRequest, pk: int) -> HttpResponse:
    contract = get_object_or_404(Contract, pk=pk)
    form = f.RateImportForm(_data(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = imports.read_rate_file(upload.name, upload)
            result = services.import_rates(actor=request.user, contract=contract, rows=rows)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request,
                f"Schedule imported: {result.created} added, {result.updated} changed, "
                f"{result.unchanged} unchanged.",
            )
            return redirect(f"/repairs/contracts/{contract.pk}/")
    return render(
        request,
        "web/action.html",
        {
            "form": form,
            "page_title": "Import a schedule of rates",
            "caption": contract.name,
            "back": f"/repairs/contracts/{contract.pk}/",
            "button": "Import",
            "multipart": True,
            "intro": "The whole file is checked first: if any row is wrong nothing is imported, and every wrong row "
            "is listed by its line number. Importing the same file again changes nothing.",
        },
        status=400 if form.errors else 200,
    )


@capability_required("contractors.manage")
def contract_uplift(request: HttpRequest, pk: int) -> HttpResponse:
    contract = get_object_or_404(Contract, pk=pk)
    return action_page(
        request,
        form=f.UpliftForm(_data(request), initial={"uplift_percent": contract.uplift_percent}),
        title="Change the price uplift",
        caption=contract.name,
        back=f"/repairs/contracts/{contract.pk}/",
        button="Save",
        run=lambda d: services.set_uplift(
            actor=request.user, contract=contract, uplift_percent=d["uplift_percent"], reason=d["reason"]
        ),
        done="Uplift changed.",
    )


# --- Awaab's Law hazard cases -------------------------------------------------------------------


@capability_required("repairs.view")
def hazard_list(request: HttpRequest) -> HttpResponseBase:
    return list_page(
        request,
        template="repairs/hazards.html",
        qs=selectors.hazard_list(open_only=request.GET.get("all") != "yes"),
        export_name="hazard-cases",
        columns=[
            ("Reference", lambda c: c.reference),
            ("Property", lambda c: c.property.address),
            ("Hazard", lambda c: c.hazard),
            ("Severity", lambda c: c.get_severity_display()),
            ("Aware", lambda c: to_local(c.aware_at).strftime("%Y-%m-%d %H:%M")),
        ],
        context={
            "page_title": "Hazard cases (Awaab's Law)",
            "can_raise": has_capability(request.user, "repairs.raise"),
        },
    )


@capability_required("repairs.raise")
def hazard_new(request: HttpRequest) -> HttpResponse:
    prop = (
        get_object_or_404(Property, pk=_int(request.GET.get("property")))
        if request.GET.get("property")
        else None
    )
    if prop is None:
        messages.info(request, "Find the home first, then open the hazard case from it.")
        return redirect("/repairs/call/")
    created: list[HazardCase] = []

    def run(d: dict[str, Any]) -> None:
        created.append(
            services.open_hazard_case(
                actor=request.user,
                property=prop,
                severity=d["severity"],
                aware_at=f.combine(d["aware_on"], d["aware_time"]),
                hazard=d["hazard"] or "",
                description=d["description"],
            )
        )

    response = action_page(
        request,
        form=f.HazardForm(_data(request), initial={"hazard": "Damp and mould"}),
        title="Open a hazard case",
        caption=prop.address,
        back=f"/repairs/call/?q={prop.reference}",
        button="Open the case",
        run=run,
        done="Hazard case opened; its clocks are running.",
    )
    if created:
        return redirect(f"/repairs/hazards/{created[0].pk}/")
    return response


@capability_required("repairs.view")
def hazard_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(HazardCase.objects.select_related("property", "order"), pk=pk)
    deadlines = {
        name.removesuffix("_by").replace("_", " ").capitalize(): when
        for name, when in services.hazard_deadlines(case).items()
    }
    return render(
        request,
        "repairs/hazard.html",
        {
            "case": case,
            "clocks": services.hazard_clocks(case),
            "deadlines": deadlines,
            "steps": [
                (key, label, getattr(case, field))
                for key, (field, _kind, label) in services.HAZARD_STEPS.items()
            ],
            "page_title": f"Hazard case {case.reference}",
            "can_record": has_capability(request.user, "repairs.raise") and not case.closed,
        },
    )


@capability_required("repairs.raise")
def hazard_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    case = get_object_or_404(HazardCase, pk=pk)
    back = f"/repairs/hazards/{case.pk}/"
    try:
        services.check_hazard_case_open(case)
    except ValidationError as exc:
        return refusal_page(
            request,
            title=f"Hazard case {case.reference}",
            caption=case.property.address,
            back=back,
            refusal=" ".join(exc.messages),
        )
    if step == "made_safe":
        return action_page(
            request,
            form=f.MadeSafeForm(_data(request)),
            title="Record the home made safe",
            caption=case.reference,
            back=back,
            button="Save",
            run=lambda d: services.record_made_safe(
                actor=request.user, case=case, at=f.combine(d["on"], d["at_time"])
            ),
            done="Recorded.",
        )
    if step == "accommodation":
        return action_page(
            request,
            form=f.AccommodationForm(_data(request)),
            title="Alternative accommodation",
            caption=case.reference,
            back=back,
            button="Save",
            run=lambda d: services.record_accommodation_offer(
                actor=request.user,
                case=case,
                offered_on=d["accommodation_offered_on"],
                details=d["accommodation_details"],
                answer=d["accommodation_answer"],
                answered_on=d["accommodation_answered_on"],
            ),
            done="Offer recorded.",
        )
    if step == "close":
        return action_page(
            request,
            form=f.ReasonForm(_data(request)),
            title="Close the case",
            caption=case.reference,
            back=back,
            button="Close the case",
            intro="A clock already overdue stops now as breached; other clocks still running "
            "are cancelled with this reason.",
            run=lambda d: services.close_hazard_case(actor=request.user, case=case, reason=d["reason"]),
            done="Case closed.",
        )
    if step not in services.HAZARD_STEPS:
        from django.http import Http404

        raise Http404("No such step")
    label = services.HAZARD_STEPS[step][2]
    return action_page(
        request,
        form=f.HazardStepForm(_data(request)),
        title=label,
        caption=case.reference,
        back=back,
        button="Save",
        run=lambda d: services.record_hazard_step(actor=request.user, case=case, step=step, on=d["on"]),
        done=f"{label}: recorded.",
    )


@capability_required("audit.view")
def hazard_history(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(HazardCase, pk=pk)
    return render(
        request,
        "web/history.html",
        {
            **history_context(case, request),
            "record_title": f"Hazard case {case.reference}",
            "record_caption": "History",
            "tabs": [
                {
                    "key": "details",
                    "label": "Details",
                    "url": f"/repairs/hazards/{case.pk}/",
                    "current": False,
                },
                {
                    "key": "history",
                    "label": "History",
                    "url": f"/repairs/hazards/{case.pk}/history/",
                    "current": True,
                },
            ],
            "page_title": f"History of {case.reference}",
        },
    )


# --- files, settings, limits, contacts and contractor users -------------------------------------


@capability_required("repairs.view")
def order_files(request: HttpRequest, pk: int) -> HttpResponse:
    """Photos (before and after) and documents on an order."""
    order = get_object_or_404(RepairOrder, pk=pk)
    files.require_view(request.user, order)
    form = UploadForm()
    if request.method == "POST":
        require(request.user, "files.attach")
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                files.attach(
                    actor=request.user,
                    record=order,
                    upload=form.cleaned_data["file"],
                    description=form.cleaned_data["description"],
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, "File attached.")
                return redirect(f"/repairs/orders/{order.pk}/files/")
    return render(
        request,
        "web/files.html",
        {
            **files_context(order, request.user),
            "form": form,
            "record_title": f"Repair order {order.reference}",
            "record_caption": "Photos and documents (describe photos as before or after the work)",
            "tabs": _order_tabs(order, "files", request),
            "page_title": f"Files of {order.reference}",
        },
        status=400 if form.errors else 200,
    )


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
    form = f.SettingsForm(_data(request), initial=initial)

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

    form = f.OfficerLimitForm(_data(request))
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


@capability_required("contractors.manage")
def contractor_contact(request: HttpRequest, pk: int) -> HttpResponse:
    contractor = get_object_or_404(Contractor, pk=pk)
    return action_page(
        request,
        form=f.ContactForm(_data(request)),
        title="Add a contact",
        caption=contractor.name,
        back=f"/repairs/contractors/{contractor.pk}/",
        button="Add contact",
        run=lambda d: services.add_contact(actor=request.user, contractor=contractor, **d),
        done="Contact added.",
    )


@capability_required("contractors.manage")
def contractor_user(request: HttpRequest, pk: int) -> HttpResponse:
    from django.contrib.auth import get_user_model

    contractor = get_object_or_404(Contractor, pk=pk)

    def run(d: dict[str, Any]) -> None:
        user = get_user_model().objects.filter(username=d["username"].strip()).first()
        if user is None:
            raise ValidationError({"username": ["There is no user with that username."]})
        if has_capability(user, "records.view"):
            raise ValidationError(
                {"username": ["This is a council officer: link only the contractor's own staff."]}
            )
        services.link_contractor_user(actor=request.user, user=user, contractor=contractor)

    return action_page(
        request,
        form=f.UserLinkForm(_data(request)),
        title="Link a contractor user",
        caption=contractor.name,
        back=f"/repairs/contractors/{contractor.pk}/",
        button="Link",
        intro="The user needs the Contractor role; their API token then sees only this contractor's orders.",
        run=run,
        done="User linked.",
    )


# --- emergency and incident reports -------------------------------------------------------------


@capability_required("repairs.view")
def incident_list(request: HttpRequest) -> HttpResponseBase:
    open_only = request.GET.get("open") == "yes"
    return list_page(
        request,
        template="repairs/incidents.html",
        qs=selectors.incidents(open_only=open_only),
        export_name="incident-reports",
        columns=[
            ("Reference", lambda r: r.reference),
            ("Received", lambda r: to_local(r.received_at).strftime("%Y-%m-%d %H:%M")),
            ("Where", lambda r: r.property.address if r.property else r.location),
            ("What", lambda r: r.description),
            ("Order", lambda r: r.order.reference if r.order else ""),
        ],
        context={"open_only": open_only, "page_title": "Emergency and incident reports"},
    )


@capability_required("repairs.raise")
def incident_new(request: HttpRequest) -> HttpResponse:
    prop = (
        get_object_or_404(Property, pk=_int(request.GET.get("property")))
        if request.GET.get("property")
        else None
    )
    now = timezone.localtime()
    form = f.IncidentForm(
        _data(request), initial={"received_on": now.date(), "received_time": f"{now:%H:%M}"}
    )

    def run(d: dict[str, Any]) -> None:
        services.log_incident(
            actor=request.user,
            received_at=f.combine(d["received_on"], d["received_time"]),
            property=prop,
            location=d["location"],
            description=d["description"],
            caller=d["caller"],
            caller_phone=d["caller_phone"],
            action_taken=d["action_taken"],
        )

    return action_page(
        request,
        form=form,
        title="Log an emergency or incident report",
        caption=prop.address if prop else "Out-of-hours emergency control",
        back="/repairs/incidents/",
        button="Log the report",
        run=run,
        done="Report logged.",
        check=lambda d: services.validate_incident({**d, "property": prop}),
    )
