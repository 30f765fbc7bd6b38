"""Ids in a request body that must name real records: an unknown one is a 422 on its field, not a 404."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models

M = TypeVar("M", bound=models.Model)

# id fields a body may hold: the API's field -> the service's field and the model it names
IdFields = Mapping[str, tuple[str, type[models.Model]]]


def _missing(model: type[models.Model], ids: Sequence[int]) -> list[str]:
    return [f"There is no {model._meta.verbose_name} with id {i}." for i in ids]


def resolve(model: type[M], pk: int, field: str) -> M:
    obj = model._default_manager.filter(pk=pk).first()
    if obj is None:
        raise ValidationError({field: _missing(model, [pk])})
    return obj


def resolve_optional(model: type[M], pk: int | None, field: str) -> M | None:
    return None if pk is None else resolve(model, pk, field)


def resolve_many(model: type[M], ids: Sequence[int], field: str) -> list[M]:
    """The records in the order given (repeats kept, so the service can say a person is listed twice)."""
    found = model._default_manager.in_bulk(list(dict.fromkeys(ids)))
    missing = [i for i in dict.fromkeys(ids) if i not in found]
    if missing:
        raise ValidationError({field: _missing(model, missing)})
    return [found[i] for i in ids]


class References:
    """Resolve several fields, then report every unknown id at once."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def one(self, model: type[M], pk: int | None, field: str) -> M | None:
        if pk is None:
            return None
        try:
            return resolve(model, pk, field)
        except ValidationError as exc:
            self.errors.update(exc.message_dict)
            return None

    def many(self, model: type[M], ids: Sequence[int], field: str) -> list[M]:
        try:
            return resolve_many(model, ids, field)
        except ValidationError as exc:
            self.errors.update(exc.message_dict)
            return []

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def with_records(data: dict[str, Any], ids: IdFields) -> dict[str, Any]:
    """A body's fields as a service takes them: each id field sent that `ids` names is replaced by
    its record (None stays None), a list of ids by the list of records; every unknown id at once."""
    refs = References()
    for field, (name, model) in ids.items():
        if field in data:
            value = data.pop(field)
            data[name] = (
                refs.many(model, value, field) if isinstance(value, list) else refs.one(model, value, field)
            )
    refs.raise_if_any()
    return data


def renamed_ids(ids: IdFields) -> dict[str, str]:
    """The service's field -> the API's, for `errors.fields_renamed`."""
    return {name: field for field, (name, _model) in ids.items()}
