"""The field shapes records share, each written once: who did something, a link to another record,
money, a reference. (The page a record opens on is `core.pages.HasPage`; the field groups several
records share, such as a second person's decision, are the abstract models in `core.models`.)"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


def link(
    to: Any,
    related_name: str = "+",
    verbose_name: str | None = None,
    *,
    null: bool = True,
    blank: bool = True,
    on_delete: Any = None,
    **options: Any,
) -> Any:
    """A link to another record, empty unless `null=False`; protected (the other record cannot be
    deleted under it) unless told otherwise. Other options go to the `ForeignKey` as they are."""
    return models.ForeignKey(
        to,
        null=null,
        blank=blank,
        on_delete=on_delete or models.PROTECT,
        related_name=related_name,
        verbose_name=verbose_name,
        **options,
    )


def officer(
    verbose_name: str | None = None,
    *,
    null: bool = True,
    blank: bool = False,
    on_delete: Any = None,
    **options: Any,
) -> Any:
    """The user who did something, never deleted with the record: by default the user cannot be removed
    while records name them; with `on_delete=models.SET_NULL` the record stays and forgets them. With
    `null=False` every record names one."""
    return link(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=null,
        blank=blank,
        on_delete=on_delete,
        **options,
    )


def one_per_user(related_name: str) -> Any:
    """The user a record belongs to (their limits, the contractor they act for): one such record per
    user, removed with the user."""
    return models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name=related_name)


def optional_link(to: Any, related_name: str, verbose_name: str, *, on_delete: Any = None) -> Any:
    """A link to another record that may be empty (a home, a block, the order raised)."""
    return link(to, related_name, verbose_name, on_delete=on_delete)


def money(verbose_name: str, *, max_digits: int = 12, **options: Any) -> Any:
    """An amount in pounds and pence (`max_digits` counts the pence)."""
    return models.DecimalField(verbose_name, max_digits=max_digits, decimal_places=2, **options)


def reference(verbose_name: str = "reference") -> Any:
    """The record's reference, as the officer quotes it (unique)."""
    return models.CharField(verbose_name, max_length=12, unique=True)
