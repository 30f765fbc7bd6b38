"""What the global search knows about a tenancy: the one place that builds its entry.

The caller passes the tenants' names and the property's address (it has them, or can fetch them
in one query), so this function costs no queries itself.
"""

from __future__ import annotations

from datetime import date

from hearth.core.search import Entry
from hearth.tenancies.models import Tenancy

_KIND_LABELS = dict(Tenancy.Kind.choices)


def _day(d: date) -> str:
    return f"{d.day} {d:%b %Y}"


def tenancy_entry(tenancy: Tenancy, tenant_names: list[str], address: str) -> Entry:
    kind = _KIND_LABELS.get(tenancy.kind, tenancy.kind)
    names = " and ".join(n for n in tenant_names if n)
    if tenancy.end_date:
        when = f"ended {_day(tenancy.end_date)}"
    else:
        when = f"from {_day(tenancy.start_date)}"
    return Entry(
        kind="tenancy",
        object_id=tenancy.pk,
        title=" – ".join(p for p in (tenancy.reference, names) if p),
        detail=" · ".join(p for p in (kind, address, when) if p),
        words=tuple(w for w in (tenancy.reference, *tenant_names, address) if w),
        key=tenancy.reference,
    )
