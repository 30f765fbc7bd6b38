"""Reviews: recording the applicant's request for a review and the reviewer's outcome."""

from __future__ import annotations

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404

from hearth.core.permissions import capability_required
from hearth.lettings import services
from hearth.lettings.forms import ReviewDecisionForm, ReviewForm
from hearth.lettings.models import ReviewRequest
from hearth.lettings.views.records import application_action, application_or_404


@capability_required("lettings.edit")
def review_create(request: HttpRequest, pk: int) -> HttpResponseBase:
    app = application_or_404(request, pk)
    return application_action(
        request,
        app,
        form=ReviewForm(request.POST or None),
        title="Record a review request",
        button="Record review request",
        run=lambda d: services.request_review(actor=request.user, application=app, **d),
        done="Review request recorded.",
    )


@capability_required("lettings.decide")
def review_decide(request: HttpRequest, pk: int) -> HttpResponseBase:
    review = get_object_or_404(ReviewRequest, pk=pk)
    app = application_or_404(request, review.application_id)
    return application_action(
        request,
        app,
        form=ReviewDecisionForm(request.POST or None),
        title=f"Decide the review: {review.grounds[:60]}",
        button="Record the outcome",
        run=lambda d: services.decide_review(actor=request.user, review=review, **d),
        done="Review decided.",
    )
