"""Payment files and suspense: importing a payment file, the payments in suspense and clearing one to
an account, and posting repair recharges."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from hearth.core.money import format_money
from hearth.core.permissions import capability_required
from hearth.rents import forms, selectors, services
from hearth.rents.models import (
    PaymentImport,
    RentAccount,
    SuspenseItem,
)
from hearth.rents.views.common import (
    FORM_TEMPLATE,
    long_date,
    queue_page,
)
from hearth.web.actions import action_page


def _row_problems(exc: ValidationError, line_errors: list[str]) -> ValidationError:
    """A file refused for its rows: the rows' problems go to `line_errors`, listed below the form, and
    the file field says how many rows have one."""
    line_errors.extend(m for m in exc.message_dict.get("file", []) if m.startswith("Line "))
    if line_errors:
        rows = f"{len(line_errors)} row{'s have' if len(line_errors) != 1 else ' has'} problems"
        exc.error_dict["file"] = [
            ValidationError(
                f"The file was not imported: {rows}. Nothing was posted. "
                "Correct every row listed and import it again."
            )
        ]
    return exc


@capability_required("rents.post")
def payment_import(request: HttpRequest) -> HttpResponse:
    line_errors: list[str] = []

    def import_file(d: dict[str, Any]) -> PaymentImport:
        missing = {"file": "Select a payment file.", "channel": "Select where the payment file comes from."}
        unanswered = {field: [sentence] for field, sentence in missing.items() if not d.get(field)}
        if unanswered:
            raise ValidationError(unanswered)
        upload = d["file"]
        try:
            return services.import_payments(
                actor=request.user,
                channel=d["channel"],
                filename=upload.name or "payments.csv",
                content=upload.read(),
            )
        except ValidationError as exc:
            raise _row_problems(exc, line_errors) from None

    return action_page(
        request,
        form=forms.ImportForm(request.POST or None, request.FILES or None),
        title="Import a payment file",
        back=reverse("rents:import"),
        run=import_file,
        done=lambda batch: f"{batch.rows} payments posted, {batch.suspense_rows} to suspense.",
        template="rents/import.html",
        context={
            "line_errors": line_errors,
            "imports": selectors.imports()[:20],
            "mappings": services.DEFAULT_MAPPINGS,
        },
    )


@capability_required("rents.view")
def suspense_list(request: HttpRequest) -> HttpResponse:
    return queue_page(request, "rents/suspense.html", selectors.open_suspense(), title="Payments in suspense")


@capability_required("rents.post")
def suspense_clear(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(SuspenseItem, pk=pk)

    def clear(d: dict[str, Any]) -> RentAccount | None:
        ref = d["account"].strip()
        account = selectors.account_by_reference(ref) if ref else None
        if ref and account is None:
            raise ValidationError({"account": [f"No rent account has the reference {ref.upper()}."]})
        services.clear_suspense(actor=request.user, item=item, account=account)
        return account

    return action_page(
        request,
        form=forms.ClearSuspenseForm(request.POST or None),
        title="Clear a payment",
        back=reverse("rents:suspense"),
        run=clear,
        done=lambda account: f"Payment {item.reference} posted to {account}.",
        button="Post to account",
        template=FORM_TEMPLATE,
        context={
            "heading": f"Clear payment {item.reference} from suspense",
            "summary": [
                ("Amount", f"{format_money(item.amount)} paid {long_date(item.paid_on)}", ""),
                ("Account given", item.account_given, ""),
                ("Channel", item.get_channel_display(), ""),
            ],
        },
    )


@capability_required("rents.view")
def recharges(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            order_id = int(request.POST.get("order", ""))
        except ValueError:
            order_id = 0
        try:
            tx = services.post_repair_recharge(actor=request.user, order_id=order_id)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        except ObjectDoesNotExist:
            messages.error(request, "That repair order no longer exists.")
        else:
            messages.success(
                request, f"Recharge of {format_money(tx.amount)} posted to account {tx.account.reference}."
            )
        return redirect("rents:recharges")
    return render(
        request,
        "rents/recharges.html",
        {"orders": list(services.recharges_to_post()[:200]), "page_title": "Recharges to post"},
    )
