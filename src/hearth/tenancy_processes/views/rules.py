"""The rules for each kind of agreement, which an administrator changes (each change kept on the
rule's history)."""

from __future__ import annotations

from dataclasses import asdict

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from hearth.core.permissions import capability_required
from hearth.tenancies.models import Tenancy
from hearth.tenancy_processes import kind_rules
from hearth.tenancy_processes.agreement_rules import OPTIONAL_PROCESSES, KindRuleChange
from hearth.tenancy_processes.forms import KindRuleForm
from hearth.web.forms import merge_service_errors


@capability_required("admin")
def rule_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "tenancy_processes/rules.html",
        {
            "rules": [
                (kind, label, kind_rules.describe(rule)) for kind, label, rule in kind_rules.all_rules()
            ],
            "page_title": "Rules for each kind of agreement",
        },
    )


@capability_required("admin")
def rule_edit(request: HttpRequest, kind: str) -> HttpResponse:
    labels = dict(Tenancy.Kind.choices)
    if kind not in labels:
        raise Http404("No such kind of agreement.")
    rule = kind_rules.rule_for(kind)
    initial = {**asdict(rule), "notice_period": str(rule.notice_period), "processes": sorted(rule.processes)}
    form = KindRuleForm(request.POST or None, initial=initial)
    if form.is_bound:  # a post with no fields at all shows the form afresh
        form.is_valid()
        data = form.cleaned_data
        try:
            change = KindRuleChange(
                kind=kind,
                notice_period=data.get("notice_period", request.POST.get("notice_period", "")),
                notice_unit=data.get("notice_unit", ""),
                end_on_sunday=data.get("end_on_sunday", False),
                ends_by=data.get("ends_by", ""),
                processes=data.get("processes", []),
                rent_side=data.get("rent_side", False),
                letter=data.get("letter", ""),
            )
            kind_rules.update_kind_rule(actor=request.user, change=change)
        except ValidationError as exc:
            merge_service_errors(form, exc)
        else:
            if not form.errors:
                messages.success(request, f"Rules for {labels[kind].lower()} saved.")
                return redirect(reverse("tenancy_processes:rules"))
    chosen = form["processes"].value() or []
    return render(
        request,
        "tenancy_processes/rule_form.html",
        {
            "form": form,
            "kind": kind,
            "label": labels[kind],
            "process_choices": [(value, text, value in chosen) for value, text in OPTIONAL_PROCESSES.items()],
            "history": kind_rules.history(kind)[:50],
            "page_title": f"Rules for {labels[kind].lower()}",
        },
        status=400 if form.errors else 200,
    )
