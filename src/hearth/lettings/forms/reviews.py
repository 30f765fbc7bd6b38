"""Reviews: the applicant's request for a review of a decision and the reviewer's outcome."""

from __future__ import annotations

from django import forms

from hearth.lettings.forms.shared import long_text, radios
from hearth.lettings.models import ReviewRequest


class ReviewForm(forms.Form):
    decision = radios(
        "Decision to be reviewed",
        ReviewRequest.Decision.choices,
        missing="Select the decision to be reviewed.",
    )
    grounds = long_text("The applicant's grounds")


class ReviewDecisionForm(forms.Form):
    outcome = radios(
        "Outcome",
        [("upheld", "Decision upheld"), ("changed", "Decision changed")],
        missing="Select whether the decision is upheld or changed.",
    )
    reason = long_text("Reasons")
