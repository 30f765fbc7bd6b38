"""The record kinds that have pages: one place that knows their URL segment, model and page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model
from django.urls import reverse

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
    url_name: str  # the record's page, taking its id
    # the History and Files tabs where its app routes them itself (taking the id); otherwise the
    # shared `web:history` and `web:files` pages, taking the segment and the id
    tab_names: dict[str, str] = field(default_factory=dict)


KINDS: dict[str, RecordKind] = {
    k.segment: k
    for k in (
        RecordKind("people", Person, "Person", lambda o: o.full_name, lambda o: o.reference, "web:person"),
        RecordKind(
            "properties",
            Property,
            "Property",
            lambda o: o.address_line_1,
            lambda o: o.reference,
            "web:property",
        ),
        RecordKind("blocks", Block, "Block", lambda o: o.name, lambda o: o.code, "web:block"),
        RecordKind("estates", Estate, "Estate", lambda o: o.name, lambda o: o.code, "web:estate"),
        RecordKind(
            "tenancies",
            Tenancy,
            "Agreement",
            lambda o: o.reference,
            lambda o: o.get_kind_display(),
            "web:tenancy",
        ),
        RecordKind(
            "repairs/orders",
            RepairOrder,
            "Repair order",
            lambda o: o.reference,
            lambda o: o.priority,
            "repairs:order",
            {"history": "repairs:order_history", "files": "repairs:order_files"},
        ),
        RecordKind(
            "repairs/hazards",
            HazardCase,
            "Hazard case",
            lambda o: o.reference,
            lambda o: o.hazard,
            "repairs:hazard",
            {"history": "repairs:hazard_history"},
        ),
        RecordKind(
            "rents/accounts",
            RentAccount,
            "Rent account",
            lambda o: o.reference,
            lambda o: o.tenancy.reference,
            "rents:account",
            {"history": "rents:history", "files": "rents:files"},
        ),
    )
}


def record_url(segment: str, pk: int) -> str:
    """The page of the record of kind `segment` (e.g. "people") with id `pk`."""
    return reverse(KINDS[segment].url_name, args=[pk])


def segment_for(model: type[Model] | None) -> str | None:
    """The URL segment of a record kind with pages (None for a model without)."""
    for kind in KINDS.values():
        if model is kind.model:
            return kind.segment
    return None


def url_for_model(model: type[Model] | None, pk: Any) -> str | None:
    segment = segment_for(model)
    return record_url(segment, pk) if segment is not None else None


def tab_url(obj: Model, tab: str) -> str:
    """A record's History or Files tab (`tab` is "history" or "files")."""
    segment = segment_for(type(obj))
    if segment is None:
        raise ValueError(f"{type(obj).__name__} has no record pages.")
    name = KINDS[segment].tab_names.get(tab)
    if name is not None:
        return reverse(name, args=[obj.pk])
    return reverse(f"web:{tab}", kwargs={"segment": segment, "pk": obj.pk})
