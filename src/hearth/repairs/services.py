"""Writes for repairs and contractors: keyword-only, one transaction, permission checked, every
problem a sentence on its field, every change audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from hearth.core import audit, clocks, references
from hearth.core.calendar import end_of_day, load_calendar, local_date, start_of_day, to_local
from hearth.core.models import Clock
from hearth.core.money import to_money
from hearth.core.permissions import has_capability, require
from hearth.core.records import Errors, create_audited
from hearth.people.models import Person
from hearth.properties.models import Block, Estate, Property
from hearth.repairs import domain
from hearth.repairs.models import (
    Appointment,
    Completion,
    Contract,
    Contractor,
    ContractorContact,
    ContractorUser,
    HazardCase,
    IncidentReport,
    JobNote,
    OfficerLimit,
    OrderLine,
    PostInspection,
    RateLine,
    RepairOrder,
    RepairSettings,
    TargetChange,
    Variation,
)

S = RepairOrder.Status
ORDER_FIELDS = (
    "reference",
    "property",
    "block",
    "estate",
    "reported_by",
    "channel",
    "service_type",
    "description",
    "priority",
    "raised_at",
    "due_at",
    "status",
    "contractor",
    "contract",
    "total",
    "right_to_repair",
    "rtr_defect",
    "rtr_period_days",
    "follow_on_of",
)


def _given(value: Any) -> Any:
    """A value the validation above has already required."""
    if value is None:
        raise ValidationError("Something required is missing.")
    return value


def _fmt(when: dt.datetime) -> str:
    return f"{to_local(when):%-d %b %Y %H:%M}"


# --- policy -------------------------------------------------------------------------------------


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
        audit.record(
            actor=actor,
            obj=current,
            action="updated",
            summary="Repairs settings changed",
            changes=audit.diff(before, audit.snapshot(current, fields)),
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
        before = {} if created else audit.snapshot(limit, ["raise_limit", "vary_limit"])
        limit.raise_limit, limit.vary_limit = to_money(raise_limit), to_money(vary_limit)
        limit.save()
        audit.record(
            actor=actor,
            obj=limit,
            action="updated",
            summary=f"Repair limits for {user}: raise £{limit.raise_limit}, vary £{limit.vary_limit}",
            changes=audit.diff(before, audit.snapshot(limit, ["raise_limit", "vary_limit"])),
        )
    return limit


def target_for(priority: str, raised_at: dt.datetime) -> dt.datetime:
    """The target for an order: the landlord's priority policy and calendar (closure days)."""
    return domain.target_due(
        priority, raised_at, overrides=get_settings().priority_periods or None, calendar=load_calendar()
    )


# --- contractors, contracts, schedules of rates -------------------------------------------------


def _text_list(value: Any) -> list[str]:
    if isinstance(value, str):
        value = value.replace("\n", ",").split(",")
    return [str(v).strip() for v in (value or []) if str(v).strip()]


def validate_contractor(data: dict[str, Any]) -> dict[str, Any]:
    errors = Errors()
    name = str(data.get("name") or "").strip()
    if not name:
        errors.add("name", "Enter the contractor's name.")
    elif len(name) > 200:
        errors.add("name", "The name must be 200 characters or fewer.")
    errors.raise_if_any()
    return data


@transaction.atomic
def create_contractor(
    *,
    actor: Any,
    name: str,
    email: str = "",
    phone: str = "",
    address: str = "",
    trades: Any = (),
    areas: Any = (),
) -> Contractor:
    require(actor, "contractors.manage")
    validate_contractor({"name": name})
    contractor = Contractor(
        reference=references.next_reference("C", 5),
        name=name.strip(),
        email=email.strip(),
        phone=phone.strip(),
        address=address.strip(),
        trades=_text_list(trades),
        areas=_text_list(areas),
    )
    return create_audited(
        actor=actor,
        obj=contractor,
        fields=["reference", "name", "email", "phone", "address", "trades", "areas"],
        summary=f"Contractor {contractor.name} added",
    )


@transaction.atomic
def add_contact(
    *, actor: Any, contractor: Contractor, name: str, role: str = "", email: str = "", phone: str = ""
) -> ContractorContact:
    require(actor, "contractors.manage")
    if not name.strip():
        raise ValidationError({"name": "Enter the contact's name."})
    contact = ContractorContact.objects.create(
        contractor=contractor, name=name.strip(), role=role.strip(), email=email.strip(), phone=phone.strip()
    )
    audit.record(
        actor=actor,
        obj=contractor,
        action="contact_added",
        summary=f"Contact {contact.name} added",
        changes={"contact": [None, contact.name]},
    )
    return contact


@transaction.atomic
def link_contractor_user(*, actor: Any, user: Any, contractor: Contractor) -> ContractorUser:
    """Let `user` act for `contractor` through the API (and only for it)."""
    require(actor, "contractors.manage")
    link, _ = ContractorUser.objects.update_or_create(user=user, defaults={"contractor": contractor})
    audit.record(
        actor=actor, obj=contractor, action="user_linked", summary=f"User {user} acts for {contractor}"
    )
    return link


def validate_contract(data: dict[str, Any]) -> dict[str, Any]:
    errors = Errors()
    if not data.get("contractor"):
        errors.add("contractor", "Select the contractor.")
    if not str(data.get("name") or "").strip():
        errors.add("name", "Enter the contract's name.")
    start, end = data.get("start_date"), data.get("end_date")
    if "start_date" in data and not start:
        errors.add("start_date", "Enter the start date.")
    if start and end and end < start:
        errors.add("end_date", "The end date must be on or after the start date.")
    uplift = data.get("uplift_percent")
    if uplift is not None and not (Decimal("-100") < Decimal(uplift) <= Decimal("1000")):
        errors.add("uplift_percent", "The uplift must be a percentage above -100.")
    errors.raise_if_any()
    return data


@transaction.atomic
def create_contract(
    *,
    actor: Any,
    contractor: Contractor,
    name: str,
    start_date: dt.date,
    end_date: dt.date | None = None,
    uplift_percent: Decimal = Decimal("0"),
) -> Contract:
    require(actor, "contractors.manage")
    validate_contract(
        {
            "contractor": contractor,
            "name": name,
            "start_date": start_date,
            "end_date": end_date,
            "uplift_percent": uplift_percent,
        }
    )
    contract = Contract(
        reference=references.next_reference("K", 5),
        contractor=contractor,
        name=name.strip(),
        start_date=start_date,
        end_date=end_date,
        uplift_percent=to_money(uplift_percent),
    )
    return create_audited(
        actor=actor,
        obj=contract,
        fields=["reference", "contractor", "name", "start_date", "end_date", "uplift_percent"],
        summary=f"Contract {contract.name} added",
    )


