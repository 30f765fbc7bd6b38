"""Reviews: recording the applicant's request for a review and the reviewer's outcome."""

from __future__ import annotations

from django.http import HttpRequest
from django.http.response import HttpResponseBase

from hearth.core.permissions import capability_required
from hearth.lettings import services
from hearth.lettings.forms import ReviewDecisionForm, ReviewForm
from hearth.lettings.models import ReviewRequest
from hearth.lettings.views.records import (
    FormPage,
    application_action,
    application_form_view,
    of_application_or_404,
)

review_create = application_form_view(
    "lettings.edit",
    FormPage("Record a review request", button="Record review request"),
    ReviewForm,
    services.request_review,
    done="Review request recorded.",
)


@capability_required("lettings.decide")
def review_decide(request: HttpRequest, pk: int) -> HttpResponseBase:
    review, app = of_application_or_404(request, ReviewRequest, pk)
    page = FormPage(f"Decide the review: {review.grounds[:60]}", button="Record the outcome")
    return application_action(
        request,
        app,
        page,
        ReviewDecisionForm(request.POST or None),
        run=lambda d: services.decide_review(actor=request.user, review=review, **d),
        done="Review decided.",
    )
