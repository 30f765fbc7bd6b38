"""Pure rules for each kind of agreement (no ORM): the notice needed to end it, whether it ends by
notice or by surrender or forfeiture, which optional processes may apply to it, and the defaults an
administrator starts from (`AgreementKindRule` rows override them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from hearth.tenancies.domain import RESIDENTIAL
from hearth.tenancy_processes.rules import (
    END_REASONS,
    EXCHANGEABLE,
    LEASE_REASONS,
    NOTICE_REASONS,
    SUCCEEDABLE,
)

OPTIONAL_PROCESSES: dict[str, str] = {
    "review": "Introductory tenancy review",
    "exchange": "Mutual exchange",
    "succession": "Succession",
    "joint_sole": "Joint to sole or sole to joint",
    "assignment": "Assignment",
}
# the kinds the law lets each optional process apply to at all: succession (Housing Act 1985 ss.87-89,
# 1996 s.131), mutual exchange (1985 s.92), review (1996 s.125A), assignment (1985 s.91, 1996 s.134)
# and joint tenancy changes are about residential tenancies
PROCESS_KINDS: dict[str, set[str]] = {
    "review": {"introductory"},
    "exchange": EXCHANGEABLE,
    "succession": SUCCEEDABLE,
    "joint_sole": set(RESIDENTIAL),
    "assignment": set(RESIDENTIAL),
}
PROCESS_REFUSALS: dict[str, str] = {
    "review": "An introductory tenancy review does not apply to {kind}.",
    "exchange": "Mutual exchange does not apply to {kind}.",
    "succession": "Succession does not apply to {kind}.",
    "joint_sole": "Joint tenancy changes do not apply to {kind}.",
    "assignment": "Assignment does not apply to {kind}.",
}
PROCESS_LAW: dict[str, str] = {
    "review": "An introductory tenancy review applies only to an introductory tenancy.",
    "exchange": "Mutual exchange applies only to a secure or flexible tenancy.",
    "succession": "Succession applies only to a secure, flexible or introductory tenancy.",
    "joint_sole": "Joint tenancy changes apply only to a residential tenancy or licence.",
    "assignment": "Assignment applies only to a residential tenancy or licence.",
}
NUMBERS = [
    "no",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
]


@dataclass(frozen=True)
class KindRule:
    """What the processes do for one kind of agreement (see `AgreementKindRule`)."""

    kind: str
    notice_period: int
    notice_unit: str  # "days" or "weeks"
    end_on_sunday: bool
    ends_by: str  # "notice" (notice to quit) or "surrender" (surrender or forfeiture)
    processes: frozenset[str]
    rent_side: bool
    letter: str  # "tenancy", "licence" or "lease"

    @property
    def notice_days(self) -> int:
        return self.notice_period * (7 if self.notice_unit == "weeks" else 1)

    @property
    def notice_label(self) -> str:
        return period_label(self.notice_period, self.notice_unit)

    def applies(self, process: str) -> bool:
        return process not in OPTIONAL_PROCESSES or process in self.processes

    @property
    def end_reasons(self) -> dict[str, str]:
        return LEASE_REASONS if self.ends_by == "surrender" else NOTICE_REASONS

    def row_values(self) -> dict[str, Any]:
        """The rules as an `AgreementKindRule` row keeps them: its processes a list, in the order of
        `OPTIONAL_PROCESSES`."""
        return {**asdict(self), "processes": [p for p in OPTIONAL_PROCESSES if p in self.processes]}


@dataclass(frozen=True, kw_only=True)
class KindRuleChange:
    """A change to the rules of a kind of agreement as an administrator enters it (the notice period
    as typed)."""

    kind: str
    notice_period: str | int | None
    notice_unit: str
    end_on_sunday: bool = False
    ends_by: str
    processes: Sequence[str] = ()
    rent_side: bool = True
    letter: str


def rule_of(values: Any) -> KindRule:
    """The rules held by a record with their fields: a change as entered (once `kind_rule_problems`
    finds nothing wrong with it), or an `AgreementKindRule` row."""
    return KindRule(
        kind=values.kind,
        notice_period=int(str(values.notice_period).strip()),
        notice_unit=values.notice_unit,
        end_on_sunday=bool(values.end_on_sunday),
        ends_by=values.ends_by,
        processes=frozenset(values.processes or []),
        rent_side=bool(values.rent_side),
        letter=values.letter,
    )


def period_label(amount: int, unit: str) -> str:
    """`4, "weeks"` -> "four weeks"; `1, "weeks"` -> "one week"; larger numbers in figures."""
    word = NUMBERS[amount] if 0 <= amount < len(NUMBERS) else str(amount)
    return f"{word} {unit[:-1] if amount == 1 else unit}"


def _rule(kind: str, weeks: int, ends_by: str, letter: str, processes: set[str]) -> KindRule:
    return KindRule(
        kind=kind,
        notice_period=weeks,
        notice_unit="weeks",
        end_on_sunday=False,
        ends_by=ends_by,
        processes=frozenset(processes),
        rent_side=True,
        letter=letter,
    )


def _home(kind: str, letter: str = "tenancy") -> KindRule:
    return _rule(kind, 4, "notice", letter, {p for p, kinds in PROCESS_KINDS.items() if kind in kinds})


DEFAULT_KIND_RULES: dict[str, KindRule] = {
    "introductory": _home("introductory"),
    "secure": _home("secure"),
    "flexible": _home("flexible"),
    "non_secure": _home("non_secure"),
    "temporary": _home("temporary", letter="licence"),
    "leasehold": _rule("leasehold", 0, "surrender", "lease", set()),
    "garage": _rule("garage", 1, "notice", "licence", set()),
    "commercial": _rule("commercial", 0, "surrender", "lease", set()),
}


def kind_rule_problems(change: KindRuleChange) -> dict[str, str]:
    """The checks on a change to the rules of a kind of agreement: field -> sentence. The law decides
    which kinds a process may apply to at all; the rules choose among those."""
    kind, notice_period, ends_by = change.kind, change.notice_period, change.ends_by
    problems: dict[str, str] = {}
    if kind not in DEFAULT_KIND_RULES:
        problems["kind"] = "Select the type of agreement."
    if ends_by not in ("notice", "surrender"):
        problems["ends_by"] = "Select how the agreement ends."
    if change.notice_unit not in ("days", "weeks"):
        problems["notice_unit"] = "Select whether the notice is in days or weeks."
    try:
        period = int(str(notice_period if notice_period is not None else "").strip())
    except ValueError:
        problems["notice_period"] = "Enter the notice period as a whole number, like 4."
    else:
        if period < 0 or period > 365:
            problems["notice_period"] = "The notice period must be between 0 and 365."
        elif ends_by == "notice" and period < 1:
            problems["notice_period"] = "An agreement ended by notice needs a notice period of at least 1."
    unknown = [p for p in change.processes if p not in OPTIONAL_PROCESSES]
    if unknown:
        problems["processes"] = "Select processes from the list."
    else:
        for process in change.processes:
            if kind in DEFAULT_KIND_RULES and kind not in PROCESS_KINDS[process]:
                problems["processes"] = PROCESS_LAW[process]
                break
    if change.letter not in ("tenancy", "licence", "lease"):
        problems["letter"] = "Select the letter sent when the agreement ends."
    return problems


def notice_problem(
    reason: str, notice_received: dt.date | None, end_date: dt.date, rule: KindRule | None = None
) -> str | None:
    """None when the end date fits the notice; else the sentence to show. A tenant's notice to quit
    a home must be given at least four weeks before it ends the tenancy (Protection from Eviction
    Act 1977 s.5); other kinds follow their rule (a garage licence a week), and a lease ends by
    surrender or forfeiture, not by notice. Where the rule says so, an agreement ended by notice
    ends on a Sunday, the last day of a rent week."""
    rule = rule or DEFAULT_KIND_RULES["secure"]
    if reason not in END_REASONS:
        return "Select why the agreement is ending."
    if rule.ends_by == "surrender" and reason not in LEASE_REASONS:
        return "This agreement ends by surrender or forfeiture, not by notice: select which."
    if rule.ends_by == "notice" and reason in LEASE_REASONS:
        return "Surrender and forfeiture end a lease; select why this agreement is ending."
    if reason == "tenant_notice":
        if notice_received is None:
            return "Enter the date the tenant's notice was received."
        earliest = notice_received + dt.timedelta(days=rule.notice_days)
        if end_date < earliest:
            return (
                f"A tenant's notice must be at least {rule.notice_label}: the earliest end date is "
                f"{earliest:%d %B %Y}."
            )
        if rule.end_on_sunday and end_date.weekday() != 6:
            sunday = end_date + dt.timedelta(days=6 - end_date.weekday())
            return (
                f"The agreement must end on a Sunday, the last day of a rent week: for example "
                f"{sunday:%d %B %Y}."
            )
    return None
