"""Taking a repair call and raising an order (priced and targeted before it is raised)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from hearth.core import periods
from hearth.core.permissions import capability_required
from hearth.people.models import Person
from hearth.properties.models import Property
from hearth.repairs import domain, selectors, services
from hearth.repairs import forms as f
from hearth.repairs.models import Contract, HazardCase, IncidentReport, RateLine, RepairOrder
from hearth.repairs.views.common import S, post_data, record_in_query
from hearth.web.forms import apply_service_errors

AGREEMENT = "tenancy_parties__tenancy__"  # a person's agreements, through their parties


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
        value = domain.parse_quantity(qty)
        problem = domain.quantity_problem(value) if value is not None else ""
        if value is None:
            form.add_error(f"qty_{i}", f"Enter the quantity for line {i + 1} as a number, like 1 or 2.5.")
        elif problem:
            form.add_error(f"qty_{i}", f"The quantity for line {i + 1} {problem}.")
        elif rate is not None:
            out.append(services.LineRequest(rate, value))
    if not raw:
        form.add_error("code_0", "Choose at least one schedule of rates line and its quantity.")
    return out


@capability_required("repairs.raise")
def order_new(request: HttpRequest) -> HttpResponse:
    prop = record_in_query(request, Property, "property")
    follow_on = record_in_query(request, RepairOrder, "follow_on")
    if follow_on is not None and prop is None and follow_on.property_id:
        prop = follow_on.property
    incident = record_in_query(request, IncidentReport.objects.filter(order__isnull=True), "incident")
    if incident is not None and prop is None and incident.property_id:
        prop = incident.property
    hazard = record_in_query(request, HazardCase, "hazard")
    if hazard is not None and prop is None:
        prop = hazard.property
    today = timezone.localdate()
    people = (
        Person.objects.filter(
            periods.started_by(today, through=AGREEMENT), tenancy_parties__tenancy__property=prop
        )
        .filter(periods.live_on(today, through=AGREEMENT))
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
        post_data(request), initial=initial, contracts=selectors.contracts_in_force(), people=people
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
                return redirect(order)
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
