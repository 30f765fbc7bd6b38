"""Limit/offset pagination: every list answers {count, limit, offset, items}."""

from __future__ import annotations

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
    """Subclass it per item type so the schema gets a plain name: `class PersonPage(Page[PersonOut]): pass`."""

    count: int = Field(description="How many items match, across all pages.")
    limit: int
    offset: int
    items: list[T]


def paginate(queryset: QuerySet[Any], page: PageQuery) -> dict[str, Any]:
    """One COUNT and one page of rows (plus the queryset's own prefetches), whatever the page size."""
    return {
        "count": queryset.count(),
        "limit": page.limit,
        "offset": page.offset,
        "items": list(queryset[page.offset : page.offset + page.limit]),
    }
