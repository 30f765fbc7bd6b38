"""Contracts: adding one, its schedule of rates, importing rates and changing the uplift."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from hearth.core.permissions import capability_required, has_capability
from hearth.repairs import forms as f
from hearth.repairs import imports, selectors, services
from hearth.repairs.models import Contract
from hearth.repairs.views.common import Action, adding, adding_page, int_param, managing_view, post_data
from hearth.web.forms import apply_service_errors
from hearth.web.pages import paginate

NEW_CONTRACT = adding(
    "contract", f.ContractForm, services.create_contract, services.validate_contract, Contract
)


@capability_required("contractors.manage")
def contract_new(request: HttpRequest) -> HttpResponse:
    form = f.ContractForm(
        post_data(request), initial={"contractor": int_param(request.GET.get("contractor"))}
    )
    return adding_page(request, NEW_CONTRACT, form)


@capability_required("repairs.view")
def contract_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contract = get_object_or_404(Contract.objects.select_related("contractor"), pk=pk)
    q = request.GET.get("q", "").strip()[:60]
    form = f.RateImportForm()
    return render(
        request,
        "repairs/contract.html",
        {
            "contract": contract,
            "rates": paginate(request, selectors.rate_lines(contract.pk, q=q), per_page=50),
            "q": q,
            "import_form": form,
            "page_title": contract.name,
            "can_manage": has_capability(request.user, "contractors.manage"),
        },
    )


@capability_required("contractors.manage")
def contract_import(request: HttpRequest, pk: int) -> HttpResponse:
    contract = get_object_or_404(Contract, pk=pk)
    form = f.RateImportForm(post_data(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = imports.read_rate_file(upload.name, upload)
            result = services.import_rates(actor=request.user, contract=contract, rows=rows)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request,
                f"Schedule imported: {result.created} added, {result.updated} changed, "
                f"{result.unchanged} unchanged.",
            )
            return redirect(contract)
    return render(
        request,
        "web/action.html",
        {
            "form": form,
            "page_title": "Import a schedule of rates",
            "caption": contract.name,
            "back": contract.get_absolute_url(),
            "button": "Import",
            "multipart": True,
            "intro": "The whole file is checked first: if any row is wrong nothing is imported, and every wrong row "
            "is listed by its line number. Importing the same file again changes nothing.",
        },
        status=400 if form.errors else 200,
    )


contract_uplift = managing_view(
    Contract,
    Action(
        title="Change the price uplift",
        form=f.UpliftForm,
        form_options=lambda contract: {"initial": {"uplift_percent": contract.uplift_percent}},
        run=lambda actor, contract, d: services.set_uplift(
            actor=actor, contract=contract, uplift_percent=d["uplift_percent"], reason=d["reason"]
        ),
        done="Uplift changed.",
    ),
)
