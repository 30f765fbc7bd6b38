"""Contractor API: a contractor's own staff see only their company's repair orders and can accept,
appoint, start, note and complete them. An order of another contractor is, to them, not there: 404 when
read, and a 422 on `reference` when written to.

Orders are named by their reference in the query or the body (e.g. `RO0000123`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from functools import partial
from typing import Annotated, Any, Literal, NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from pydantic import AfterValidator

from hearth.api.auth import actor
from hearth.api.capabilities import requires
from hearth.api.errors import ERRORS, fields_renamed
from hearth.api.pagination import PageQuery, page_of, paginate
from hearth.api.records import add_operation
from hearth.api.schemas import InputSchema
from hearth.core.actors import Actor
from hearth.repairs import selectors, services
from hearth.repairs.models import Appointment, OrderLine, RepairOrder

router = Router(tags=["repairs"])

REFERENCE = Field(..., min_length=1, max_length=12, description="The order's reference, e.g. RO0000123")


class LineOut(Schema):
    code: str
    description: str
    unit: str
    quantity: Decimal
    rate: Decimal
    total: Decimal
    variation_status: str | None

    @staticmethod
    def resolve_variation_status(obj: OrderLine) -> str | None:
        return obj.variation.status if obj.variation_id and obj.variation else None


class AppointmentOut(Schema):
    date: dt.date
    slot: str
    outcome: str
    later_reason: str


class ContractorOrderOut(Schema):
    reference: str
    status: str
    priority: str
    service_type: str
    location: str
    postcode: str
    description: str
    raised_at: dt.datetime
    due_at: dt.datetime
    issued_at: dt.datetime | None
    accepted_at: dt.datetime | None
    completed_at: dt.datetime | None
    total: Decimal
    right_to_repair: bool
    asbestos: bool

    @staticmethod
    def resolve_postcode(obj: RepairOrder) -> str:
        if obj.property is not None:
            return obj.property.postcode
        return obj.block.postcode if obj.block is not None else ""

    @staticmethod
    def resolve_asbestos(obj: RepairOrder) -> bool:
        block = obj.block or (obj.property.block if obj.property is not None else None)
        return bool(
            (obj.property is not None and obj.property.asbestos_present)
            or (block is not None and block.asbestos_present)
        )


class ContractorOrderDetailOut(ContractorOrderOut):
    lines: list[LineOut]
    appointments: list[AppointmentOut]

    @staticmethod
    def resolve_lines(obj: RepairOrder) -> list[OrderLine]:
        return list(obj.lines.all())

    @staticmethod
    def resolve_appointments(obj: RepairOrder) -> list[Appointment]:
        return list(obj.appointments.all())


class ContractorOrderFilters(Schema):
    status: str = Field(
        "",
        description="open, or one status: issued, appointed, in_progress, completed, cancelled",
        json_schema_extra={
            "enum": ["", "open", "issued", "appointed", "in_progress", "completed", "cancelled"]
        },
    )


class OrderQuery(Schema):
    reference: str = REFERENCE


class OrderRef(InputSchema):
    reference: str = REFERENCE


class AppointIn(OrderRef):
    date: dt.date
    slot: Literal["am", "pm"] = Field(..., description="am (8am to 1pm) or pm (12pm to 6pm)")
    later_reason: str = Field(
        "", max_length=300, description="Required for a date after the target: the resident's reason"
    )


class StatusIn(OrderRef):
    status: Literal["in_progress"] = Field(..., description="The new status: in_progress (work has started)")
    note: str = Field("", max_length=4000)


class NoteIn(OrderRef):
    text: str = Field(..., min_length=1, max_length=4000)


def _aware(when: dt.datetime) -> dt.datetime:
    """A time the contractor sent: one without a time zone is read as the council's local time."""
    return when if timezone.is_aware(when) else timezone.make_aware(when)


ContractorTime = Annotated[dt.datetime, AfterValidator(_aware)]


class CompleteIn(OrderRef):
    completed_at: ContractorTime
    first_time_fix: bool
    notes: str = Field("", max_length=4000)


class ExtensionIn(OrderRef):
    new_due_at: ContractorTime
    reason: str = Field(..., min_length=1, max_length=300)


def _own_orders(request: HttpRequest) -> QuerySet[RepairOrder]:
    """Orders of the caller's contractor; none for a caller who acts for no contractor."""
    contractor = services.contractor_for_user(actor(request))
    qs = RepairOrder.objects.select_related("property", "property__block", "block", "estate")
    # never shown to a contractor: orders still waiting for the landlord's approval
    qs = qs.exclude(status__in=(RepairOrder.Status.RAISED, RepairOrder.Status.AWAITING_APPROVAL))
    if contractor is None:
        return qs.none()
    return qs.filter(contractor=contractor)


