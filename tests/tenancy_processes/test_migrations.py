"""The move of the process records and the data migrations that come with it: records made before
the legal effect was kept on them get it from what they hold (and, once, from the audit log), and
the seeded rules for each kind of agreement are the defaults the code falls back on."""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

import pytest
from django.apps import apps
from django.db import connection

from hearth.core import audit
from hearth.tenancy_processes import agreement_rules, kind_rules, selectors
from hearth.tenancy_processes.models import AgreementKindRule, TenancyProcess

D = dt.date
pytestmark = pytest.mark.django_db


def test_the_records_stay_in_their_table() -> None:
    assert TenancyProcess._meta.db_table == "rents_tenancyprocess"
    assert "rents_tenancyprocess" in connection.introspection.table_names()


def test_the_seeded_rules_are_the_defaults() -> None:
    rows = {r.kind for r in AgreementKindRule.objects.all()}
    assert rows == set(agreement_rules.DEFAULT_KIND_RULES)
    for kind, default in agreement_rules.DEFAULT_KIND_RULES.items():
        assert kind_rules.rule_for(kind) == default, kind


def test_older_records_get_their_legal_effect(senior: Any, make_agreement: Any) -> None:
    fill_in = importlib.import_module("hearth.tenancy_processes.migrations.0002_process_effect").fill_in
    succeeded, survived, extended, assigned, written_only = (make_agreement() for _ in range(5))
    TenancyProcess.objects.create(kind="succession", tenancy=succeeded, details={"successor": "P1"})
    TenancyProcess.objects.create(kind="succession", tenancy=assigned, details={"discretionary": True})
    TenancyProcess.objects.create(kind="assignment", tenancy=assigned, details={"route": "court_order"})
    TenancyProcess.objects.create(kind="review", tenancy=extended, details={"review_outcome": "extend"})
    joint = TenancyProcess.objects.create(kind="joint_sole", tenancy=survived, details={"change": "remove"})
    audit.record(actor=senior, obj=survived, action="survivorship", summary="A joint tenant died")
    audit.record(actor=senior, obj=written_only, action="succession", summary="Succeeded, long ago")

    fill_in(apps, None)

    assert selectors.succession_used(succeeded) and selectors.succession_used(survived)
    assert selectors.succession_used(written_only)
    assert not selectors.succession_used(assigned) and not selectors.succession_used(extended)
    assert selectors.trial_extended(extended) and not selectors.trial_extended(succeeded)
    joint.refresh_from_db()
    assert joint.effect == "succession"
    fill_in(apps, None)  # a second run changes nothing
    assert TenancyProcess.objects.filter(tenancy=written_only).count() == 1
