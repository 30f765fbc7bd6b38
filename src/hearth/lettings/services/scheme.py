"""The scheme's rules: the bands, bid limit, qualification and refusal rules, each version in force
from a date; the rules the product ships with until the partnership records its own.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hearth.core import audit, permissions
from hearth.core.records import Errors
from hearth.lettings import domain
from hearth.lettings.models import SchemePolicy

DEFAULT_BANDS = [
    {"code": "A", "name": "Band A (urgent need)", "time_limit_months": 3},
    {"code": "B", "name": "Band B (high need)", "time_limit_months": 6},
    {"code": "C", "name": "Band C (medium need)", "time_limit_months": None},
    {"code": "D", "name": "Band D (low need)", "time_limit_months": None},
]


def default_policy() -> SchemePolicy:
    """The rules the product ships with, used until the partnership records its own."""
    return SchemePolicy(
        effective_from=dt.date(2000, 1, 1),
        bands=DEFAULT_BANDS,
        bid_limit=3,
        cycle_opens_weekday=3,
        cycle_opens_time=dt.time(0, 1),
        cycle_length_days=4,
        cycle_closes_time=dt.time(23, 59),
        minimum_age=16,
        residence_years=2,
        work_months=6,
        family_years=5,
        exemptions=sorted(domain.EXEMPTIONS),
        refusal_limit=3,
        refusal_suspension_months=12,
    )


def current_policy(on: dt.date | None = None) -> SchemePolicy:
    day = on or timezone.localdate()
    return SchemePolicy.objects.filter(effective_from__lte=day).order_by("-effective_from").first() or (
        default_policy()
    )


def qualification_rules(policy: SchemePolicy) -> domain.QualificationRules:
    return domain.QualificationRules(
        minimum_age=policy.minimum_age,
        residence_years=policy.residence_years,
        work_months=policy.work_months,
        family_years=policy.family_years,
        exemptions=frozenset(policy.exemptions),
    )


def validate_bands(bands: Any) -> list[dict[str, Any]]:
    if not isinstance(bands, list) or not bands:
        raise ValidationError("List at least one band, highest priority first.")
    out, seen = [], set()
    for band in bands:
        code = str((band or {}).get("code", "")).strip()
        if not code:
            raise ValidationError("Every band needs a code, for example A.")
        if code in seen:
            raise ValidationError(f"Band {code} is listed twice.")
        seen.add(code)
        months = band.get("time_limit_months")
        if months is not None and (not isinstance(months, int) or months <= 0):
            raise ValidationError(f"Band {code}'s time limit must be a whole number of months, or none.")
        out.append({"code": code, "name": str(band.get("name") or code), "time_limit_months": months})
    return out


@transaction.atomic
def set_policy(*, actor: Any, effective_from: dt.date, **rules: Any) -> SchemePolicy:
    """Record a new version of the scheme's rules, in force from a date. Earlier versions are kept."""
    permissions.require(actor, "lettings.configure")
    base = current_policy(effective_from)
    allowed = {f.name for f in SchemePolicy._meta.fields} - {"id", "effective_from", "created_at"}
    errors = Errors()
    for name in set(rules) - allowed:
        errors.add(name, "This rule cannot be set here.")
    if "bands" in rules:
        errors.clean(rules, "bands", validate_bands)
    for name in ("exemptions",):
        unknown = set(rules.get(name) or []) - set(domain.EXEMPTIONS)
        if unknown:
            errors.add(name, f"Unknown exemption: {', '.join(sorted(unknown))}.")
    if rules.get("bid_limit") is not None and rules["bid_limit"] < 1:
        errors.add("bid_limit", "The bid limit must be at least 1.")
    if effective_from is None:
        errors.add("effective_from", "Enter the date the rules come into force.")
    elif SchemePolicy.objects.filter(effective_from=effective_from).exists():
        errors.add("effective_from", "Rules already start on this date; choose another date.")
    errors.raise_if_any()
    values = {f: getattr(base, f) for f in allowed}
    values.update(rules)
    policy = SchemePolicy(effective_from=effective_from, **values)
    policy.save()
    audit.record(
        actor=actor,
        obj=policy,
        action="created",
        changes={name: [None, str(getattr(policy, name))] for name in ["effective_from", *sorted(allowed)]},
        summary=f"Scheme rules from {effective_from:%d %B %Y}",
    )
    return policy