@transaction.atomic
def set_uplift(*, actor: Any, contract: Contract, uplift_percent: Decimal, reason: str) -> Contract:
    """A contract's prices change by a percentage (new orders are priced with it; issued ones are not)."""
    require(actor, "contractors.manage")
    errors = Errors()
    if not reason.strip():
        errors.add("reason", "Enter the reason for the price change.")
    try:
        validate_contract(
            {"contractor": contract.contractor, "name": contract.name, "uplift_percent": uplift_percent}
        )
    except ValidationError as exc:
        for message in exc.message_dict.get("uplift_percent", []):
            errors.add("uplift_percent", message)
    errors.raise_if_any()
    before = audit.snapshot(contract, ["uplift_percent"])
    contract.uplift_percent = to_money(uplift_percent)
    contract.save(update_fields=["uplift_percent"])
    audit.record(
        actor=actor,
        obj=contract,
        action="uplift",
        summary=f"Price uplift set: {reason.strip()}",
        changes=audit.diff(before, audit.snapshot(contract, ["uplift_percent"])),
    )
    return contract


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int


def import_rates(
    *, actor: Any, contract: Contract, rows: Iterable[tuple[int, dict[str, Any]]]
) -> ImportResult:
    """Load a schedule of rates: all or nothing; every bad row named by its line number; importing the
    same file twice changes nothing."""
    require(actor, "contractors.manage")
    problems: list[str] = []
    parsed: dict[str, domain.RateRow] = {}
    first_line: dict[str, int] = {}
    count = 0
    for line_no, raw in rows:
        count += 1
        row, wrong = domain.parse_rate_row(raw)
        if wrong or row is None:
            problems.append(f"Line {line_no}: {'; '.join(wrong)}.")
            continue
        if row.code in parsed:
            problems.append(f"Line {line_no}: the code {row.code} is already on line {first_line[row.code]}.")
            continue
        parsed[row.code] = row
        first_line[row.code] = line_no
    if not count and not problems:
        problems.append("The file has no rows of rates.")
    if problems:
        raise ValidationError({"file": problems})
    with transaction.atomic():
        existing = {r.code: r for r in RateLine.objects.select_for_update().filter(contract=contract)}
        new: list[RateLine] = []
        changed: list[RateLine] = []
        for code, row in parsed.items():
            current = existing.get(code)
            if current is None:
                new.append(
                    RateLine(
                        contract=contract,
                        code=code,
                        description=row.description,
                        unit=row.unit,
                        rate=row.rate,
                        trade=row.trade,
                    )
                )
            elif (current.description, current.unit, current.rate, current.trade) != (
                row.description,
                row.unit,
                row.rate,
                row.trade,
            ):
                current.description, current.unit, current.rate, current.trade = (
                    row.description,
                    row.unit,
                    row.rate,
                    row.trade,
                )
                changed.append(current)
        RateLine.objects.bulk_create(new, batch_size=1000)
        RateLine.objects.bulk_update(changed, ["description", "unit", "rate", "trade"], batch_size=1000)
        result = ImportResult(len(new), len(changed), len(parsed) - len(new) - len(changed))
        if new or changed:
            audit.record(
                actor=actor,
                obj=contract,
                action="rates_imported",
                summary=f"Schedule of rates imported: {result.created} added, {result.updated} changed",
                changes={"rates": [len(existing), len(existing) + len(new)]},
            )
    return result


# --- repair orders ------------------------------------------------------------------------------


@dataclass(frozen=True)
class LineRequest:
    rate_line: RateLine
    quantity: Decimal


def _quantity(value: Any) -> Decimal | None:
    try:
        q = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return q if q.is_finite() else None


def _check_lines(
    errors: Errors, lines: Sequence[LineRequest], contract: Contract | None, field: str = "lines"
) -> None:
    if not lines:
        errors.add(field, "Choose at least one schedule of rates line and its quantity.")
        return
    for line in lines:
        q = _quantity(line.quantity)
        if q is None:
            errors.add(field, f"The quantity for {line.rate_line.code} must be a number, like 1 or 2.5.")
        elif q <= 0:
            errors.add(field, f"The quantity for {line.rate_line.code} must be more than 0.")
        elif q != q.quantize(Decimal("0.01")) or q >= Decimal("100000000"):
            errors.add(field, f"The quantity for {line.rate_line.code} can have at most 2 decimal places.")
        if contract is not None and line.rate_line.contract_id != contract.pk:
            errors.add(field, f"The line {line.rate_line.code} is not in the contract {contract.reference}.")


def price_lines(
    contract: Contract, lines: Sequence[LineRequest]
) -> list[tuple[LineRequest, Decimal, Decimal]]:
    """Each line with its rate (the schedule rate with the contract's uplift) and total."""
    out = []
    for line in lines:
        rate = domain.uplifted_rate(line.rate_line.rate, contract.uplift_percent)
        out.append((line, rate, domain.line_total(Decimal(line.quantity), rate)))
    return out


def validate_order(data: dict[str, Any]) -> dict[str, Any]:
    """The order's checks, for pages to show every problem at once."""
    errors = Errors()
    places = [data.get(k) for k in ("property", "block", "estate")]
    if "property" in data and not any(places):
        errors.add("property", "Choose the home, or the block or estate for a communal repair.")
    elif sum(1 for p in places if p) > 1:
        errors.add("property", "Choose one place: a home, a block or an estate.")
    if "description" in data and not str(data.get("description") or "").strip():
        errors.add("description", "Describe the repair.")
    if "priority" in data and data.get("priority") not in domain.PRIORITIES:
        errors.add("priority", "Choose the priority.")
    contract = data.get("contract")
    if "contract" in data and not contract:
        errors.add("contract", "Choose the contract.")
    elif contract is not None:
        if not contract.contractor.active:
            errors.add("contract", f"{contract.contractor.name} is not an active contractor.")
        raised_on = local_date(data.get("raised_at") or timezone.now())
        if contract.start_date > raised_on or (contract.end_date and contract.end_date < raised_on):
            errors.add(
                "contract", f"The contract {contract.reference} is not in force on {raised_on:%-d %B %Y}."
            )
    if "lines" in data:
        _check_lines(errors, data.get("lines") or [], contract if isinstance(contract, Contract) else None)
    defect = data.get("rtr_defect") or ""
    if defect and defect not in domain.DEFECTS:
        errors.add("rtr_defect", "Choose a qualifying defect from the list.")
    errors.raise_if_any()
    return data


def _secure_tenant(prop: Property | None) -> bool:
    if prop is None:
        return False
    from hearth.tenancies.selectors import is_live, tenancies_of_property

    return any(t.kind == "secure" and is_live(t) for t in tenancies_of_property(prop.pk))


