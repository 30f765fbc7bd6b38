"""Building blocks of the acceptance runner: cases, errors, field checks and value parsing."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Union

from hearth.core.calendar import make_local, to_local


class AcceptanceError(Exception):
    """A case file or case the runner cannot understand. Never an expected failure."""


class UnknownFamily(AcceptanceError):
    pass


class UnknownField(AcceptanceError):
    pass


class CaseMismatch(AssertionError):
    """The product gave a different answer from the case."""


class NotBuilt(Exception):
    """The rules for this family are not built yet."""


@dataclass(frozen=True)
class Case:
    family: str
    id: str
    data: Mapping[str, Any]
    source: Path
    problem: AcceptanceError | None = None  # set when the file or case could not be read

    @property
    def test_id(self) -> str:
        return f"{self.family}/{self.id}"

    @property
    def where(self) -> str:
        return f"{self.source.name}, case {self.id}"


@dataclass(frozen=True)
class ListOf:
    """A list whose items are mappings with these fields."""

    item: Schema


Schema = Mapping[str, Union["Schema", ListOf, None]]  # None: a plain value, not checked further


@dataclass(frozen=True)
class Family:
    """A rule family: which fields its cases may have, and how to check one case (None: not built)."""

    name: str
    schema: Callable[[Case], Schema]
    check: Callable[[Case], None] | None = None


@dataclass(frozen=True)
class ExpectedFailure:
    """A family whose module a later issue builds."""

    issue: int
    builds: str

    @property
    def reason(self) -> str:
        return f"issue {self.issue} builds {self.builds}"

    @property
    def note(self) -> str:
        return f"issue {self.issue}: {self.builds} not built yet"


def check_fields(data: Any, schema: Schema, where: str) -> None:
    """Refuse any field the schema does not name, at every level."""
    if not isinstance(data, Mapping):
        raise AcceptanceError(f"{where}: expected a set of named fields, got {data!r}.")
    unknown = [str(k) for k in data if k not in schema]
    if unknown:
        known = ", ".join(schema)
        raise UnknownField(
            f"{where}: unknown field {', '.join(repr(u) for u in unknown)} (this family understands: {known})."
        )
    for name, sub in schema.items():
        value = data.get(name)
        if sub is None or value is None:
            continue
        if isinstance(sub, ListOf):
            if not isinstance(value, list):
                raise AcceptanceError(f"{where}: {name} should be a list.")
            for index, item in enumerate(value, start=1):
                check_fields(item, sub.item, f"{where}, {name} #{index}")
        else:
            check_fields(value, sub, f"{where}, {name}")


def require(case: Case, name: str) -> Any:
    if case.data.get(name) is None:
        raise AcceptanceError(f"{case.where}: missing field {name!r}.")
    return case.data[name]


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?")


def as_date(value: Any, where: str) -> dt.date:
    """A `YYYY-MM-DD` date, quoted or not."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _DATE.fullmatch(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise AcceptanceError(f"{where}: {value!r} is not a date like 2025-11-03.")


def as_local_time(value: Any, where: str) -> dt.datetime:
    """A `YYYY-MM-DDTHH:MM` local wall-clock time as an aware London datetime."""
    if isinstance(value, dt.datetime):
        return to_local(value) if value.tzinfo else make_local(value)
    if isinstance(value, str) and _TIME.fullmatch(value.strip()):
        try:
            return make_local(dt.datetime.fromisoformat(value.strip()))
        except ValueError:
            pass
    raise AcceptanceError(f"{where}: {value!r} is not a local time like 2025-12-19T16:45.")


def shown(value: Any) -> str:
    """A value written the way case files write it."""
    if isinstance(value, dt.datetime):
        return f"{to_local(value):%Y-%m-%dT%H:%M}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return repr(value) if value is not None else "nothing"


def compare(case: Case, expected: Mapping[str, Any], got: Mapping[str, Any]) -> None:
    """Raise `CaseMismatch` listing every expected value the product did not give."""
    wrong = [
        f"{name}: expected {shown(want)} got {shown(got.get(name))}"
        for name, want in expected.items()
        if got.get(name) != want
    ]
    if wrong:
        raise CaseMismatch("; ".join(wrong))
