"""Reads for estates, blocks and properties."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from hearth.core.queries import where_given
from hearth.properties.models import Block, Estate, Property


def property_list(
    *,
    estate: int | None = None,
    block: int | None = None,
    kind: str = "",
    status: str = "",
    ownership: str = "",
    bedrooms: int | None = None,
    postcode: str = "",
) -> QuerySet[Property]:
    qs = where_given(
        Property.objects.select_related("estate", "block"),
        estate_id=estate or None,
        block_id=block or None,
        kind=kind,
        status=status,
        ownership=ownership,
        bedrooms=bedrooms,
        postcode__istartswith=postcode.strip(),
    )
    return qs.order_by("postcode", "address_line_1", "id")


def property_detail(pk: int) -> Property:
    return Property.objects.select_related("estate", "block").get(pk=pk)


def block_detail(pk: int) -> Block:
    return Block.objects.select_related("estate").get(pk=pk)


def estate_list() -> QuerySet[Estate]:
    return Estate.objects.annotate(block_count=Count("blocks", distinct=True)).order_by("name")


def estate_detail(pk: int) -> Estate:
    return Estate.objects.get(pk=pk)


def block_list(*, estate: int | None = None) -> QuerySet[Block]:
    qs = where_given(
        Block.objects.select_related("estate").annotate(home_count=Count("properties")),
        estate_id=estate or None,
    )
    return qs.order_by("estate__name", "name")