def _start_order_clock(order: RepairOrder, actor: Any) -> None:
    policy = get_settings()
    clock = clocks.start_clock(
        owner=order,
        kind=clocks.repair_clock_key(order.priority),
        started_at=order.raised_at,
        actor=actor,
        label=f"Repair target ({order.priority})",
        calendar=load_calendar(),
        registry=domain.priority_registry(policy.priority_periods or None),
    )
    order.clock = clock
    order.save(update_fields=["clock"])
    if clock.due_at != order.due_at:  # an extended target moves the clock with it
        Clock.objects.filter(pk=clock.pk).update(due_at=order.due_at)


def _transition(order: RepairOrder, actor: Any, status: str, summary: str, **extra: Any) -> None:
    fields = ["status", *extra.keys()]
    before = audit.snapshot(order, fields)
    order.status = status
    for key, value in extra.items():
        setattr(order, key, value)
    order.save(update_fields=[*fields, "updated_at"])
    audit.record(
        actor=actor,
        obj=order,
        action=status,
        summary=summary,
        changes=audit.diff(before, audit.snapshot(order, fields)),
    )


def _issue(order: RepairOrder, actor: Any) -> None:
    _transition(order, actor, S.ISSUED, f"Issued to {order.contractor.name}", issued_at=timezone.now())
    from hearth.repairs.tasks import send_order_email

    pk = order.pk
    transaction.on_commit(lambda: send_order_email.enqueue(pk))


@transaction.atomic
def raise_order(
    *,
    actor: Any,
    contract: Contract,
    lines: Sequence[LineRequest],
    description: str,
    priority: str,
    property: Property | None = None,
    block: Block | None = None,
    estate: Estate | None = None,
    reported_by: Person | None = None,
    channel: str = RepairOrder.Channel.PHONE,
    service_type: str = RepairOrder.ServiceType.REPAIR,
    rtr_defect: str = "",
    raised_at: dt.datetime | None = None,
    follow_on_of: RepairOrder | None = None,
) -> RepairOrder:
    """Raise an order: priced from the schedule, target from the priority policy. Above the raiser's
    limit it waits for approval; otherwise it is issued to the contractor (PDF by email)."""
    require(actor, "repairs.raise")
    raised_at = raised_at or timezone.now()
    data = {
        "property": property,
        "block": block,
        "estate": estate,
        "description": description,
        "priority": priority,
        "contract": contract,
        "lines": list(lines),
        "rtr_defect": rtr_defect,
        "raised_at": raised_at,
    }
    errors = Errors()
    try:
        validate_order(data)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            for m in messages:
                errors.add(field, m)
    if channel not in RepairOrder.Channel.values:
        errors.add("channel", "Choose how the repair was reported.")
    if service_type not in RepairOrder.ServiceType.values:
        errors.add("service_type", "Choose the kind of service.")
    errors.raise_if_any()
    priced = price_lines(contract, lines)
    total = to_money(sum((t for _, _, t in priced), Decimal("0")))
    rtr = domain.right_to_repair_applies(rtr_defect, secure_tenant=_secure_tenant(property), total=total)
    order = RepairOrder(
        reference=references.next_reference("RO", 7),
        property=property,
        block=block,
        estate=estate,
        reported_by=reported_by,
        channel=channel,
        service_type=service_type,
        description=description.strip(),
        priority=priority,
        raised_at=raised_at,
        raised_by=actor,
        due_at=target_for(priority, raised_at),
        status=S.RAISED,
        contractor=contract.contractor,
        contract=contract,
        total=total,
        right_to_repair=rtr,
        rtr_defect=rtr_defect if rtr else "",
        rtr_period_days=domain.DEFECTS[rtr_defect].days if rtr else None,
        follow_on_of=follow_on_of,
    )
    if block is None and property is not None:
        order.block = None
    create_audited(
        actor=actor, obj=order, fields=ORDER_FIELDS, summary=f"Order raised: {order.description[:120]}"
    )
    OrderLine.objects.bulk_create(
        [
            OrderLine(
                order=order,
                rate_line=line.rate_line,
                code=line.rate_line.code,
                description=line.rate_line.description,
                unit=line.rate_line.unit,
                quantity=Decimal(line.quantity),
                rate=rate,
                total=line_total,
            )
            for line, rate, line_total in priced
        ]
    )
    _start_order_clock(order, actor)
    raise_limit, _ = limits_for(actor)
    if domain.needs_approval(total, raise_limit):
        _transition(
            order,
            actor,
            S.AWAITING_APPROVAL,
            f"Waiting for approval: £{total} is over the raiser's limit of £{raise_limit}",
        )
    else:
        _issue(order, actor)
    return order


def _locked(order: RepairOrder) -> RepairOrder:
    return RepairOrder.objects.select_for_update().select_related("contractor", "contract").get(pk=order.pk)


def _refresh(target: RepairOrder, source: RepairOrder) -> RepairOrder:
    for f in RepairOrder._meta.concrete_fields:
        setattr(target, f.attname, getattr(source, f.attname))
    return target


@transaction.atomic
def approve_order(*, actor: Any, order: RepairOrder) -> RepairOrder:
    require(actor, "repairs.approve")
    locked = _locked(order)
    if locked.status != S.AWAITING_APPROVAL:
        raise ValidationError("This order is not waiting for approval.")
    if locked.raised_by_id == getattr(actor, "pk", None):
        raise ValidationError("You raised this order, so another officer must approve it.")
    locked.approved_by = actor
    locked.save(update_fields=["approved_by"])
    audit.record(actor=actor, obj=locked, action="approved", summary="Order approved")
    _issue(locked, actor)
    return _refresh(order, locked)


def _stop_clock(order: RepairOrder, when: dt.datetime, actor: Any, cancel_reason: str = "") -> None:
    if order.clock_id is None:
        return
    clock = Clock.objects.get(pk=order.clock_id)
    if clock.outcome != Clock.Outcome.RUNNING:
        return
    if cancel_reason:
        clocks.cancel_clock(clock=clock, reason=cancel_reason, actor=actor)
    else:
        clocks.stop_clock(clock=clock, stopped_at=max(when, clock.started_at), actor=actor)


@transaction.atomic
def cancel_order(*, actor: Any, order: RepairOrder, reason: str) -> RepairOrder:
    require(actor, "repairs.raise")
    locked = _locked(order)
    if not reason.strip():
        raise ValidationError({"reason": "Enter the reason for cancelling the order."})
    if not locked.is_open:
        raise ValidationError(f"This order is already {locked.get_status_display().lower()}.")
    _transition(
        locked, actor, S.CANCELLED, f"Cancelled: {reason.strip()}", cancel_reason=reason.strip()[:300]
    )
    _stop_clock(locked, timezone.now(), actor, cancel_reason=reason.strip())
    return _refresh(order, locked)


WORKING = (S.ISSUED, S.APPOINTED, S.IN_PROGRESS)


