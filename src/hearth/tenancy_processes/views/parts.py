"""What the tenancy processes show on the rent pages, registered with `rents.page_parts`: on the
account page, the process buttons its kind of agreement allows and each process's letter; on the
approvals page, the processes waiting for a senior officer."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from hearth.core.permissions import has_capability
from hearth.rents import page_parts
from hearth.rents.models import RentAccount
from hearth.tenancy_processes import approvals, kind_rules
from hearth.tenancy_processes import selectors as process_selectors


def on_account(account: RentAccount) -> dict[str, Any]:
    processes = process_selectors.processes_of(account.tenancy_id)
    return {
        "processes": processes,
        "allowed": kind_rules.rule_for(account.tenancy.kind).processes,
        "has_letters": bool(processes),
    }


def waiting(request: HttpRequest) -> dict[str, Any]:
    return {
        "processes": list(approvals.pending()[:50]),
        "can_approve": has_capability(request.user, "tenancies.approve"),
    }


def register() -> None:
    page_parts.add_account_part(
        page_parts.AccountPart(
            actions="tenancy_processes/account_actions.html",
            letters="tenancy_processes/account_letters.html",
            values=on_account,
        )
    )
    page_parts.add_queue_part(
        page_parts.QueuePart(template="tenancy_processes/approvals.html", values=waiting)
    )
