"""One way for a list page's filters to narrow a query: each filter the officer filled in applies,
each one left empty does not."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import QuerySet

QS = TypeVar("QS", bound=QuerySet[Any])


def where_given(qs: QS, **lookups: Any) -> QS:
    """`qs` narrowed by each lookup whose value was given: None and "" mean "any" (0 and False
    are values)."""
    given = {lookup: value for lookup, value in lookups.items() if value is not None and value != ""}
    return qs.filter(**given) if given else qs