@transaction.atomic
def accept_order(*, actor: Any, order: RepairOrder) -> RepairOrder:
    locked = _locked(order)
    _require_contractor_or(actor, locked, "repairs.raise")
    if locked.status not in WORKING:
        raise ValidationError("Only an issued order can be accepted.")
    if locked.accepted_at is None:
        before = audit.snapshot(locked, ["accepted_at"])
        locked.accepted_at = timezone.now()
        locked.save(update_fields=["accepted_at"])
        audit.record(
            actor=actor,
            obj=locked,
            action="accepted",
            summary="Accepted by the contractor",
            changes=audit.diff(before, audit.snapshot(locked, ["accepted_at"])),
        )
    return _refresh(order, locked)


def _require_contractor_or(actor: Any, order: RepairOrder, capability: str) -> None:
    link = ContractorUser.objects.filter(user_id=getattr(actor, "pk", None) or 0).first()
    if link is not None:
        if link.contractor_id != order.contractor_id:
            raise ValidationError("This order belongs to another contractor.")
        return
    require(actor, capability)


def validate_appointment(order: RepairOrder, data: dict[str, Any]) -> dict[str, Any]:
    errors = Errors()
    if order.status in (S.RAISED, S.AWAITING_APPROVAL):
        errors.add("date", "An appointment cannot be booked until the order is approved and issued.")
    elif not order.is_open:
        errors.add("date", f"This order is {order.get_status_display().lower()}, so it cannot be appointed.")
    day = data.get("date")
    if "date" in data and not day:
        errors.add("date", "Enter the appointment date.")
    if "slot" in data and data.get("slot") not in Appointment.Slot.values:
        errors.add("slot", "Choose morning or afternoon.")
    if day:
        if day < local_date(order.raised_at):
            errors.add("date", "The appointment cannot be before the order was raised.")
        problem = domain.appointment_problem(day, order.due_at, str(data.get("later_reason") or ""))
        if problem:
            errors.add("later_reason", problem)
    errors.raise_if_any()
    return data


@transaction.atomic
def book_appointment(
    *, actor: Any, order: RepairOrder, date: dt.date | None, slot: str, later_reason: str = ""
) -> Appointment:
    locked = _locked(order)
    _require_contractor_or(actor, locked, "repairs.raise")
    validate_appointment(locked, {"date": date, "slot": slot, "later_reason": later_reason})
    date = _given(date)
    locked.appointments.filter(outcome=Appointment.Outcome.BOOKED).update(
        outcome=Appointment.Outcome.CANCELLED
    )
    appt = Appointment.objects.create(
        order=locked, date=date, slot=slot, later_reason=later_reason.strip(), booked_by=actor
    )
    summary = f"Appointment booked for {date:%-d %b %Y} ({appt.get_slot_display()})"
    if appt.later_reason:
        summary += f", after the target at the resident's request: {appt.later_reason}"
    if locked.status == S.ISSUED:
        _transition(locked, actor, S.APPOINTED, summary)
    else:
        audit.record(actor=actor, obj=locked, action="appointed", summary=summary)
    _refresh(order, locked)
    return appt


@transaction.atomic
def record_appointment_outcome(*, actor: Any, appointment: Appointment, outcome: str) -> Appointment:
    order = _locked(appointment.order)
    _require_contractor_or(actor, order, "repairs.raise")
    if outcome not in (Appointment.Outcome.KEPT, Appointment.Outcome.MISSED, Appointment.Outcome.CANCELLED):
        raise ValidationError({"outcome": "Choose kept, missed or cancelled."})
    appointment.outcome = outcome
    appointment.save(update_fields=["outcome"])
    audit.record(
        actor=actor,
        obj=order,
        action="appointment_outcome",
        summary=f"Appointment on {appointment.date:%-d %b %Y}: {appointment.get_outcome_display().lower()}",
    )
    return appointment


@transaction.atomic
def start_work(*, actor: Any, order: RepairOrder) -> RepairOrder:
    locked = _locked(order)
    _require_contractor_or(actor, locked, "repairs.raise")
    if locked.status not in (S.ISSUED, S.APPOINTED):
        raise ValidationError("Only an issued or appointed order can be started.")
    _transition(locked, actor, S.IN_PROGRESS, "Work started")
    return _refresh(order, locked)


@transaction.atomic
def add_note(*, actor: Any, order: RepairOrder, text: str, kind: str = "note") -> JobNote:
    _require_contractor_or(actor, order, "repairs.raise")
    if not text.strip():
        raise ValidationError({"text": "Enter the note."})
    label = (
        (actor.get_full_name() or actor.get_username()) if getattr(actor, "is_authenticated", False) else ""
    )
    note = JobNote.objects.create(
        order=order, text=text.strip(), author=actor, author_label=label[:150], at=timezone.now(), kind=kind
    )
    audit.record(actor=actor, obj=order, action="note", summary=f"Note: {note.text[:200]}")
    return note


def validate_completion(order: RepairOrder, data: dict[str, Any]) -> dict[str, Any]:
    errors = Errors()
    if order.status not in WORKING:
        errors.add(
            "completed_at", f"This order is {order.get_status_display().lower()}, so it cannot be completed."
        )
    when = data.get("completed_at")
    if "completed_at" in data and not when:
        errors.add("completed_at", "Enter the date and time the work was completed.")
    elif when:
        if when < order.raised_at:
            errors.add("completed_at", "The work cannot be completed before the order was raised.")
        if when > timezone.now() + dt.timedelta(minutes=5):
            errors.add("completed_at", "The completion time cannot be in the future.")
    if "first_time_fix" in data and data.get("first_time_fix") is None:
        errors.add("first_time_fix", "Say whether the repair was fixed first time.")
    if order.variations.filter(status=Variation.Status.PENDING).exists():
        errors.add(
            "completed_at", "A variation is waiting for approval; decide it before completing the order."
        )
    errors.raise_if_any()
    return data


@transaction.atomic
def complete_order(
    *,
    actor: Any,
    order: RepairOrder,
    completed_at: dt.datetime | None,
    first_time_fix: bool | None,
    notes: str = "",
) -> RepairOrder:
    locked = _locked(order)
    _require_contractor_or(actor, locked, "repairs.raise")
    validate_completion(locked, {"completed_at": completed_at, "first_time_fix": first_time_fix})
    completed_at, first_time_fix = _given(completed_at), _given(first_time_fix)
    Completion.objects.create(
        order=locked,
        completed_at=completed_at,
        first_time_fix=first_time_fix,
        notes=notes.strip(),
        recorded_by=actor,
    )
    met = domain.target_met(completed_at, locked.due_at)
    _transition(
        locked,
        actor,
        S.COMPLETED,
        f"Completed {_fmt(completed_at)}, target {'met' if met else 'missed'}"
        f"{', fixed first time' if first_time_fix else ''}",
        completed_at=completed_at,
        first_time_fix=first_time_fix,
    )
    _stop_clock(locked, completed_at, actor)
    if locked.total > get_settings().inspect_over:
        _select_for_inspection(locked, PostInspection.Reason.OVER_THRESHOLD, actor)
    return _refresh(order, locked)


