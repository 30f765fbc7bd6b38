"""Officer pages for the common housing register and choice-based lettings. Thin: forms in, services
and selectors, templates out. Every page names its capability; records of another partner are 404.

One module per business area; every page is re-exported here for `urls.py`."""

from __future__ import annotations

from hearth.lettings.views.adverts import advert_create, advert_detail, advert_history, advert_list
from hearth.lettings.views.applications import (
    application_bands,
    application_bids,
    application_circumstances,
    application_detail,
    application_files,
    application_history,
)
from hearth.lettings.views.bids import application_bid, bid_withdraw
from hearth.lettings.views.cycles import cycle_auto_bids, cycle_close, cycle_list
from hearth.lettings.views.offers import advert_offer, offer_detail
from hearth.lettings.views.online import online_detail, online_list
from hearth.lettings.views.qualification import (
    application_band,
    application_bedrooms,
    application_qualify,
    application_status,
)
from hearth.lettings.views.register import application_create, lift_suspensions, register
from hearth.lettings.views.reviews import review_create, review_decide
from hearth.lettings.views.scheme import partners, scheme
from hearth.lettings.views.shortlists import shortlist_bypass
from hearth.lettings.views.statistics import statistics

__all__ = [
    "advert_create",
    "advert_detail",
    "advert_history",
    "advert_list",
    "advert_offer",
    "application_band",
    "application_bands",
    "application_bedrooms",
    "application_bid",
    "application_bids",
    "application_circumstances",
    "application_create",
    "application_detail",
    "application_files",
    "application_history",
    "application_qualify",
    "application_status",
    "bid_withdraw",
    "cycle_auto_bids",
    "cycle_close",
    "cycle_list",
    "lift_suspensions",
    "offer_detail",
    "online_detail",
    "online_list",
    "partners",
    "register",
    "review_create",
    "review_decide",
    "scheme",
    "shortlist_bypass",
    "statistics",
]
