"""Introductory tenancy review: confirming it (a secure tenancy) is done at once; extending the trial
to 18 months or seeking possession waits for a senior officer other than the officer who held the
review (`approvals.decide`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from hearth.core import audit, permissions
from hearth.tenancies.models import Tenancy
from hearth.tenancy_processes import actions, rules, selectors
from hearth.tenancy_processes.common import (
    ask_for_approval,
    finish,
    kind_problem,
    raise_problems,
    waiting_problem,
)
from hearth.tenancy_processes.models import TenancyProcess

NEEDS_APPROVAL = ("extend", "end")
EFFECTS = {"extend": TenancyProcess.Effect.TRIAL_EXTENDED, "end": TenancyProcess.Effect.POSSESSION_SOUGHT}


@dataclass(frozen=True)
class ReviewRequest:
    """An introductory review as the officer who held it records it: the outcome
    (`rules.REVIEW_OUTCOMES`), the reason (needed to extend or end) and the day (today unless said)."""

    outcome: str
    reason: str = ""
    today: dt.date | None = None

    @classmethod
    def waiting(cls, details: Mapping[str, Any]) -> ReviewRequest:
        """The extension or decision to seek possession kept on a process waiting for approval."""
        return cls(
            outcome=details["review_outcome"],
            reason=details["reason"],
            today=dt.date.fromisoformat(details["reviewed_on"]),
        )

    @property
    def day(self) -> dt.date:
        """The day of the review: the one given, else today."""
        return self.today or timezone.localdate()


def review_problems(tenancy: Tenancy, request: ReviewRequest) -> dict[str, str]:
    """Everything wrong with an introductory review, field -> sentence (nothing is changed)."""
    if tenancy.kind != Tenancy.Kind.INTRODUCTORY:
        return {"outcome": "Only an introductory tenancy is reviewed."}
    refused = kind_problem(tenancy, "review")
    if refused:
        return refused
    return rules.review_problem(
        outcome=request.outcome,
        start=tenancy.start_date,
        today=request.day,
        extended_before=selectors.trial_extended(tenancy),
        reason=request.reason,
    )


def check_review(tenancy: Tenancy, request: ReviewRequest) -> None:
    """Every problem with an introductory review at once, including one already waiting for approval."""
    problems = review_problems(tenancy, request)
    if request.outcome in NEEDS_APPROVAL and not problems:
        problems = waiting_problem(tenancy, TenancyProcess.Kind.REVIEW, "outcome")
    raise_problems(problems)


def letter(tenancy: Tenancy, outcome: str, reason: str) -> tuple[str, list[str]]:
    if outcome == "confirm":
        return "Your tenancy is now a secure tenancy", [
            f"We have reviewed your introductory tenancy of {tenancy.property.address}. Your trial period "
            f"has ended and your tenancy is now a secure tenancy.",
            "Your rent and the terms of your tenancy agreement stay the same.",
        ]
    if outcome == "extend":
        ends = rules.introductory_trial_ends(tenancy.start_date, extended=True)
        return "Your introductory tenancy has been extended", [
            f"We have reviewed your introductory tenancy and extended its trial period by six months, "
            f"to {ends:%d %B %Y} (18 months in all).",
            f"The reason is: {reason.strip()}",
            "You may ask us to review this decision within 14 days of the date of this letter.",
        ]
    return "We intend to seek possession of your home", [
        "We have reviewed your introductory tenancy and decided to seek possession of your home. A notice "
        "of proceedings will be served on you.",
        f"The reason is: {reason.strip()}",
        "You may ask us to review this decision within 14 days of the notice being served.",
    ]


def review(*, actor: Any, tenancy: Tenancy, request: ReviewRequest) -> TenancyProcess:
    """Record an introductory tenancy review: confirmed at once (the tenancy becomes secure, with a
    letter), or, to extend the trial or seek possession, asked for a senior officer's approval."""
    permissions.require(actor, "tenancies.process")
    with transaction.atomic():
        tenancy = Tenancy.objects.select_for_update().select_related("property").get(pk=tenancy.pk)
        check_review(tenancy, request)
        outcome, reason, day = request.outcome, request.reason, request.day
        if outcome in NEEDS_APPROVAL:
            return ask_for_approval(
                actor=actor,
                tenancy=tenancy,
                kind=TenancyProcess.Kind.REVIEW,
                details={
                    "review_outcome": outcome,
                    "reason": reason.strip(),
                    "reviewed_on": day.isoformat(),
                    "outcome": f"{rules.REVIEW_OUTCOMES[outcome]}: {reason.strip()}",
                },
                action=actions.REVIEW_WAITING,
                summary=f"Introductory review ({rules.REVIEW_OUTCOMES[outcome].lower()}) waiting for a "
                f"senior officer's approval",
            )
        tenancy.kind = Tenancy.Kind.SECURE
        tenancy.save(update_fields=["kind", "updated_at"])
        audit.record(
            actor=actor,
            obj=tenancy,
            action=actions.TRIAL_CONFIRMED,
            changes={"type": ["Introductory tenancy", "Secure tenancy"]},
            summary="Introductory review: becomes a secure tenancy",
        )
        heading, paragraphs = letter(tenancy, outcome, reason)
        return finish(
            actor=actor,
            kind=TenancyProcess.Kind.REVIEW,
            tenancy=tenancy,
            heading=heading,
            paragraphs=paragraphs,
            details={"review_outcome": outcome, "reviewed_on": day.isoformat()},
        )


def carry_out(actor: Any, process: TenancyProcess) -> tuple[str, list[str], list[str] | None, str]:
    """An approved extension or decision to seek possession: checked again as on the day of the review,
    recorded with its legal effect. Returns the letter (heading, paragraphs, to) and the effect."""
    tenancy = process.tenancy
    asked = ReviewRequest.waiting(process.details)
    raise_problems(review_problems(tenancy, asked))
    outcome, reason = asked.outcome, asked.reason
    if outcome == "extend":
        ends = rules.introductory_trial_ends(tenancy.start_date, extended=True)
        audit.record(
            actor=actor,
            obj=tenancy,
            action=actions.TRIAL_EXTENDED,
            summary=f"Trial period extended to {ends:%d %B %Y}: {reason.strip()}"[:300],
        )
    else:
        audit.record(
            actor=actor,
            obj=tenancy,
            action=actions.SEEK_POSSESSION,
            summary=f"Possession to be sought: {reason.strip()}"[:300],
        )
    heading, paragraphs = letter(tenancy, outcome, reason)
    return heading, paragraphs, None, EFFECTS[outcome]
