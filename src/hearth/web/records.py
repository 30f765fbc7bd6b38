"""The record kinds that have pages: one place that knows their URL segment and model."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model

from hearth.people.models import Person
from hearth.properties.models import Block, Estate, Property
from hearth.rents.models import RentAccount
from hearth.repairs.models import HazardCase, RepairOrder
from hearth.tenancies.models import Tenancy


@dataclass(frozen=True)
class RecordKind:
    segment: str
    model: type[Model]
    noun: str
    title: Callable[[Any], str]
    caption: Callable[[Any], str]


KINDS: dict[str, RecordKind] = {
    k.segment: k
    for k in (
        RecordKind("people", Person, "Person", lambda o: o.full_name, lambda o: o.reference),
        RecordKind("properties", Property, "Property", lambda o: o.address_line_1, lambda o: o.reference),
        RecordKind("blocks", Block, "Block", lambda o: o.name, lambda o: o.code),
        RecordKind("estates", Estate, "Estate", lambda o: o.name, lambda o: o.code),
        RecordKind("tenancies", Tenancy, "Agreement", lambda o: o.reference, lambda o: o.get_kind_display()),
        RecordKind(
            "repairs/orders", RepairOrder, "Repair order", lambda o: o.reference, lambda o: o.priority
        ),
        RecordKind("repairs/hazards", HazardCase, "Hazard case", lambda o: o.reference, lambda o: o.hazard),
        RecordKind(
            "rents/accounts",
            RentAccount,
            "Rent account",
            lambda o: o.reference,
            lambda o: o.tenancy.reference,
        ),
    )
}


def record_url(segment: str, pk: int) -> str:
    return f"/{segment}/{pk}/"


def url_for_model(model: type[Model] | None, pk: Any) -> str | None:
    for kind in KINDS.values():
        if model is kind.model:
            return record_url(kind.segment, pk)
    return None
