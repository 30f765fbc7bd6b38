"""Parts of the rent pages that apps above rents add, registered in their `AppConfig.ready()`.

Rents never imports those apps: the account page and the approvals queue render whatever parts
are registered here. Each part names a template and a function giving that template its values.
The account page shows a part's `actions` template in its row of buttons and its `letters`
template in its list of letters; the approvals queue shows a part's `queue` template below the
money requests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from hearth.rents.models import RentAccount


@dataclass(frozen=True)
class AccountPart:
    """Buttons and letters an app adds to the rent account page."""

    actions: str
    letters: str
    values: Callable[[RentAccount], dict[str, Any]]


@dataclass(frozen=True)
class QueuePart:
    """A list of things waiting for a decision, shown on the approvals page."""

    template: str
    values: Callable[[HttpRequest], dict[str, Any]]


_ACCOUNT_PARTS: list[AccountPart] = []
_QUEUE_PARTS: list[QueuePart] = []


def add_account_part(part: AccountPart) -> None:
    if part not in _ACCOUNT_PARTS:
        _ACCOUNT_PARTS.append(part)


def add_queue_part(part: QueuePart) -> None:
    if part not in _QUEUE_PARTS:
        _QUEUE_PARTS.append(part)


def account_parts(account: RentAccount) -> list[dict[str, Any]]:
    """What each registered part shows on this account: its templates and their values; `has_letters`
    says whether the part lists any letter (the Letters heading shows when one does)."""
    shown = []
    for part in _ACCOUNT_PARTS:
        values = part.values(account)
        shown.append({"actions": part.actions, "letters": part.letters, **values})
    return shown


def queue_parts(request: HttpRequest) -> list[dict[str, Any]]:
    return [{"template": part.template, **part.values(request)} for part in _QUEUE_PARTS]
