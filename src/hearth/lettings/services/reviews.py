"""Reviews: the applicant's request for a review of a decision and the reviewer's outcome."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from hearth.core import audit, permissions
from hearth.core.actors import user_of
from hearth.core.records import Errors
from hearth.lettings.models import Application, ReviewRequest
from hearth.lettings.services.applications import locked_for
from hearth.lettings.services.partners import require_council

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
    review = ReviewRequest.objects.create(
        application=app,
        decision=decision,
        grounds=grounds.strip(),
        requested_on=timezone.localdate(),
        requested_by=user_of(actor),
    )
    audit.record(
        actor=actor,
        obj=app,
        action="review requested",
        summary=f"Review requested: {review.get_decision_display().lower()}",
    )
    return review


@transaction.atomic
def decide_review(*, actor: Any, review: ReviewRequest, outcome: str, reason: str) -> ReviewRequest:
    """Decide a review. The reviewer is not the officer who made the last band decision under review."""
    permissions.require(actor, "lettings.decide")
    review = ReviewRequest.objects.select_for_update().select_related("application").get(pk=review.pk)
    require_council(actor, review.application.council_id)
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
    review.outcome = outcome
    review.outcome_reason = reason.strip()
    review.decided_on = timezone.localdate()
    review.decided_by = user_of(actor)
    review.save(update_fields=["outcome", "outcome_reason", "decided_on", "decided_by"])
    audit.record(
        actor=actor,
        obj=review.application,
        action="review decided",
        summary=f"Review of {review.get_decision_display().lower()}: {review.get_outcome_display().lower()}",
    )
    return review
