"""Reads about tenancy processes: what waits for approval, the processes of an agreement, and the
legal state of a tenancy, which is read from its process records (never from the audit log)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from hearth.tenancies.models import Tenancy
from hearth.tenancy_processes.models import TenancyProcess

Effect = TenancyProcess.Effect


def pending() -> QuerySet[TenancyProcess]:
    return TenancyProcess.objects.pending().select_related("tenancy", "tenancy__property", "created_by")


def processes_of(tenancy_id: int) -> list[TenancyProcess]:
    return list(TenancyProcess.objects.filter(tenancy=tenancy_id))


def succession_used(tenancy: Tenancy) -> bool:
    """Has the tenancy already passed once: a statutory succession, an assignment to someone who could
    have succeeded, or a joint tenant's death leaving the others as tenants (survivorship)?"""
    return TenancyProcess.objects.with_effect(Effect.SUCCESSION).filter(tenancy=tenancy).exists()


def trial_extended(tenancy: Tenancy) -> bool:
    """Has the introductory trial already been extended (it can be only once)?"""
    return TenancyProcess.objects.with_effect(Effect.TRIAL_EXTENDED).filter(tenancy=tenancy).exists()


def possession_sought(tenancy_ids: Iterable[int]) -> set[int]:
    """The tenancies, of those given, whose introductory review decided to seek possession."""
    return set(
        TenancyProcess.objects.with_effect(Effect.POSSESSION_SOUGHT)
        .filter(tenancy__in=list(tenancy_ids))
        .values_list("tenancy_id", flat=True)
    )
