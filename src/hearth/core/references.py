"""Human references (P000123, PR004512, T000045): gap-free per counter, safe under concurrency."""

from __future__ import annotations

from django.db import transaction

from hearth.core.models import Sequence


def reserve(name: str, count: int = 1) -> int:
    """Reserve `count` numbers of the counter `name`; returns the first."""
    with transaction.atomic():
        Sequence.objects.get_or_create(name=name)
        seq = Sequence.objects.select_for_update().get(name=name)
        first = seq.value + 1
        seq.value += count
        seq.save(update_fields=["value"])
    return first


def format_reference(prefix: str, number: int, width: int = 6) -> str:
    return f"{prefix}{number:0{width}d}"


def next_reference(prefix: str, width: int = 6) -> str:
    return format_reference(prefix, reserve(prefix), width)
