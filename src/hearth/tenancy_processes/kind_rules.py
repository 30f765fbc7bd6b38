"""The rules for each kind of agreement as data: read (a kind without a row follows the defaults),
and changed by an administrator, each change recorded on the rule's history."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from hearth.core import audit, permissions
from hearth.core.models import AuditEvent
from hearth.tenancies.models import Tenancy
from hearth.tenancy_processes import actions, agreement_rules
from hearth.tenancy_processes.agreement_rules import KindRule, KindRuleChange
from hearth.tenancy_processes.models import AgreementKindRule


def rule_for(kind: str) -> KindRule:
    """The rules for a kind of agreement: its row, or the defaults when it has none."""
    row = AgreementKindRule.objects.filter(kind=kind).first()
    return agreement_rules.rule_of(row) if row is not None else agreement_rules.DEFAULT_KIND_RULES[kind]


def all_rules() -> list[tuple[str, str, KindRule]]:
    """Every kind of agreement with its label and its rules, in the order of `Tenancy.Kind`."""
    rows = {r.kind: agreement_rules.rule_of(r) for r in AgreementKindRule.objects.all()}
    return [
        (kind, label, rows.get(kind) or agreement_rules.DEFAULT_KIND_RULES[kind])
        for kind, label in Tenancy.Kind.choices
    ]


def kind_label(kind: str) -> str:
    label = str(dict(Tenancy.Kind.choices).get(kind, kind)).lower()
    return f"an {label}" if label[:1] in "aeiou" else f"a {label}"


def refusal(kind: str, process: str) -> str | None:
    """The sentence refusing a process the rules leave out for this kind of agreement, or None."""
    if rule_for(kind).applies(process):
        return None
    return agreement_rules.PROCESS_REFUSALS[process].format(kind=kind_label(kind))


def describe(rule: KindRule) -> dict[str, Any]:
    """The rules as an administrator reads them (and as their history shows them)."""
    return {
        "Notice": rule.notice_label if rule.ends_by == "notice" else "None: ends by surrender or forfeiture",
        "Ends on a Sunday": "Yes" if rule.end_on_sunday else "No",
        "Ends by": "Notice to quit" if rule.ends_by == "notice" else "Surrender or forfeiture",
        "Processes": ", ".join(
            label for key, label in agreement_rules.OPTIONAL_PROCESSES.items() if key in rule.processes
        )
        or "None",
        "Rent account steps": "Yes" if rule.rent_side else "No",
        "Letter at the end": AgreementKindRule.Letter(rule.letter).label,
    }


def check_kind_rule(change: KindRuleChange) -> KindRule:
    """Every problem with a change to a kind's rules at once; the rules as they would be when all is well."""
    problems = agreement_rules.kind_rule_problems(change)
    if problems:
        raise ValidationError({k: [v] for k, v in problems.items()})
    return agreement_rules.rule_of(change)


def update_kind_rule(*, actor: Any, change: KindRuleChange) -> AgreementKindRule:
    """An administrator changes the rules of a kind of agreement; the change (before -> after) is
    recorded on the rule's history. No change, no event."""
    permissions.require(actor, "admin")
    rule = check_kind_rule(change)
    with transaction.atomic():
        row = AgreementKindRule.objects.select_for_update().filter(kind=rule.kind).first()
        before = describe(
            agreement_rules.rule_of(row) if row is not None else agreement_rules.DEFAULT_KIND_RULES[rule.kind]
        )
        if row is None:
            row = AgreementKindRule(kind=rule.kind)
        for field, value in rule.row_values().items():
            setattr(row, field, value)
        changes = audit.diff(before, describe(rule))
        row.save()
        if changes:
            audit.record(
                actor=actor,
                obj=row,
                action=actions.KIND_RULES_CHANGED,
                changes=changes,
                summary=f"Rules for {row.get_kind_display().lower()} changed",
            )
    return row


def history(kind: str) -> QuerySet[AuditEvent]:
    row = AgreementKindRule.objects.filter(kind=kind).first()
    return audit.history_for(row) if row is not None else AuditEvent.objects.none()
