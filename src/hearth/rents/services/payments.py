"""Payments in, one at a time: a manual payment, a payment taken back (reversed), a payment cleared
from suspense to the account it belongs to."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from hearth.core import permissions
from hearth.core.actors import user_of
from hearth.core.money import format_money
from hearth.core.records import Errors, check_past_date
from hearth.rents.models import (
    RentAccount,
    SuspenseItem,
    Transaction,
)
from hearth.rents.services.common import checked, read_amount, save_and_record

PAYMENT_KIND = {"hb": Transaction.Kind.HB, "uc": Transaction.Kind.UC}
MANUAL_CHANNELS = ("cash", "cheque", "card", "bank")
PAYMENT_KINDS = ["payment", "hb", "uc"]


@transaction.atomic
def post_payment(
    *,
    actor: Any,
    account: RentAccount,
    amount: Decimal | str,
    paid_on: dt.date | None,
    channel: str,
    reference: str = "",
    description: str = "",
) -> Transaction:
    """A manual payment (cash, cheque, card, bank)."""
    permissions.require(actor, "rents.post")
    errors = Errors()
    value = read_amount(errors, "amount", amount)
    check_past_date(
        errors,
        "paid_on",
        paid_on,
        missing="Enter the date of the payment.",
        future="The payment date must be today or in the past.",
    )
    if channel not in MANUAL_CHANNELS:
        errors.add("channel", "Select how the payment was made.")
    reference = (reference or "").strip()
    duplicate = f"A payment with reference {reference} has already been posted to this account."
    if (
        reference
        and Transaction.objects.filter(
            account=account, channel=channel, reference=reference, kind__in=PAYMENT_KINDS
        ).exists()
    ):
        # only on the same account: another tenant's cheque may carry the same number
        errors.add("reference", duplicate)
    errors.raise_if_any()
    value, paid_on = checked(value), checked(paid_on)
    tx = Transaction(
        account=account,
        kind=Transaction.Kind.PAYMENT,
        amount=-value,
        posted_on=paid_on,
        channel=channel,
        reference=reference,
        description=description[:200],
    )
    return save_and_record(
        actor,
        tx,
        action="payment posted",
        summary=f"{Transaction.Channel(channel).label} payment {format_money(value)} on {paid_on:%d %B %Y}",
        duplicate=("reference", duplicate),  # the same payment posted at the same moment by someone else
    )


def payment_reversal(payment: Transaction) -> Transaction | None:
    """The transaction that took this payment back, if one has."""
    return Transaction.objects.filter(account=payment.account_id, corrects=payment.pk).order_by("id").first()


@transaction.atomic
def reverse_payment(
    *, actor: Any, payment: Transaction, reason: str, reversed_on: dt.date | None
) -> Transaction:
    """Take back a payment that did not arrive (a cheque returned unpaid): a debit of the same amount
    that corrects it, with the reason. Not money out, so no limit or approval; once per payment."""
    permissions.require(actor, "rents.post")
    RentAccount.objects.select_for_update().filter(pk=payment.account_id).first()  # one reversal at a time
    errors = Errors()
    if payment.kind not in PAYMENT_KINDS or payment.amount >= 0:
        errors.add(
            "reason", f"Transaction no. {payment.pk} is not a payment received, so it cannot be reversed."
        )
    else:
        earlier = payment_reversal(payment)
        if earlier is not None:
            errors.add(
                "reason",
                f"Payment no. {payment.pk} was already reversed by no. {earlier.pk} "
                f"on {earlier.posted_on:%d %B %Y}.",
            )
    reason = (reason or "").strip()
    if not reason:
        errors.add("reason", "Say why the payment is reversed, for example the cheque was returned unpaid.")
    given = check_past_date(
        errors,
        "reversed_on",
        reversed_on,
        missing="Enter the date the payment was returned.",
        future="The date must be today or in the past.",
    )
    if given and reversed_on is not None and reversed_on < payment.posted_on:
        errors.add(
            "reversed_on", f"The date cannot be before the payment itself ({payment.posted_on:%d %B %Y})."
        )
    errors.raise_if_any()
    reversed_on = checked(reversed_on)
    tx = Transaction(
        account_id=payment.account_id,
        kind=payment.kind,
        amount=-payment.amount,
        posted_on=reversed_on,
        channel=payment.channel,
        reference=payment.reference,
        description=f"Payment no. {payment.pk} reversed: {reason}"[:200],
        corrects=payment,
    )
    return save_and_record(
        actor,
        tx,
        action="payment reversed",
        summary=f"Payment no. {payment.pk} of {format_money(-payment.amount)} reversed "
        f"on {reversed_on:%d %B %Y}: {reason}",
        duplicate=("reason", f"Payment no. {payment.pk} has already been reversed."),
    )


@transaction.atomic
def clear_suspense(*, actor: Any, item: SuspenseItem, account: RentAccount | None) -> Transaction:
    """Post a suspense payment to the account it belongs to."""
    permissions.require(actor, "rents.post")
    item = SuspenseItem.objects.select_for_update().get(pk=item.pk)
    errors = Errors()
    if item.transaction_id:
        errors.add("account", "This payment has already been cleared from suspense.")
    if account is None:
        errors.add("account", "Enter the rent account the payment belongs to.")
    errors.raise_if_any()
    account = checked(account)
    kind = PAYMENT_KIND.get(item.channel, Transaction.Kind.PAYMENT)
    tx = Transaction(
        account=account,
        kind=kind,
        amount=-item.amount,
        posted_on=item.paid_on,
        channel=item.channel,
        reference=item.reference,
        payment_import=item.payment_import,
        description=f"Cleared from suspense (given as {item.account_given})"[:200],
    )
    save_and_record(
        actor,
        tx,
        action="payment posted",
        summary=f"Payment {format_money(item.amount)} ({item.reference}) cleared from suspense",
        # the same payment (reference, date, amount) is already on that account
        duplicate=("account", f"Payment {item.reference} is already on account {account.reference}."),
    )
    item.cleared_to = account
    item.transaction = tx
    item.cleared_by = user_of(actor)
    item.cleared_at = timezone.now()
    item.save(update_fields=["cleared_to", "transaction", "cleared_by", "cleared_at"])
    return tx