# --- variations ---------------------------------------------------------------------------------


@transaction.atomic
def vary_order(*, actor: Any, order: RepairOrder, lines: Sequence[LineRequest], reason: str) -> Variation:
    """Add work to an order; the original lines are kept. An increase over the officer's vary limit
    waits for approval."""
    locked = _locked(order)
    _require_contractor_or(actor, locked, "repairs.raise")
    errors = Errors()
    if not locked.is_open:
        errors.add("lines", f"This order is {locked.get_status_display().lower()}, so it cannot be varied.")
    if not reason.strip():
        errors.add("reason", "Enter the reason for the variation.")
    _check_lines(errors, lines, locked.contract)
    errors.raise_if_any()
    priced = price_lines(locked.contract, lines)
    increase = to_money(sum((t for _, _, t in priced), Decimal("0")))
    _, vary_limit = limits_for(actor)
    pending = domain.needs_approval(increase, vary_limit)
    variation = Variation.objects.create(
        order=locked,
        reason=reason.strip()[:500],
        increase=increase,
        requested_by=actor,
        requested_at=timezone.now(),
        status=Variation.Status.PENDING if pending else Variation.Status.APPROVED,
    )
    OrderLine.objects.bulk_create(
        [
            OrderLine(
                order=locked,
                rate_line=line.rate_line,
                code=line.rate_line.code,
                description=line.rate_line.description,
                unit=line.rate_line.unit,
                quantity=Decimal(line.quantity),
                rate=rate,
                total=total,
                variation=variation,
            )
            for line, rate, total in priced
        ]
    )
    if pending:
        audit.record(
            actor=actor,
            obj=locked,
            action="variation_requested",
            summary=f"Variation of £{increase} waiting for approval (over the vary limit of £{vary_limit}): "
            f"{variation.reason}",
        )
    else:
        _apply_variation(locked, variation, actor)
    _refresh(order, locked)
    return variation


def _apply_variation(order: RepairOrder, variation: Variation, actor: Any) -> None:
    before = audit.snapshot(order, ["total"])
    order.total = to_money(order.total + variation.increase)
    order.save(update_fields=["total", "updated_at"])
    audit.record(
        actor=actor,
        obj=order,
        action="varied",
        summary=f"Varied by £{variation.increase}: {variation.reason}",
        changes=audit.diff(before, audit.snapshot(order, ["total"])),
    )


@transaction.atomic
def decide_variation(*, actor: Any, variation: Variation, approve: bool) -> Variation:
    require(actor, "repairs.approve")
    order = _locked(variation.order)
    variation = Variation.objects.select_for_update().get(pk=variation.pk)
    if variation.status != Variation.Status.PENDING:
        raise ValidationError("This variation has already been decided.")
    if variation.requested_by_id == getattr(actor, "pk", None):
        raise ValidationError("You asked for this variation, so another officer must decide it.")
    variation.status = Variation.Status.APPROVED if approve else Variation.Status.REJECTED
    variation.decided_by, variation.decided_at = actor, timezone.now()
    variation.save(update_fields=["status", "decided_by", "decided_at"])
    if approve:
        _apply_variation(order, variation, actor)
    else:
        audit.record(
            actor=actor,
            obj=order,
            action="variation_rejected",
            summary=f"Variation of £{variation.increase} rejected",
        )
    return variation


# --- chasing and targets ------------------------------------------------------------------------


@transaction.atomic
def chase_order(*, actor: Any, order: RepairOrder, message: str = "") -> JobNote:
    """Chase the contractor: an email to them, and a note on the order."""
    require(actor, "repairs.raise")
    if not order.is_open or order.status == S.AWAITING_APPROVAL:
        raise ValidationError("Only an issued order can be chased.")
    contractor = order.contractor
    text = message.strip() or (
        f"Order {order.reference} at {order.location} was due {_fmt(order.due_at)}. "
        "Please complete it or tell us when it will be done."
    )
    if contractor.email:
        to = contractor.email
        transaction.on_commit(
            lambda: send_mail(f"Chase: repair order {order.reference}", text, None, [to], fail_silently=True)
        )
        sent = f" (emailed to {to})"
    else:
        sent = " (no email address for the contractor: phone them)"
    return add_note(actor=actor, order=order, text=f"Chased{sent}: {text}", kind="chase")


def _check_target(locked: RepairOrder, new_due_at: dt.datetime | None, reason: str) -> None:
    errors = Errors()
    if not reason.strip():
        errors.add("reason", "Enter the reason for changing the target.")
    if new_due_at is None:
        errors.add("new_due", "Enter the new target date.")
    elif new_due_at <= locked.raised_at:
        errors.add("new_due", "The new target must be after the order was raised.")
    if not locked.is_open:
        errors.add("new_due", "The target of a finished order cannot change.")
    errors.raise_if_any()


@transaction.atomic
def request_extension(
    *, actor: Any, order: RepairOrder, new_due_at: dt.datetime | None, reason: str
) -> TargetChange:
    """Ask for more time (the contractor's reason, recorded by an officer or sent through the API)."""
    locked = _locked(order)
    _require_contractor_or(actor, locked, "repairs.raise")
    _check_target(locked, new_due_at, reason)
    if locked.target_changes.filter(status=TargetChange.Status.REQUESTED).exists():
        raise ValidationError({"new_due": ["An extension is already waiting for a decision."]})
    change = TargetChange.objects.create(
        order=locked,
        old_due_at=locked.due_at,
        new_due_at=_given(new_due_at),
        reason=reason.strip()[:300],
        status=TargetChange.Status.REQUESTED,
        requested_by=actor,
        at=timezone.now(),
    )
    audit.record(
        actor=actor,
        obj=locked,
        action="extension_requested",
        summary=f"Extension to {_fmt(change.new_due_at)} asked for: {change.reason}",
    )
    return change


@transaction.atomic
def decide_extension(*, actor: Any, change: TargetChange, grant: bool) -> TargetChange:
    require(actor, "repairs.approve")
    locked = _locked(change.order)
    change = TargetChange.objects.select_for_update().get(pk=change.pk)
    if change.status != TargetChange.Status.REQUESTED:
        raise ValidationError("This extension has already been decided.")
    change.changed_by, change.at = actor, timezone.now()
    if not grant:
        change.status = TargetChange.Status.REFUSED
        change.save(update_fields=["status", "changed_by", "at"])
        audit.record(
            actor=actor, obj=locked, action="extension_refused", summary=f"Extension refused: {change.reason}"
        )
        return change
    _check_target(locked, change.new_due_at, change.reason)
    change.status = TargetChange.Status.GRANTED
    change.old_due_at = locked.due_at
    change.save(update_fields=["status", "changed_by", "at", "old_due_at"])
    _apply_target(locked, change, actor)
    return change


