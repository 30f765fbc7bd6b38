"""Building blocks for the apps' request and response schemas."""

from __future__ import annotations

from typing import Annotated, Any

from django.db import models
from ninja import Field, Schema
from pydantic import ConfigDict, field_validator
from pydantic import Field as PydanticField

# a database id: positive and within a 64-bit integer, so no lookup can overflow
Id = Annotated[int, PydanticField(ge=1, le=2**63 - 1)]


class InputSchema(Schema):
    """A request body: unknown fields are refused, and text may not hold NUL characters."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("Remove the invalid character (NUL) from this field.")
        return value


def omittable(**kwargs: Any) -> Any:
    """A PATCH field that may be left out but not sent as null (for columns that cannot be empty).

    Its default is unset rather than None, so `model_dump(exclude_unset=True)` leaves it out; an explicit
    null fails the field's type with a sentence instead of reaching the database.
    """
    return Field(None, **kwargs)


def text(model: type[models.Model], field: str, default: Any = ..., **kwargs: Any) -> Any:
    """A text field no longer than the model's column, described by its verbose name."""
    model_field = model._meta.get_field(field)
    return Field(
        default,
        max_length=kwargs.pop("max_length", getattr(model_field, "max_length", None)),
        description=kwargs.pop("description", str(getattr(model_field, "verbose_name", field)).capitalize()),
        **kwargs,
    )


def choice(model: type[models.Model], field: str, default: Any = ...) -> Any:
    """A choice field: the allowed values are listed in the schema; the service checks them."""
    model_field = model._meta.get_field(field)
    values = [value for value, _label in getattr(model_field, "choices", None) or []]
    label = str(getattr(model_field, "verbose_name", field)).capitalize()
    return Field(
        default,
        description=f"{label}: one of {', '.join(values)}.",
        json_schema_extra={"enum": values},
    )


def read_along(path: str) -> Any:
    """A response field's resolver that reads along `path` from the record, e.g.
    `resolve_person_name = read_along("person.full_name")`."""
    names = path.split(".")

    def read(obj: Any) -> Any:
        for name in names:
            obj = getattr(obj, name)
        return obj

    return staticmethod(read)


def label_of(field: str) -> Any:
    """A response field's resolver that shows the label of a choice field's value, e.g.
    `resolve_kind_label = label_of("kind")` (the record's `get_kind_display()`)."""

    def label(obj: Any) -> Any:
        return getattr(obj, f"get_{field}_display")()

    return staticmethod(label)