NOT_YOURS = "There is no repair order of yours with that reference."


def _own(request: HttpRequest, reference: str) -> RepairOrder:
    """One of the caller's orders (404 when reading; a 422 on the body's `reference` when writing)."""
    order = _own_orders(request).filter(reference=reference.strip().upper()).first()
    if order is None:
        if request.method == "GET":
            raise Http404(NOT_YOURS)
        raise ValidationError({"reference": [NOT_YOURS]})
    return order


def _detail(order: RepairOrder) -> RepairOrder:
    return selectors.order_detail(order.pk)


@router.get("/repairs/contractor/orders", response={200: page_of(ContractorOrderOut), **ERRORS})
@requires("repairs.contractor")
def list_contractor_orders(
    request: HttpRequest, filters: Query[ContractorOrderFilters], page: Query[PageQuery]
) -> Any:
    """Your company's orders, earliest target first. `status=open` for work still to do."""
    qs = _own_orders(request)
    if filters.status == "open":
        qs = qs.filter(
            status__in=(
                RepairOrder.Status.ISSUED,
                RepairOrder.Status.APPOINTED,
                RepairOrder.Status.IN_PROGRESS,
            )
        )
    elif filters.status:
        qs = qs.filter(status=filters.status)
    return paginate(qs.order_by("due_at", "id"), page)


@router.get("/repairs/contractor/order", response={200: ContractorOrderDetailOut, **ERRORS})
@requires("repairs.contractor")
def get_contractor_order(request: HttpRequest, query: Query[OrderQuery]) -> Any:
    """One of your orders with its lines and appointments."""
    return _detail(_own(request, query.reference))


# --- what a contractor does to one of its orders --------------------------------------------


def _start_work(*, actor: Actor, order: RepairOrder, status: str, note: str) -> None:
    """Work has started (the one status set here), with the note if one was written."""
    with fields_renamed({"text": "note"}), transaction.atomic():
        services.start_work(actor=actor, order=order)
        if note.strip():
            services.add_note(actor=actor, order=order, text=note, kind="contractor")


def _request_extension(**fields: Any) -> None:
    """Ask for more time; the service's `new_due` problems are on the body's `new_due_at`."""
    with fields_renamed({"new_due": "new_due_at"}):
        services.request_extension(**fields)


class OrderAction(NamedTuple):
    """POST /repairs/contractor/<path> with the order's reference and the fields of `body`:
    `service(actor=..., order=..., **fields)` does it on the caller's order, and the answer is
    the order with its lines and appointments."""

    name: str
    path: str
    body: type[OrderRef]
    service: Callable[..., Any]


ORDER_ACTIONS = [
    OrderAction("accept_contractor_order", "accept", OrderRef, services.accept_order),
    OrderAction("appoint_contractor_order", "appoint", AppointIn, services.book_appointment),
    OrderAction("update_contractor_order_status", "status", StatusIn, _start_work),
    OrderAction("add_contractor_order_note", "note", NoteIn, partial(services.add_note, kind="contractor")),
    OrderAction("complete_contractor_order", "complete", CompleteIn, services.complete_order),
    OrderAction("request_contractor_order_extension", "extension", ExtensionIn, _request_extension),
]
DESCRIPTIONS = {
    "accept_contractor_order": "Accept an issued order.",
    "appoint_contractor_order": (
        "Book the appointment (AM or PM) on or before the target, or later with the resident's reason."
    ),
    "update_contractor_order_status": "Record that work has started (in_progress), with an optional note.",
    "add_contractor_order_note": "Add a job note to one of your orders.",
    "complete_contractor_order": (
        "Complete an order: when (ISO 8601 with a time zone) and whether it was fixed first time."
    ),
    "request_contractor_order_extension": (
        "Ask for more time, with the reason; a senior officer grants or refuses it."
    ),
}


def _order_action(service: Callable[..., Any]) -> Callable[..., Any]:
    """The body of an action's operation: find the caller's order, do it, answer the order."""

    def act(request: HttpRequest, payload: OrderRef) -> RepairOrder:
        order = _own(request, payload.reference)
        service(actor=actor(request), order=order, **payload.model_dump(exclude={"reference"}))
        return _detail(order)

    return act


for action in ORDER_ACTIONS:
    add_operation(
        router,
        "POST",
        f"/repairs/contractor/{action.path}",
        action.name,
        {200: ContractorOrderDetailOut},
        [("payload", action.body)],
        _order_action(action.service),
        capability="repairs.contractor",
        description=DESCRIPTIONS[action.name],
    )
