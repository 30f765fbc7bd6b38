"""What the global search knows about estates, blocks and properties: one function per kind.

Services call these whenever a record is created or changed; the demo generator calls them in bulk.
They read only the record's own fields (no related rows), so they cost no queries.
"""

from __future__ import annotations

from hearth.core.search import Entry
from hearth.properties.models import Block, Estate, Property

_KIND_LABELS = dict(Property.Kind.choices)


def estate_entry(estate: Estate) -> Entry:
    detail = " · ".join(p for p in (estate.code, f"{estate.ward} ward" if estate.ward else "") if p)
    return Entry(
        kind="estate",
        object_id=estate.pk,
        title=estate.name,
        detail=detail,
        words=tuple(w for w in (estate.name, estate.ward, estate.code) if w),
        key=estate.code,
    )


def block_entry(block: Block) -> Entry:
    where = ", ".join(p for p in (block.address_line_1, block.town, block.postcode) if p)
    storeys = f"{block.storeys} storey" + ("s" if block.storeys != 1 else "")
    return Entry(
        kind="block",
        object_id=block.pk,
        title=block.name,
        detail=" · ".join(p for p in (block.code, where, storeys) if p),
        words=tuple(
            w for w in (block.name, block.address_line_1, block.town, block.postcode, block.code) if w
        ),
        key=block.code,
        postcode=block.postcode,
    )


def property_entry(prop: Property) -> Entry:
    title = ", ".join(p for p in (prop.address_line_1, prop.address_line_2, prop.town, prop.postcode) if p)
    kind = _KIND_LABELS.get(prop.kind, prop.kind)
    parts = [prop.reference, kind]
    if prop.uprn:
        parts.append(f"UPRN {prop.uprn}")
    words = (
        prop.address_line_1,
        prop.address_line_2,
        prop.town,
        prop.postcode,
        prop.reference,
        str(prop.uprn) if prop.uprn else "",
    )
    return Entry(
        kind="property",
        object_id=prop.pk,
        title=title,
        detail=" · ".join(parts),
        words=tuple(w for w in words if w),
        key=prop.reference,
        postcode=prop.postcode,
    )
