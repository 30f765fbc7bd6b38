"""Reviews: the applicant's request for a review of a decision and the reviewer's outcome."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from hearth.core.actors import user_of
from hearth.core.records import Errors, create_and_note, save_and_note
from hearth.lettings.models import Application, ReviewRequest
from hearth.lettings.services.applications import locked_for
from hearth.lettings.services.partners import locked_for_partner

REVIEW_DAYS = 21  # the time to ask for a review, as most allocation schemes set it


@transaction.atomic
def request_review(*, actor: Any, application: Application, decision: str, grounds: str) -> ReviewRequest:
    """Record an applicant's request for a review of a decision (Housing Act 1996 s.166A(9))."""
    app = locked_for(actor, "lettings.edit", application)
    errors = Errors()
    if decision not in ReviewRequest.Decision.values:
        errors.add("decision", "Select the decision to be reviewed.")
    if not (grounds or "").strip():
        errors.add("grounds", "Enter the applicant's grounds for the review.")
    if (
        decision
        and ReviewRequest.objects.filter(
            application=app, decision=decision, outcome=ReviewRequest.Outcome.PENDING
        ).exists()
    ):
        errors.add("decision", "A review of this decision is already waiting.")
    errors.raise_if_any()
    return create_and_note(
        actor,
        ReviewRequest,
        on=app,
        action="review requested",
        summary=f"Review requested: {ReviewRequest.Decision(decision).label.lower()}",
        application=app,
        decision=decision,
        grounds=grounds.strip(),
        requested_on=timezone.localdate(),
        requested_by=user_of(actor),
    )


@transaction.atomic
def decide_review(*, actor: Any, review: ReviewRequest, outcome: str, reason: str) -> ReviewRequest:
    """Decide a review. The reviewer is not the officer who made the last band decision under review."""
    records = ReviewRequest.objects.select_related("application")
    review = locked_for_partner(actor, "lettings.decide", records, review.pk, "application.council_id")
    errors = Errors()
    if review.outcome != ReviewRequest.Outcome.PENDING:
        errors.add("outcome", "This review has already been decided.")
    if outcome not in (ReviewRequest.Outcome.UPHELD, ReviewRequest.Outcome.CHANGED):
        errors.add("outcome", "Select whether the decision is upheld or changed.")
    if not (reason or "").strip():
        errors.add("reason", "Enter the reasons for the review decision.")
    if review.decision == ReviewRequest.Decision.BAND:
        last = review.application.band_decisions.order_by("-decided_on", "-id").first()
        if (
            last is not None
            and last.decided_by_id is not None
            and last.decided_by_id == getattr(actor, "pk", None)
        ):
            errors.add(
                "outcome", "A review must be decided by an officer who did not make the band decision."
            )
    errors.raise_if_any()
    return save_and_note(
        actor,
        review,
        on=review.application,
        action="review decided",
        summary=f"Review of {review.get_decision_display().lower()}: "
        f"{ReviewRequest.Outcome(outcome).label.lower()}",
        outcome=outcome,
        outcome_reason=reason.strip(),
        decided_on=timezone.localdate(),
        decided_by=user_of(actor),
    )
