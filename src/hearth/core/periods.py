"""Named conditions for records that run for a period (agreements, their parties, alerts,
arrangements, charges): one place for each boundary, so no page or service writes it again.

Two boundaries, on purpose:

- **live on a day**: the record runs through its last day. An agreement ending on Sunday is
  still live on that Sunday (rent is due for it, its tenants are current).
- **let on a day**: the let / void boundary. A home is void from the last day of its last
  agreement, because the keys come back that day.

Each takes an optional ``through`` prefix for a relation ("tenancy__", "account__tenancy__") so
the same condition reads from a related record.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q


def live_on(day: dt.date, through: str = "") -> Q:
    """No end recorded, or the end is on or after the day: running through its last day."""
    return Q(**{f"{through}end_date__isnull": True}) | Q(**{f"{through}end_date__gte": day})


def let_on(day: dt.date, through: str = "") -> Q:
    """No end recorded, or the end is after the day: the let / void boundary (void from the last day)."""
    return Q(**{f"{through}end_date__isnull": True}) | Q(**{f"{through}end_date__gt": day})


def started_by(day: dt.date, through: str = "") -> Q:
    """Begun on or before the day."""
    return Q(**{f"{through}start_date__lte": day})
