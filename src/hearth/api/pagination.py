"""Limit/offset pagination: every list answers {count, limit, offset, items}."""

from __future__ import annotations

from functools import cache
from typing import Any, Generic, TypeVar

from django.db.models import QuerySet
from ninja import Field, Schema
from pydantic import BaseModel

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_OFFSET = 10**9

T = TypeVar("T")


class PageQuery(Schema):
    limit: int = Field(
        DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"How many items (at most {MAX_LIMIT})."
    )
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many items to skip.")


class Page(BaseModel, Generic[T]):
    """A page of items; `page_of(PersonOut)` is the one for people, with a plain schema name."""

    count: int = Field(description="How many items match, across all pages.")
    limit: int
    offset: int
    items: list[T]


@cache
def page_of(item: type[BaseModel]) -> type[Page[Any]]:
    """The page schema of a list of `item`, named after it (`PersonOut` -> `PersonPage`), made once."""
    name = item.__name__.removesuffix("Out") + "Page"
    return type(name, (Page[item],), {"__module__": item.__module__})  # type: ignore[valid-type]


def paginate(queryset: QuerySet[Any], page: PageQuery) -> dict[str, Any]:
    """One COUNT and one page of rows (plus the queryset's own prefetches), whatever the page size."""
    return {
        "count": queryset.count(),
        "limit": page.limit,
        "offset": page.offset,
        "items": list(queryset[page.offset : page.offset + page.limit]),
    }
