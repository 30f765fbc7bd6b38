"""Tables: the columns the generator fills, in the order of its row tuples."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import models
from django.db.models.base import ModelState
from django.utils import timezone

from hearth.core.models import SearchEntry
from hearth.core.search import Entry
from hearth.people.models import Alert, Household, HouseholdMember, Person
from hearth.people.services import PERSON_FIELDS
from hearth.properties.models import Block, Estate, Property
from hearth.properties.services import BLOCK_FIELDS, ESTATE_FIELDS, PROPERTY_FIELDS
from hearth.tenancies.models import Tenancy, TenancyParty
from hearth.tenancies.services import TENANCY_FIELDS


class Table:
    """A model's table as the generator fills it: `columns` name the fields of its row tuples, in
    order (a foreign key by its field, `estate`, or its column, `estate_id`); `label` is what the
    summary of a run calls its rows."""

    def __init__(self, model: type[models.Model], columns: Sequence[str], label: str) -> None:
        self.model = model
        self.label = label
        self.name = model._meta.db_table
        by_name = {f.name: f for f in model._meta.concrete_fields}
        by_attname = {f.attname: f for f in model._meta.concrete_fields}
        unknown = [c for c in columns if c not in by_attname and c not in by_name]
        if unknown:
            raise RuntimeError(f"{model.__name__} has no fields {unknown}")
        self.columns = [c if c in by_attname else by_name[c].attname for c in columns]
        # fields added to the model later that the generator does not know: their defaults
        self.extra: list[tuple[str, str, Any]] = []
        now = timezone.now()
        for f in model._meta.concrete_fields:
            if f.attname in self.columns:
                continue
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                value: Any = now
            elif f.has_default() or f.null or f.empty_strings_allowed:
                value = f.get_default()
            else:
                raise RuntimeError(
                    f"{model.__name__}.{f.name} has no default: teach the demo generator to fill it"
                )
            self.extra.append((f.attname, f.column, value))
        self.db_columns = [by_attname[c].column for c in self.columns] + [c for _, c, _ in self.extra]
        self.extra_values = tuple(v for _, _, v in self.extra)
        extra = {a: v for a, _, v in self.extra}
        self.extra_dict = extra
        position = {c: i for i, c in enumerate(self.columns)}
        # for each concrete field in model order: (index into the row, or None, constant)
        self.order = [(position.get(f.attname), extra.get(f.attname)) for f in model._meta.concrete_fields]
        self.date_positions = [
            i
            for i, c in enumerate(self.columns)
            if isinstance(by_attname[c], models.DateField)
            and not isinstance(by_attname[c], models.DateTimeField)
        ]
        self.datetime_positions = [
            i for i, c in enumerate(self.columns) if isinstance(by_attname[c], models.DateTimeField)
        ]

    def instance(self, row: tuple[Any, ...]) -> models.Model:
        """An unsaved model instance for a row (positional: the fast path of Model.__init__)."""
        return self.model(*[c if i is None else row[i] for i, c in self.order])

    def view(self, row: tuple[Any, ...]) -> Any:
        """A read-only instance for building search entries: the model's class and attributes,
        without Model.__init__ (five times cheaper; a million of them add up)."""
        obj = self.model.__new__(self.model)
        d = obj.__dict__
        d.update(self.extra_dict)
        d.update(zip(self.columns, row, strict=True))
        d["_state"] = ModelState()
        return obj


# the fields the services write (and audit), after the id and the code or reference the generator gives
ESTATE = Table(Estate, ["id", "code", *ESTATE_FIELDS], "estates")
BLOCK = Table(Block, ["id", "code", *BLOCK_FIELDS], "blocks")
PROPERTY = Table(Property, ["id", "reference", *PROPERTY_FIELDS, "created_at", "updated_at"], "properties")
PERSON = Table(Person, ["id", "reference", *PERSON_FIELDS, "created_at", "updated_at"], "people")
ALERT = Table(
    Alert,
    [
        "id",
        "person_id",
        "kind",
        "category",
        "description",
        "start_date",
        "end_date",
        "recorded_by_id",
        "recorded_at",
    ],
    "alerts",
)
HOUSEHOLD = Table(Household, ["id", "reference", "name", "created_at"], "households")
MEMBER = Table(
    HouseholdMember,
    ["id", "household_id", "person_id", "relationship", "joined", "left"],
    "household members",
)
TENANCY = Table(Tenancy, ["id", *TENANCY_FIELDS, "created_at", "updated_at"], "tenancies")
PARTY = Table(
    TenancyParty, ["id", "tenancy_id", "person_id", "role", "start_date", "end_date"], "tenancy parties"
)
SEARCH = Table(
    SearchEntry, ["id", "kind", "object_id", "title", "detail", "text", "key", "postcode"], "search entries"
)

# dependency order
TABLES = [ESTATE, BLOCK, PROPERTY, PERSON, HOUSEHOLD, MEMBER, TENANCY, PARTY, ALERT, SEARCH]


_SEARCH_FIELDS = tuple(SEARCH.columns[1:])


def search_row(entry_id: int, entry: Entry) -> tuple[Any, ...]:
    """The SearchEntry row for an Entry, made by Entry.as_model() itself (what search.index and
    index_many write), so the demo's rows can never drift from the services' rows."""
    values = entry.as_model().__dict__
    return (entry_id, *[values[c] for c in _SEARCH_FIELDS])
