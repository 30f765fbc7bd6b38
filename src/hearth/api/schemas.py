"""Building blocks for the apps' request and response schemas."""

from __future__ import annotations

import datetime as dt
import json
import re
import types
import typing
from decimal import Decimal
from typing import Annotated, Any

from annotated_types import MaxLen
from django.db import models
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.parser import Parser
from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)
from pydantic import Field as PydanticField

from hearth.core.calendar import EARLIEST_PAYMENT_DAY
from hearth.core.money import MoneyError, parse_money

# a database id: positive and within a 64-bit integer, so no lookup can overflow
Id = Annotated[int, PydanticField(ge=1, le=2**63 - 1)]

_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_day(value: Any) -> Any:
    """Only `YYYY-MM-DD` text is a day: not a number (which pydantic would read as a Unix time)."""
    if isinstance(value, dt.date) or (isinstance(value, str) and _ISO_DAY.fullmatch(value)):
        return value
    raise ValueError("Enter a real date in the format YYYY-MM-DD.")


# a date in a body or a query: `YYYY-MM-DD` only
Day = Annotated[dt.date, BeforeValidator(_iso_day)]


def _payment_day(day: dt.date) -> dt.date:
    if day < EARLIEST_PAYMENT_DAY:
        raise ValueError(f"Enter a payment date on or after {EARLIEST_PAYMENT_DAY:%-d %B %Y}.")
    return day


# the day a payment was made: not before EARLIEST_PAYMENT_DAY (core.calendar); the service refuses
# a day after today, with the body's other problems
PaymentDay = Annotated[Day, AfterValidator(_payment_day)]

_MONEY_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]{1,2})?")


def _money(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
        raise ValueError('Enter an amount of money, like "95.50".')
    if not isinstance(value, str):
        # a JSON number (read as written, see ExactNumbers): at most two decimals, never an exponent
        if not _MONEY_NUMBER.fullmatch(str(value)):
            raise ValueError('Enter an amount with no more than 2 decimal places, like "95.50".')
        value = str(value)
    try:
        return parse_money(value, allow_negative=True)
    except MoneyError as exc:
        raise ValueError(str(exc)) from exc


# An amount of money in a body, read by core.money.parse_money: a string like "95.50" or "1,250.00",
# or a JSON number with at most two decimals and no exponent. Whether it may be negative or nought is
# the service's rule, checked with the body's other fields.
Money = Annotated[
    Decimal,
    BeforeValidator(_money),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": r"^-?£?([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\.[0-9]{1,2})?$"},
                {"type": "number", "multipleOf": 0.01},
            ]
        }
    ),
]


class ExactNumbers(Parser):
    """Reads a JSON body keeping each number with a point as written (a Decimal, not a float), so
    that `12.345` or `1e6` can be told from an amount with pence."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        return typing.cast(dict[str, Any], json.loads(request.body, parse_float=Decimal))


def _holds_text(annotation: Any) -> bool:
    if annotation is str:
        return True
    if typing.get_origin(annotation) in {typing.Union, types.UnionType}:
        return any(_holds_text(arg) for arg in typing.get_args(annotation))
    return False


def _choices(field: Any) -> list[Any] | None:
    extra = field.json_schema_extra
    return extra.get("enum") if isinstance(extra, dict) else None


def _one_of_listed(schema: type[Schema], value: Any, info: ValidationInfo) -> Any:
    """`value`, if the field lists its choices (`choice()`, or an `enum`) and it is one of them."""
    values = _choices(schema.model_fields[info.field_name or ""])
    if values is not None and value is not None and value not in values:
        raise ValueError(f"Enter one of: {', '.join(str(v) for v in values if v)}.")
    return value


class InputSchema(Schema):
    """A request body: unknown fields are refused, text may not hold NUL characters, and every text
    field names its longest value (`text()` takes it from the model's column), so a long value is a
    422 on its field before the database sees it: a text field without one stops the app loading."""

    model_config = ConfigDict(extra="forbid")

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        for name, field in cls.model_fields.items():
            limited = any(isinstance(m, MaxLen) for m in field.metadata)
            if _holds_text(field.annotation) and not limited and _choices(field) is None:
                raise TypeError(f"{cls.__name__}.{name} is text without a max_length: use text().")

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("Remove the invalid character (NUL) from this field.")
        return value


class QuerySchema(Schema):
    """A list's filters: a value outside a filter's listed choices is a 422 naming the parameter."""

    @field_validator("*", mode="after")
    @classmethod
    def _listed(cls, value: Any, info: ValidationInfo) -> Any:
        return _one_of_listed(cls, value, info)


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
    """A choice field: the allowed values are listed in the schema (and "" when that is the default,
    as for a filter); a body's service checks them (with every other problem at once), a
    `QuerySchema` refuses any other. Its length is the column's."""
    model_field = model._meta.get_field(field)
    values = [value for value, _label in getattr(model_field, "choices", None) or []]
    label = str(getattr(model_field, "verbose_name", field)).capitalize()
    return Field(
        default,
        max_length=getattr(model_field, "max_length", None),
        description=f"{label}: one of {', '.join(values)}.",
        json_schema_extra={"enum": ["", *values] if default == "" else values},
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