def _apply_target(locked: RepairOrder, change: TargetChange, actor: Any) -> None:
    new_due_at = change.new_due_at
    before = audit.snapshot(locked, ["due_at"])
    locked.due_at = new_due_at
    locked.save(update_fields=["due_at", "updated_at"])
    audit.record(
        actor=actor,
        obj=locked,
        action="target_changed",
        summary=f"Target changed: {change.reason}",
        changes=audit.diff(before, audit.snapshot(locked, ["due_at"])),
    )
    if locked.clock_id:
        Clock.objects.filter(pk=locked.clock_id, outcome=Clock.Outcome.RUNNING).update(due_at=new_due_at)


@transaction.atomic
def change_target(
    *, actor: Any, order: RepairOrder, new_due_at: dt.datetime | None, reason: str
) -> TargetChange:
    """Extend (or bring forward) an order's target: a permitted role, with a reason."""
    require(actor, "repairs.approve")
    locked = _locked(order)
    _check_target(locked, new_due_at, reason)
    new_due_at = _given(new_due_at)
    change = TargetChange.objects.create(
        order=locked,
        old_due_at=locked.due_at,
        new_due_at=new_due_at,
        reason=reason.strip()[:300],
        changed_by=actor,
        at=timezone.now(),
    )
    _apply_target(locked, change, actor)
    _refresh(order, locked)
    return change


def recharge_agreements(order: RepairOrder) -> tuple[Any, Any]:
    """The agreement live in the order's home today, and its last ended one (a tenant who has left)."""
    from hearth.tenancies.selectors import is_live, tenancies_of_property

    today = timezone.localdate()
    agreements = tenancies_of_property(order.property_id) if order.property_id else []
    live = [t for t in agreements if is_live(t, today)]
    ended = sorted(
        (t for t in agreements if t.end_date is not None and t.end_date < today),
        key=lambda t: (t.end_date, t.pk),
    )
    return (live[0] if live else None), (ended[-1] if ended else None)


@transaction.atomic
def mark_rechargeable(
    *, actor: Any, order: RepairOrder, amount: Decimal | None, evidence: str, former: bool = False
) -> RepairOrder:
    """Recharge the tenant for the work; an income officer posts it to the rent account (rents recharges).

    `former`: recharge the home's last ended agreement (the damage was found after the tenant left)."""
    require(actor, "repairs.raise")
    errors = Errors()
    if amount is None or Decimal(amount) <= 0:
        errors.add("recharge_amount", "Enter the amount to recharge, more than £0.")
    if not evidence.strip():
        errors.add("recharge_evidence", "Describe the evidence that the tenant caused the damage.")
    if order.property_id is None:
        errors.add("recharge_amount", "Only a repair to a home can be recharged to its tenant.")
    live, last_ended = recharge_agreements(order)
    if order.property_id is not None and former and last_ended is None:
        errors.add(
            "recharge_to", "No earlier agreement of this home has ended, so there is no former tenant."
        )
    elif order.property_id is not None and not former and live is None and last_ended is not None:
        errors.add(
            "recharge_to",
            f"No one has a live agreement for this home now. Select the former tenant "
            f"(agreement {last_ended.reference}, ended {last_ended.end_date:%-d %B %Y}) "
            "to recharge them.",
        )
    errors.raise_if_any()

    fields = ["rechargeable", "recharge_amount", "recharge_evidence", "recharge_tenancy"]
    before = audit.snapshot(order, fields)
    order.rechargeable, order.recharge_amount = True, to_money(amount)  # type: ignore[arg-type]
    order.recharge_evidence = evidence.strip()[:500]
    order.recharge_tenancy = last_ended if former else live
    order.save(update_fields=[*fields, "updated_at"])
    if order.recharge_tenancy is None:
        to = " (no agreement to recharge)"
    else:
        whose = "former tenant's agreement" if former else "agreement"
        to = f" to {whose} {order.recharge_tenancy.reference}"
    audit.record(
        actor=actor,
        obj=order,
        action="rechargeable",
        summary=f"Marked rechargeable{to}",
        changes=audit.diff(before, audit.snapshot(order, fields)),
    )
    return order


# --- post-inspections ---------------------------------------------------------------------------


