"""Reviews: the applicant's request for a review of a decision and the reviewer's outcome."""

from __future__ import annotations

from django import forms

from hearth.lettings.models import ReviewRequest


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision to be reviewed",
        choices=ReviewRequest.Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the decision to be reviewed."},
    )
    grounds = forms.CharField(label="The applicant's grounds", required=False, widget=forms.Textarea)


class ReviewDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=[("upheld", "Decision upheld"), ("changed", "Decision changed")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the decision is upheld or changed."},
    )
    reason = forms.CharField(label="Reasons", required=False, widget=forms.Textarea)
