"""Pure rules about agreements (no ORM)."""

from __future__ import annotations

import datetime as dt

RESIDENTIAL = {"introductory", "secure", "flexible", "non_secure", "temporary"}
DWELLINGS = {"house", "flat", "maisonette", "bungalow", "bedsit"}
MIN_TENANT_AGE = 16


def kind_fits_property(kind: str, property_kind: str, ownership: str) -> str | None:
    """None when an agreement of `kind` may be granted on the property; else the reason why not."""
    if kind in RESIDENTIAL and property_kind not in DWELLINGS:
        return (
            "A residential tenancy or licence must be of a home, not a garage, store, shop or communal area."
        )
    if kind == "leasehold" and (property_kind not in DWELLINGS or ownership != "leasehold"):
        return "A leasehold agreement needs a home whose ownership is recorded as leasehold."
    if kind in RESIDENTIAL and ownership == "leasehold":
        return "This home is leasehold; record a leasehold agreement instead."
    if kind == "garage" and property_kind not in {"garage", "store"}:
        return "A garage licence must be of a garage or a store."
    if kind == "commercial" and property_kind != "shop":
        return "A commercial lease must be of a shop."
    return None


def age_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def overlaps(start: dt.date, end: dt.date | None, other_start: dt.date, other_end: dt.date | None) -> bool:
    """Do two inclusive date ranges (None = open-ended) overlap?"""
    return (other_end is None or start <= other_end) and (end is None or other_start <= end)
