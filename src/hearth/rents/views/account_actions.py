"""Actions on one rent account: post a payment, reverse one, record an arrears action, ask for a
refund, write-off or amendment, change a weekly charge; and opening the account of an agreement."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from hearth.core.money import format_money
from hearth.core.permissions import capability_required
from hearth.rents import forms, selectors, services
from hearth.rents.models import MoneyRequest, RentAccount, Transaction
from hearth.rents.views.common import FORM_TEMPLATE, account_action, account_action_view, account_or_404
from hearth.tenancies.models import Tenancy
from hearth.web.actions import action_page

payment_create = account_action_view(
    "rents.post",
    form=forms.PaymentForm,
    title="Post a payment",
    run=lambda actor, account, d: services.post_payment(actor=actor, account=account, **d),
    done="Payment posted.",
    button="Post payment",
)


def _arrears_action_form(data: Any) -> forms.ArrearsActionForm:
    """The arrears action form, offering the stages of the arrears policy."""
    return forms.ArrearsActionForm(data, stages=[(s.code, s.action) for s in selectors.stages()])


arrears_action_create = account_action_view(
    "rents.post",
    form=_arrears_action_form,
    title="Record an arrears action",
    run=lambda actor, account, d: services.record_arrears_action(actor=actor, account=account, **d),
    check=lambda account, d: services.validate_arrears_action(
        account=account, stage=d.get("stage", ""), taken_on=d.get("taken_on"), note=d.get("note", "")
    ),
    done="Arrears action recorded.",
    button="Record action",
)


@capability_required("rents.post")
def payment_reverse(request: HttpRequest, pk: int, tx: int) -> HttpResponse:
    """Take back a payment that did not arrive (a bounced cheque); not money out, so no approval."""
    account = account_or_404(pk)
    payment = get_object_or_404(
        Transaction, pk=tx, account=account, kind__in=services.PAYMENT_KINDS, amount__lt=0
    )
    earlier = services.payment_reversal(payment)
    what = f"{payment.get_channel_display() if payment.channel else payment.get_kind_display()} payment"
    intro = (
        f"No. {payment.pk}: {what} of {format_money(-payment.amount)} on {payment.posted_on:%d %B %Y}"
        f"{' (' + payment.reference + ')' if payment.reference else ''}. Reversing it adds the amount back "
        "to what the tenant owes."
    )
    if earlier is not None:
        intro = f"Payment no. {payment.pk} was already reversed by no. {earlier.pk} on {earlier.posted_on:%d %B %Y}."

    def reverse_it(d: dict[str, Any]) -> Transaction:
        if earlier is not None:
            raise ValidationError(intro)
        return services.reverse_payment(actor=request.user, payment=payment, **d)

    return account_action(
        request,
        account,
        form=forms.ReversePaymentForm(request.POST or None),
        title="Reverse a payment",
        intro=intro,
        run=reverse_it,
        # an unparsed date leaves the service refusing: its other problems show beside it
        check=lambda d: reverse_it({"reason": d.get("reason", ""), "reversed_on": None}),
        done=f"Payment no. {payment.pk} reversed.",
        button="Reverse payment",
        context={"form": None, "back_label": "Back to the account"} if earlier is not None else None,
    )


def _corrected(account: RentAccount, data: dict[str, Any]) -> Transaction | None:
    """The transaction an amendment corrects, by its number on this account."""
    ref = data["corrects"].strip().lstrip("#")
    if not ref:
        return None
    corrects = Transaction.objects.filter(pk=int(ref) if ref.isdigit() else 0, account=account).first()
    if corrects is None:
        errors, _ = services.check_money_request(
            account=account, kind=data["kind"], amount=data["amount"], reason=data["reason"]
        )
        errors.by_field["corrects"] = [f"There is no transaction number {ref} on this account."]
        errors.raise_if_any()
    return corrects


def _money_out_done(req: MoneyRequest) -> str:
    if req.state == MoneyRequest.State.POSTED:
        return f"{req.get_kind_display()} {req.reference} posted."
    return (
        f"{req.get_kind_display()} {req.reference} is above your limit "
        "and is waiting for approval by another officer."
    )


money_out_create = account_action_view(
    "rents.post",
    form=forms.MoneyOutForm,
    title="Refund, write-off or amendment",
    run=lambda actor, account, d: services.request_money_out(
        actor=actor, account=account, **{**d, "corrects": _corrected(account, d)}
    ),
    done=_money_out_done,
    button="Continue",
)

charge_change = account_action_view(
    "rents.run",
    form=forms.ChargeForm,
    title="Change a charge",
    heading="Change a weekly charge",
    # the service calls the new weekly amount `weekly`; the other answers keep their names
    run=lambda actor, account, d: services.change_charge(
        actor=actor, account=account, weekly=d.pop("weekly_amount"), **d
    ),
    done="Charge changed.",
    button="Save",
)


@capability_required("tenancies.process")
def account_open(request: HttpRequest, tenancy_pk: int) -> HttpResponse:
    """Open the rent account of an agreement signed up without one."""
    tenancy = get_object_or_404(Tenancy, pk=tenancy_pk)
    existing = RentAccount.objects.filter(tenancy=tenancy).first()
    if existing:
        return redirect(existing.get_absolute_url())

    def open_it(d: dict[str, Any]) -> RentAccount:
        if d["rent"] is None:
            raise ValidationError({"rent": ["Enter the weekly rent, like 95.50."]})
        charges = [(kind, d[kind], "") for kind in ("rent", "service", "water") if d[kind] is not None]
        try:
            return services.open_account(actor=request.user, tenancy=tenancy, charges=charges)
        except ValidationError as exc:
            if "charges" in exc.message_dict:  # the weekly rent is the charge every account needs
                exc.error_dict["rent"] = exc.error_dict.pop("charges")
            raise

    return action_page(
        request,
        form=forms.OpenAccountForm(request.POST or None),
        title="Open a rent account",
        caption=tenancy.property.address,
        back=reverse("web:tenancy", args=[tenancy.pk]),
        run=open_it,
        done=lambda account: f"Rent account {account.reference} opened.",
        then=lambda account: account.get_absolute_url(),
        button="Open account",
        template=FORM_TEMPLATE,
        context={"heading": f"Open a rent account for {tenancy.reference}"},
    )
