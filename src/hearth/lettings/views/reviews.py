"""Reviews: recording the applicant's request for a review and the reviewer's outcome."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect

from hearth.core.permissions import capability_required
from hearth.lettings import services
from hearth.lettings.forms import ReviewDecisionForm, ReviewForm
from hearth.lettings.models import ReviewRequest
from hearth.lettings.views.records import action_form_page, application_or_404
from hearth.web.forms import apply_service_errors


@capability_required("lettings.edit")
def review_create(request: HttpRequest, pk: int) -> HttpResponseBase:
    app = application_or_404(request, pk)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_review(actor=request.user, application=app, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Review request recorded.")
            return redirect(app)
    return action_form_page(
        request,
        app,
        form,
        "lettings/simple_form.html",
        "Record a review request",
        {"button": "Record review request"},
    )


@capability_required("lettings.decide")
def review_decide(request: HttpRequest, pk: int) -> HttpResponseBase:
    review = get_object_or_404(ReviewRequest, pk=pk)
    app = application_or_404(request, review.application_id)
    form = ReviewDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_review(actor=request.user, review=review, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, "Review decided.")
            return redirect(app)
    return action_form_page(
        request,
        app,
        form,
        "lettings/simple_form.html",
        f"Decide the review: {review.grounds[:60]}",
        {"button": "Record the outcome"},
    )
