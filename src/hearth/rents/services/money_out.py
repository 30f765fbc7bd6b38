"""Money out and corrections: refunds, write-offs and rent debit amendments within each officer's
limits, a different person's approval above them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from hearth.core import audit, permissions
from hearth.core.actors import user_of
from hearth.core.money import format_money, to_money
from hearth.core.records import Errors, create_audited, record_change
from hearth.core.references import next_reference
from hearth.rents import domain, selectors
from hearth.rents.models import (
    MoneyRequest,
    OfficerLimit,
    RentAccount,
    Transaction,
)
from hearth.rents.services.common import checked, read_amount, today

REQUEST_FIELDS = ["reference", "kind", "amount", "reason", "state", "decided_by", "decision_note"]

# money out: ledger sign (+ increases what the tenant owes)
REQUEST_SIGN = {"refund": 1, "hb_refund": 1, "uc_refund": 1, "write_off": -1, "adjustment": 1}
LIMIT_FIELD = {
    "refund": "refund",
    "hb_refund": "refund",
    "uc_refund": "refund",
    "write_off": "write_off",
    "adjustment": "adjustment",
}


def limit_for(user: Any, kind: str) -> Decimal:
    field = LIMIT_FIELD[kind]
    pk = getattr(user, "pk", None)
    row = OfficerLimit.objects.filter(user_id=pk).first() if pk is not None else None
    if row:
        return Decimal(getattr(row, field))
    approver = permissions.has_capability(user, "rents.approve") if pk is not None else False
    return (domain.DEFAULT_APPROVER_LIMITS if approver else domain.DEFAULT_LIMITS)[field]


LIMIT_NAME = {"refund": "refunds", "write_off": "write-offs", "adjustment": "rent debit amendments"}
SPLIT_WINDOW = dt.timedelta(days=30)
REFUND_KINDS = ("refund", "hb_refund", "uc_refund")


def _room_problem(account: RentAccount, kind: str, value: Decimal) -> str | None:
    """Why `value` is more than the account can take: a refund no more than its credit (everything
    posted), a write-off no more than its arrears (owed by today)."""
    if kind in REFUND_KINDS:
        credit = max(-selectors.balance(account), Decimal("0.00"))
        if value > credit:
            if credit == 0:
                return "The account is not in credit, so there is nothing to refund."
            return f"A refund can be no more than the account's credit of {format_money(credit)}."
    elif kind == "write_off":
        owed = selectors.arrears(account)
        if value > owed:
            if owed == 0:
                return "The account has no arrears to write off."
            return f"A write-off can be no more than the arrears of {format_money(owed)}."
    return None


def recent_requested(*, user: Any, account: RentAccount, kind: str) -> Decimal:
    """What `user` asked for in the last 30 days on the account, posted or waiting, of the kinds
    sharing `kind`'s limit: requests split into smaller ones count together towards the limit."""
    kinds = [k for k, f in LIMIT_FIELD.items() if f == LIMIT_FIELD[kind]]
    amounts = MoneyRequest.objects.filter(
        account=account,
        requested_by_id=getattr(user, "pk", None),
        kind__in=kinds,
        state__in=[MoneyRequest.State.POSTED, MoneyRequest.State.PENDING],
        requested_at__gte=timezone.now() - SPLIT_WINDOW,
    ).values_list("amount", flat=True)
    return sum((abs(a) for a in amounts), Decimal("0.00"))


def check_money_request(
    *, account: RentAccount | None, kind: str, amount: Any, reason: str, corrects: Transaction | None = None
) -> tuple[Errors, Decimal | None]:
    errors = Errors()
    if kind not in MoneyRequest.Kind.values:
        errors.add("kind", "Select what kind of change this is.")
    value = read_amount(errors, "amount", amount, allow_negative=(kind == "adjustment"))
    if not (reason or "").strip():
        errors.add("reason", "Enter the reason.")
    if corrects is not None and account is not None and corrects.account_id != account.pk:
        errors.add("corrects", "The transaction corrected must be on the same account.")
    if kind == "adjustment" and corrects is None:
        errors.add("corrects", "Select the debit this amendment corrects.")
    if account is not None and value is not None and kind in REQUEST_SIGN:
        problem = _room_problem(account, kind, value)
        if problem:
            errors.add("amount", problem)
    return errors, value


