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

from hearth.core import permissions
from hearth.tenancies.models import Tenancy
from hearth.tenancy_processes import actions, rules, selectors
from hearth.tenancy_processes.common import (
    Event,
    Outcome,
    ask_for_approval,
    finish,
    kind_problem,
    raise_problems,
    waiting_problem,
)
from hearth.tenancy_processes.models import TenancyProcess

NEEDS_APPROVAL = ("extend", "end")


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


def outcome_of(tenancy: Tenancy, request: ReviewRequest) -> Outcome:
    """What a review carried out leaves: the line on the agreement's history, the letter (the tenant
    may ask for a review of an extension or of a decision to seek possession) and the legal effect."""
    outcome, reason = request.outcome, request.reason.strip()
    if outcome == "confirm":
        return Outcome(
            history=[
                Event(
                    actions.TRIAL_CONFIRMED,
                    "Introductory review: becomes a secure tenancy",
                    changes={"type": ["Introductory tenancy", "Secure tenancy"]},
                )
            ],
            heading="Your tenancy is now a secure tenancy",
            paragraphs=[
                f"We have reviewed your introductory tenancy of {tenancy.property.address}. Your trial "
                f"period has ended and your tenancy is now a secure tenancy.",
                "Your rent and the terms of your tenancy agreement stay the same.",
            ],
            details={"review_outcome": outcome, "reviewed_on": request.day.isoformat()},
        )
    if outcome == "extend":
        ends = rules.introductory_trial_ends(tenancy.start_date, extended=True)
        return Outcome(
            history=[
                Event(actions.TRIAL_EXTENDED, f"Trial period extended to {ends:%d %B %Y}: {reason}"[:300])
            ],
            heading="Your introductory tenancy has been extended",
            paragraphs=[
                f"We have reviewed your introductory tenancy and extended its trial period by six months, "
                f"to {ends:%d %B %Y} (18 months in all).",
                f"The reason is: {reason}",
                "You may ask us to review this decision within 14 days of the date of this letter.",
            ],
            effect=TenancyProcess.Effect.TRIAL_EXTENDED,
        )
    return Outcome(
        history=[Event(actions.SEEK_POSSESSION, f"Possession to be sought: {reason}"[:300])],
        heading="We intend to seek possession of your home",
        paragraphs=[
            "We have reviewed your introductory tenancy and decided to seek possession of your home. A "
            "notice of proceedings will be served on you.",
            f"The reason is: {reason}",
            "You may ask us to review this decision within 14 days of the notice being served.",
        ],
        effect=TenancyProcess.Effect.POSSESSION_SOUGHT,
    )


def review(*, actor: Any, tenancy: Tenancy, request: ReviewRequest) -> TenancyProcess:
    """Record an introductory tenancy review: confirmed at once (the tenancy becomes secure, with a
    letter), or, to extend the trial or seek possession, asked for a senior officer's approval."""
    permissions.require(actor, "tenancies.process")
    with transaction.atomic():
        tenancy = Tenancy.objects.select_for_update().select_related("property").get(pk=tenancy.pk)
        check_review(tenancy, request)
        outcome, reason = request.outcome, request.reason.strip()
        if outcome in NEEDS_APPROVAL:
            details = {
                "review_outcome": outcome,
                "reason": reason,
                "reviewed_on": request.day.isoformat(),
                "outcome": f"{rules.REVIEW_OUTCOMES[outcome]}: {reason}",
            }
            waiting = (
                f"Introductory review ({rules.REVIEW_OUTCOMES[outcome].lower()}) waiting for a senior "
                f"officer's approval"
            )
            return ask_for_approval(
                actor, TenancyProcess.Kind.REVIEW, tenancy, details, Event(actions.REVIEW_WAITING, waiting)
            )
        tenancy.kind = Tenancy.Kind.SECURE
        tenancy.save(update_fields=["kind", "updated_at"])
        return finish(actor, TenancyProcess.Kind.REVIEW, tenancy, outcome_of(tenancy, request))


def carry_out(actor: Any, process: TenancyProcess) -> Outcome:
    """An approved extension or decision to seek possession: checked again as on the day of the review,
    and recorded with its legal effect."""
    tenancy = process.tenancy
    asked = ReviewRequest.waiting(process.details)
    raise_problems(review_problems(tenancy, asked))
    return outcome_of(tenancy, asked)
