"""The rules for each kind of agreement as data: read (a kind without a row follows the defaults),
and changed by an administrator, each change recorded on the rule's history."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from hearth.core import audit, permissions
from hearth.core.models import AuditEvent
from hearth.tenancies.models import Tenancy
from hearth.tenancy_processes import actions, agreement_rules
from hearth.tenancy_processes.agreement_rules import KindRule
from hearth.tenancy_processes.models import AgreementKindRule


def _from_row(row: AgreementKindRule) -> KindRule:
    return KindRule(
        kind=row.kind,
        notice_period=row.notice_period,
        notice_unit=row.notice_unit,
        end_on_sunday=row.end_on_sunday,
        ends_by=row.ends_by,
        processes=frozenset(row.processes or []),
        rent_side=row.rent_side,
        letter=row.letter,
    )


def rule_for(kind: str) -> KindRule:
    """The rules for a kind of agreement: its row, or the defaults when it has none."""
    row = AgreementKindRule.objects.filter(kind=kind).first()
    return _from_row(row) if row is not None else agreement_rules.DEFAULT_KIND_RULES[kind]


def all_rules() -> list[tuple[str, str, KindRule]]:
    """Every kind of agreement with its label and its rules, in the order of `Tenancy.Kind`."""
    rows = {r.kind: _from_row(r) for r in AgreementKindRule.objects.all()}
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


def check_kind_rule(
    *,
    kind: str,
    notice_period: Any,
    notice_unit: str,
    end_on_sunday: bool = False,
    ends_by: str,
    processes: Sequence[str] = (),
    rent_side: bool = True,
    letter: str,
) -> KindRule:
    """Every problem with a change to a kind's rules at once; the rules as they would be when all is well."""
    problems = agreement_rules.kind_rule_problems(
        kind=kind,
        notice_period=notice_period,
        notice_unit=notice_unit,
        ends_by=ends_by,
        processes=list(processes),
        letter=letter,
    )
    if problems:
        raise ValidationError({k: [v] for k, v in problems.items()})
    return KindRule(
        kind=kind,
        notice_period=int(str(notice_period).strip()),
        notice_unit=notice_unit,
        end_on_sunday=bool(end_on_sunday),
        ends_by=ends_by,
        processes=frozenset(processes),
        rent_side=bool(rent_side),
        letter=letter,
    )


def update_kind_rule(
    *,
    actor: Any,
    kind: str,
    notice_period: Any,
    notice_unit: str,
    end_on_sunday: bool = False,
    ends_by: str,
    processes: Sequence[str] = (),
    rent_side: bool = True,
    letter: str,
) -> AgreementKindRule:
    """An administrator changes the rules of a kind of agreement; the change (before -> after) is
    recorded on the rule's history. No change, no event."""
    permissions.require(actor, "admin")
    rule = check_kind_rule(
        kind=kind,
        notice_period=notice_period,
        notice_unit=notice_unit,
        end_on_sunday=end_on_sunday,
        ends_by=ends_by,
        processes=processes,
        rent_side=rent_side,
        letter=letter,
    )
    with transaction.atomic():
        row = AgreementKindRule.objects.select_for_update().filter(kind=kind).first()
        before = describe(_from_row(row) if row is not None else agreement_rules.DEFAULT_KIND_RULES[kind])
        if row is None:
            row = AgreementKindRule(kind=kind)
        row.notice_period = rule.notice_period
        row.notice_unit = rule.notice_unit
        row.end_on_sunday = rule.end_on_sunday
        row.ends_by = rule.ends_by
        row.processes = [p for p in agreement_rules.OPTIONAL_PROCESSES if p in rule.processes]
        row.rent_side = rule.rent_side
        row.letter = rule.letter
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
