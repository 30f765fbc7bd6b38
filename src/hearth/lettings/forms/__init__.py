"""Officer and applicant forms for the register and lettings. Parsing only: the rules are in the
services. One module per business area; every form is re-exported here."""

from __future__ import annotations

from hearth.lettings.forms.adverts import AdvertForm, CycleForm
from hearth.lettings.forms.applications import ApplicationForm, CircumstancesForm, person_by_reference
from hearth.lettings.forms.bids import BidForm
from hearth.lettings.forms.offers import AcceptForm, OfferForm, RefuseForm
from hearth.lettings.forms.online import OnlineApplicationForm
from hearth.lettings.forms.qualification import BandForm, BedroomForm, QualificationForm, StatusForm
from hearth.lettings.forms.reviews import ReviewDecisionForm, ReviewForm
from hearth.lettings.forms.scheme import OfficerForm, PartnerForm, SchemeForm
from hearth.lettings.forms.shared import ReasonForm

__all__ = [
    "AcceptForm",
    "AdvertForm",
    "ApplicationForm",
    "BandForm",
    "BedroomForm",
    "BidForm",
    "CircumstancesForm",
    "CycleForm",
    "OfferForm",
    "OfficerForm",
    "OnlineApplicationForm",
    "PartnerForm",
    "QualificationForm",
    "ReasonForm",
    "RefuseForm",
    "ReviewDecisionForm",
    "ReviewForm",
    "SchemeForm",
    "StatusForm",
    "person_by_reference",
]
