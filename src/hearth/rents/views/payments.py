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
    RentAccount,
    SuspenseItem,
)
from hearth.rents.views.common import (
    FORM_TEMPLATE,
    long_date,
    queue_page,
)
from hearth.web.actions import action_page
from hearth.web.forms import apply_service_errors


@capability_required("rents.post")
def payment_import(request: HttpRequest) -> HttpResponse:
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    line_errors: list[str] = []
    if request.method == "POST":
        valid = form.is_valid()
        upload = form.cleaned_data.get("file") if valid else None
        if valid and not upload:
            form.add_error("file", "Select a payment file.")
        if valid and not form.cleaned_data.get("channel"):
            form.add_error("channel", "Select where the payment file comes from.")
        if not form.errors and upload is not None:
            try:
                batch = services.import_payments(
                    actor=request.user,
                    channel=form.cleaned_data["channel"],
                    filename=upload.name or "payments.csv",
                    content=upload.read(),
                )
            except ValidationError as exc:
                messages_ = exc.message_dict.get("file", [])
                line_errors = [m for m in messages_ if m.startswith("Line ")]
                if line_errors:
                    rows = f"{len(line_errors)} row{'s have' if len(line_errors) != 1 else ' has'} problems"
                    form.add_error(
                        "file",
                        f"The file was not imported: {rows}. Nothing was posted. "
                        "Correct every row listed and import it again.",
                    )
                    exc.error_dict.pop("file")
                apply_service_errors(form, exc)
            else:
                messages.success(request, f"{batch.rows} payments posted, {batch.suspense_rows} to suspense.")
                return redirect("rents:import")
    return render(
        request,
        "rents/import.html",
        {
            "form": form,
            "line_errors": line_errors,
            "imports": selectors.imports()[:20],
            "mappings": services.DEFAULT_MAPPINGS,
            "page_title": "Import a payment file",
        },
        status=400 if form.errors else 200,
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
        caption="",
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