def _select_for_inspection(
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
    return _select_for_inspection(order, PostInspection.Reason.REQUESTED, actor)


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


def validate_inspection(data: dict[str, Any]) -> dict[str, Any]:
    errors = Errors()
    if "method" in data and data.get("method") not in PostInspection.Method.values:
        errors.add("method", "Choose site visit or telephone.")
    if "inspected_on" in data:
        day = data.get("inspected_on")
        if not day:
            errors.add("inspected_on", "Enter the date of the inspection.")
        elif day > timezone.localdate():
            errors.add("inspected_on", "The inspection date cannot be in the future.")
    outcome = data.get("outcome")
    if "outcome" in data and (outcome not in PostInspection.Outcome.values or outcome == "pending"):
        errors.add("outcome", "Choose the outcome: pass, or the reason it failed.")
    if outcome and str(outcome).startswith("fail") and not str(data.get("notes") or "").strip():
        errors.add("notes", "Describe what failed.")
    errors.raise_if_any()
    return data


@transaction.atomic
def record_post_inspection(
    *,
    actor: Any,
    inspection: PostInspection,
    method: str,
    inspected_on: dt.date | None,
    outcome: str,
    notes: str = "",
) -> PostInspection:
    require(actor, "repairs.raise")
    validate_inspection({"method": method, "inspected_on": inspected_on, "outcome": outcome, "notes": notes})
    if inspection.order.status != S.COMPLETED:
        raise ValidationError({"outcome": "Only a completed order can be post-inspected."})
    fields = ["method", "inspected_on", "outcome", "notes"]
    before = audit.snapshot(inspection, fields)
    inspection.method, inspection.inspected_on, inspection.outcome = method, inspected_on, outcome
    inspection.notes, inspection.inspector = notes.strip(), actor
    inspection.save()
    audit.record(
        actor=actor,
        obj=inspection.order,
        action="post_inspected",
        summary=f"Post-inspection: {inspection.get_outcome_display().lower()}",
        changes=audit.diff(before, audit.snapshot(inspection, fields)),
    )
    return inspection


# --- Awaab's Law hazard cases -------------------------------------------------------------------

HAZARD_STEPS = {
    # step -> (case field, clock kind stopped, label)
    "investigation_concluded": (
        "investigation_concluded_on",
        "awaab_significant.investigate",
        "Investigation concluded",
    ),
    "written_summary": ("written_summary_on", "awaab_significant.written_summary", "Written summary sent"),
    "safety_work": ("safety_work_on", "awaab_significant.safety_work", "Safety work done"),
    "supplementary_begun": (
        "supplementary_begun_on",
        "awaab_significant.supplementary_work",
        "Supplementary work begun",
    ),
}


def hazard_clocks(case: HazardCase) -> list[Clock]:
    ct = ContentType.objects.get_for_model(HazardCase)
    return list(Clock.objects.filter(content_type=ct, object_id=str(case.pk)).order_by("due_at", "id"))


def _case_clock(case: HazardCase, kind: str) -> Clock | None:
    ct = ContentType.objects.get_for_model(HazardCase)
    return Clock.objects.filter(content_type=ct, object_id=str(case.pk), kind=kind).first()


@transaction.atomic
def open_hazard_case(
    *,
    actor: Any,
    property: Property | None,
    severity: str,
    aware_at: dt.datetime | None,
    hazard: str = "Damp and mould",
    description: str = "",
    order: RepairOrder | None = None,
) -> HazardCase:
    """Open an Awaab's Law case and start its clocks: a significant hazard's investigation (10 working
    days), or an emergency's investigate-and-make-safe (24 hours)."""
    require(actor, "repairs.raise")
    errors = Errors()
    if property is None:
        errors.add("property", "Choose the home with the hazard.")
    if severity not in HazardCase.Severity.values:
        errors.add("severity", "Choose significant or emergency.")
    if aware_at is None:
        errors.add("aware_at", "Enter when the landlord became aware of the hazard.")
    elif aware_at > timezone.now() + dt.timedelta(minutes=5):
        errors.add("aware_at", "The time the landlord became aware cannot be in the future.")
    if not hazard.strip():
        errors.add("hazard", "Enter the hazard, like damp and mould.")
    errors.raise_if_any()
    aware_at = _given(aware_at)
    case = HazardCase(
        reference=references.next_reference("HZ", 6),
        property=property,
        severity=severity,
        aware_at=aware_at,
        hazard=hazard.strip()[:100],
        description=description.strip(),
        order=order,
        created_by=actor,
    )
    create_audited(
        actor=actor,
        obj=case,
        fields=["reference", "property", "hazard", "severity", "aware_at"],
        summary=f"{case.get_severity_display()} hazard case opened: {case.hazard}",
    )
    calendar = load_calendar()
    if severity == HazardCase.Severity.SIGNIFICANT:
        clocks.start_clock(
            owner=case,
            kind="awaab_significant.investigate",
            started_at=local_date(aware_at),
            actor=actor,
            calendar=calendar,
        )
    else:
        for kind in ("awaab_emergency.investigate", "awaab_emergency.make_safe"):
            clocks.start_clock(owner=case, kind=kind, started_at=aware_at, actor=actor, calendar=calendar)
    return case


CLOSED_CASE = "This case is already closed, so nothing more can be recorded on it."


def check_hazard_case_open(case: HazardCase) -> None:
    """A closed case takes no more steps: every hazard service and its page ask this first."""
    if case.closed:
        raise ValidationError(CLOSED_CASE)


def _lock_open_case(case: HazardCase) -> None:
    """Lock the case and refuse it when closed, even if this copy was read before it closed."""
    case.closed = HazardCase.objects.select_for_update().values_list("closed", flat=True).get(pk=case.pk)
    check_hazard_case_open(case)


def _check_case_date(
    errors: Errors, field: str, on: dt.date | None, case: HazardCase, *, missing: str | None
) -> None:
    """A date on the case (a step, an offer, an answer): given when `missing` says so, not in the
    future, not before the landlord became aware of the hazard."""
    if on is None:
        if missing:
            errors.add(field, missing)
    elif on > timezone.localdate():
        errors.add(field, "The date cannot be in the future.")
    elif on < local_date(case.aware_at):
        errors.add(field, "The date cannot be before the landlord became aware of the hazard.")


def _stop_case_clock(case: HazardCase, kind: str, when: dt.datetime, actor: Any) -> None:
    clock = _case_clock(case, kind)
    if clock is not None and clock.outcome == Clock.Outcome.RUNNING:
        clocks.stop_clock(clock=clock, stopped_at=max(when, clock.started_at), actor=actor)


@transaction.atomic
def record_hazard_step(  # noqa: C901 - one check per rule of the regulations
    *, actor: Any, case: HazardCase, step: str, on: dt.date | None
) -> HazardCase:
    """Record a significant hazard's step; concluding the investigation starts the later clocks."""
    require(actor, "repairs.raise")
    if step not in HAZARD_STEPS:
        raise ValidationError({"step": "Choose a step of the case."})
    field, kind, label = HAZARD_STEPS[step]
    _lock_open_case(case)
    errors = Errors()
    if case.severity != HazardCase.Severity.SIGNIFICANT:
        errors.add("on", "This step belongs to a significant hazard; record an emergency as made safe.")
    _check_case_date(errors, "on", on, case, missing=f"Enter the date: {label.lower()}.")
    if step != "investigation_concluded" and case.investigation_concluded_on is None:
        errors.add("on", "Record the end of the investigation first.")
    elif (
        on
        and case.investigation_concluded_on
        and step != "investigation_concluded"
        and on < case.investigation_concluded_on
    ):
        errors.add("on", "The date cannot be before the investigation concluded.")
    if getattr(case, field) is not None:
        errors.add("on", f"{label} is already recorded.")
    errors.raise_if_any()
    on = _given(on)
    before = audit.snapshot(case, [field])
    setattr(case, field, on)
    case.save(update_fields=[field])
    audit.record(
        actor=actor,
        obj=case,
        action=step,
        summary=f"{label} on {on:%-d %b %Y}",
        changes=audit.diff(before, audit.snapshot(case, [field])),
    )
    _stop_case_clock(case, kind, end_of_day(on) if on < timezone.localdate() else timezone.now(), actor)
    if step == "investigation_concluded":
        calendar = load_calendar()
        for later in (
            "awaab_significant.written_summary",
            "awaab_significant.safety_work",
            "awaab_significant.supplementary_work",
        ):
            clocks.start_clock(owner=case, kind=later, started_at=on, actor=actor, calendar=calendar)
    return case


@transaction.atomic
def record_made_safe(*, actor: Any, case: HazardCase, at: dt.datetime | None) -> HazardCase:
    require(actor, "repairs.raise")
    _lock_open_case(case)
    if at is None:
        raise ValidationError({"at": "Enter when the home was made safe."})
    if at < case.aware_at or at > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationError(
            {"at": "The time must be after the landlord became aware and not in the future."}
        )
    before = audit.snapshot(case, ["made_safe_at"])
    case.made_safe_at = at
    case.save(update_fields=["made_safe_at"])
    audit.record(
        actor=actor,
        obj=case,
        action="made_safe",
        summary=f"Made safe {_fmt(at)}",
        changes=audit.diff(before, audit.snapshot(case, ["made_safe_at"])),
    )
    for kind in ("awaab_emergency.investigate", "awaab_emergency.make_safe", "awaab_significant.safety_work"):
        _stop_case_clock(case, kind, at, actor)
    return case


@transaction.atomic
def record_accommodation_offer(
    *,
    actor: Any,
    case: HazardCase,
    offered_on: dt.date | None,
    details: str,
    answer: str = "waiting",
    answered_on: dt.date | None = None,
) -> HazardCase:
    """The offer of suitable alternative accommodation when the home cannot be made safe in time."""
    require(actor, "repairs.raise")
    _lock_open_case(case)
    errors = Errors()
    _check_case_date(
        errors,
        "accommodation_offered_on",
        offered_on,
        case,
        missing="Enter the date the accommodation was offered.",
    )
    answered = answer in ("accepted", "refused")
    _check_case_date(
        errors,
        "accommodation_answered_on",
        answered_on if answered else None,
        case,
        missing="Enter the date the tenant answered." if answered else None,
    )
    if not details.strip():
        errors.add("accommodation_details", "Describe the accommodation offered.")
    if answer not in ("waiting", "accepted", "refused"):
        errors.add("accommodation_answer", "Choose the tenant's answer.")
    if (
        answered
        and answered_on
        and offered_on
        and answered_on < offered_on
        and "accommodation_answered_on" not in errors.by_field
    ):
        errors.add("accommodation_answered_on", "The answer cannot be before the offer.")
    errors.raise_if_any()
    fields = [
        "accommodation_offered_on",
        "accommodation_details",
        "accommodation_answer",
        "accommodation_answered_on",
    ]
    before = audit.snapshot(case, fields)
    case.accommodation_offered_on, case.accommodation_details = offered_on, details.strip()[:300]
    case.accommodation_answer = answer
    case.accommodation_answered_on = answered_on if answer != "waiting" else None
    case.save(update_fields=fields)
    audit.record(
        actor=actor,
        obj=case,
        action="accommodation_offer",
        summary=f"Alternative accommodation: {case.get_accommodation_answer_display().lower()}",
        changes=audit.diff(before, audit.snapshot(case, fields)),
    )
    return case


@transaction.atomic
def link_hazard_order(*, actor: Any, case: HazardCase, order: RepairOrder) -> HazardCase:
    """The works order for a hazard case (investigation, safety or supplementary work)."""
    require(actor, "repairs.raise")
    _lock_open_case(case)
    before = audit.snapshot(case, ["order"])
    case.order = order
    case.save(update_fields=["order"])
    audit.record(
        actor=actor,
        obj=case,
        action="order_raised",
        summary=f"Order {order.reference} raised",
        changes=audit.diff(before, audit.snapshot(case, ["order"])),
    )
    add_note(actor=actor, order=order, text=f"Raised for Awaab's Law hazard case {case.reference}.")
    return case


@transaction.atomic
def close_hazard_case(*, actor: Any, case: HazardCase, reason: str) -> HazardCase:
    """Close a case (work done, or no hazard found). A clock still running that is already overdue
    stops now as breached, so the missed deadline stays on the record; one not yet due is cancelled
    with the reason."""
    require(actor, "repairs.raise")
    _lock_open_case(case)
    if not reason.strip():
        raise ValidationError({"reason": "Enter the reason for closing the case."})
    case.closed = True
    case.save(update_fields=["closed"])
    audit.record(
        actor=actor,
        obj=case,
        action="closed",
        summary=f"Case closed: {reason.strip()}",
        changes={"closed": ["No", "Yes"]},
    )
    closed_at = timezone.now()
    for clock in hazard_clocks(case):
        if clock.outcome == Clock.Outcome.RUNNING:
            clocks.end_clock(clock=clock, reason=f"Case closed: {reason.strip()}", actor=actor, at=closed_at)
    return case


def hazard_deadlines(case: HazardCase) -> dict[str, Any]:
    """The case's statutory deadlines from the shared clock rules (as the acceptance cases pin them)."""
    if case.severity == HazardCase.Severity.EMERGENCY:
        return clocks.awaab_emergency_deadlines(to_local(case.aware_at), calendar=load_calendar())
    return clocks.awaab_significant_deadlines(
        local_date(case.aware_at), case.investigation_concluded_on, calendar=load_calendar()
    )


def contractor_for_user(user: Any) -> Contractor | None:
    link = (
        ContractorUser.objects.select_related("contractor")
        .filter(user_id=getattr(user, "pk", None) or 0)
        .first()
    )
    return link.contractor if link else None


def can_approve(user: Any) -> bool:
    return has_capability(user, "repairs.approve")


# --- emergency and incident reports -------------------------------------------------------------


def validate_incident(data: dict[str, Any]) -> dict[str, Any]:
    errors = Errors()
    if "received_at" in data:
        when = data.get("received_at")
        if when is None:
            errors.add("received_at", "Enter when the report was received.")
        elif when > timezone.now() + dt.timedelta(minutes=5):
            errors.add("received_at", "The time received cannot be in the future.")
    if "description" in data and not str(data.get("description") or "").strip():
        errors.add("description", "Describe what was reported.")
    if not data.get("property") and "location" in data and not str(data.get("location") or "").strip():
        errors.add("location", "Choose the home or describe where the incident is.")
    errors.raise_if_any()
    return data


@transaction.atomic
def log_incident(
    *,
    actor: Any,
    received_at: dt.datetime | None,
    description: str,
    property: Property | None = None,
    location: str = "",
    caller: str = "",
    caller_phone: str = "",
    action_taken: str = "",
) -> IncidentReport:
    """Log an emergency or incident reported out of hours; an officer turns it into an order later."""
    require(actor, "repairs.raise")
    validate_incident(
        {"received_at": received_at, "description": description, "property": property, "location": location}
    )
    report = IncidentReport(
        reference=references.next_reference("IR", 6),
        received_at=_given(received_at),
        property=property,
        location=location.strip()[:300],
        description=description.strip(),
        caller=caller.strip()[:150],
        caller_phone=caller_phone.strip()[:30],
        action_taken=action_taken.strip(),
        logged_by=actor,
    )
    return create_audited(
        actor=actor,
        obj=report,
        fields=["reference", "received_at", "property", "location", "description", "caller"],
        summary=f"Incident logged: {report.description[:120]}",
    )


@transaction.atomic
def link_incident_order(*, actor: Any, report: IncidentReport, order: RepairOrder) -> IncidentReport:
    require(actor, "repairs.raise")
    if report.order_id is not None:
        raise ValidationError(f"Incident {report.reference} already has order {report.order}.")
    report.order = order
    report.save(update_fields=["order"])
    audit.record(
        actor=actor,
        obj=report,
        action="order_raised",
        summary=f"Order {order.reference} raised",
        changes={"order raised": [None, order.reference]},
    )
    add_note(actor=actor, order=order, text=f"Raised from incident report {report.reference}.")
    return report


def failed_inspection(order: RepairOrder) -> PostInspection | None:
    """For invoice checking: the order's post-inspection when it failed (workmanship, not done, over-claimed)."""
    found = PostInspection.objects.filter(order=order, outcome__startswith="fail").first()
    return found