@transaction.atomic
def request_money_out(
    *,
    actor: Any,
    account: RentAccount,
    kind: str,
    amount: Decimal | str,
    reason: str,
    corrects: Transaction | None = None,
) -> MoneyRequest:
    """A refund, write-off or amendment: posted now if within the officer's limit, else waits for a
    different person's approval. Amendments are signed (a negative amount reduces the debt)."""
    permissions.require(actor, "rents.post")
    # one request at a time per account, so the credit, arrears and running totals hold
    RentAccount.objects.select_for_update().filter(pk=account.pk).first()
    errors, value = check_money_request(
        account=account, kind=kind, amount=amount, reason=reason, corrects=corrects
    )
    errors.raise_if_any()
    value = checked(value)
    earlier = recent_requested(user=actor, account=account, kind=kind)
    req = MoneyRequest(
        reference=next_reference("MR", width=6),
        account=account,
        kind=kind,
        amount=value,
        reason=reason.strip()[:300],
        corrects=corrects,
        requested_by=actor,
    )
    create_audited(actor=actor, obj=req, fields=REQUEST_FIELDS, summary=f"{req.get_kind_display()} requested")
    if not domain.needs_approval(earlier + abs(value), limit_for(actor, kind)):
        _post_request(actor, req, note="Within the officer's own limit.")
    return req


def _decide(actor: Any, req: MoneyRequest, state: str, note: str, *, action: str, summary: str) -> None:
    """Record the decision on a request (posted or rejected), by whom, when and why, on its history."""
    before = audit.snapshot(req, REQUEST_FIELDS)
    req.state = state
    req.decided_by = user_of(actor)
    req.decided_at = timezone.now()
    req.decision_note = note
    req.save(update_fields=["state", "transaction", "decided_by", "decided_at", "decision_note"])
    record_change(actor, req, action=action, before=before, fields=REQUEST_FIELDS, summary=summary)


def _post_request(actor: Any, req: MoneyRequest, note: str) -> None:
    sign = REQUEST_SIGN[req.kind]
    tx = Transaction(
        account=req.account,
        kind=req.kind,
        amount=sign * req.amount,
        posted_on=today(),
        corrects=req.corrects,
        reference=req.reference,
        description=req.reason[:200],
        created_by=user_of(actor),
    )
    tx.save()
    req.transaction = tx
    _decide(
        actor,
        req,
        MoneyRequest.State.POSTED,
        note,
        action="posted",
        summary=f"Posted to {req.account.reference}",
    )
    audit.record(
        actor=actor,
        obj=req.account,
        action=f"{req.kind} posted",
        summary=f"{req.get_kind_display()} {format_money(req.amount)} ({req.reference}): {req.reason}",
    )


@transaction.atomic
def decide_money_request(*, actor: Any, request: MoneyRequest, approve: bool, note: str = "") -> MoneyRequest:
    """Approve (post) or reject a request; never by the officer who made it."""
    permissions.require(actor, "rents.approve")
    req = MoneyRequest.objects.select_for_update().select_related("account").get(pk=request.pk)
    errors = Errors()
    if req.state != MoneyRequest.State.PENDING:
        errors.add("decision", f"This request is already {req.get_state_display().lower()}.")
    refusal = domain.approval_refusal(requested_by=req.requested_by_id, approver=getattr(actor, "pk", None))
    if refusal:
        errors.add("decision", refusal)
    if not approve and not (note or "").strip():
        errors.add("note", "Enter why the request is rejected.")
    if approve and not errors.by_field.get("decision"):
        own = limit_for(actor, req.kind)
        if domain.needs_approval(req.amount, own):
            errors.add(
                "decision",
                f"Your own limit for {LIMIT_NAME[LIMIT_FIELD[req.kind]]} is {format_money(own)}, less than "
                f"this request for {format_money(abs(req.amount))}. Someone whose limit covers it must approve it.",
            )
        else:
            RentAccount.objects.select_for_update().filter(pk=req.account_id).first()
            problem = _room_problem(req.account, req.kind, abs(req.amount))
            if problem:
                errors.add("decision", f"{problem} Reject this request or ask for a smaller amount.")
    errors.raise_if_any()
    if approve:
        _post_request(actor, req, note=(note or "Approved").strip()[:300])
    else:
        _decide(
            actor,
            req,
            MoneyRequest.State.REJECTED,
            note.strip()[:300],
            action="rejected",
            summary=note.strip()[:300],
        )
    return req


@transaction.atomic
def set_officer_limits(
    *, actor: Any, user: Any, refund: Decimal, write_off: Decimal, adjustment: Decimal
) -> OfficerLimit:
    permissions.require(actor, "admin")
    row, _ = OfficerLimit.objects.update_or_create(
        user=user,
        defaults={
            "refund": to_money(refund),
            "write_off": to_money(write_off),
            "adjustment": to_money(adjustment),
        },
    )
    audit.record(
        actor=actor,
        obj=row,
        action="updated",
        summary=f"Limits: refund {format_money(row.refund)}, write-off {format_money(row.write_off)}, "
        f"amendment {format_money(row.adjustment)}",
    )
    return row
