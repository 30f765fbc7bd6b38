"""Writes for the housing register and choice-based lettings. Each is one transaction: capability,
the partner the officer works for, validation with a sentence per field, the change, its audit event.

One module per business area; every public name is re-exported here, so callers keep writing
`from hearth.lettings import services` and `services.place_bid(...)`.
"""

from __future__ import annotations

from hearth.lettings.services.adverts import (
    ADVERT_FIELDS,
    PHOTO_TYPES,
    add_advert_photo,
    advert_photos,
    bidder_of,
    create_advert,
    criteria_of,
    eligibility,
    is_photo,
    open_cycle,
    validate_advert,
)
from hearth.lettings.services.applications import (
    APPLICATION_FIELDS,
    CIRCUMSTANCE_FIELDS,
    RENEWAL_MONTHS,
    MemberInput,
    change_circumstances,
    compute_bedrooms,
    lift_ended_suspensions,
    register_application,
    renew_application,
    set_status,
    validate_application,
)
from hearth.lettings.services.bids import place_automatic_bids, place_bid, withdraw_bid
from hearth.lettings.services.offers import (
    accept_offer,
    make_offer,
    next_in_line,
    refuse_offer,
    withdraw_offer,
)
from hearth.lettings.services.partners import (
    add_officer,
    council_ids_for,
    create_council,
    locked_for_partner,
    of_partners,
    require_council,
    sees_all_partners,
    sees_partner,
)
from hearth.lettings.services.qualification import (
    decide_band,
    decide_qualification,
    override_bedroom_need,
    validate_band,
)
from hearth.lettings.services.reviews import REVIEW_DAYS, decide_review, request_review
from hearth.lettings.services.scheme import (
    DEFAULT_BANDS,
    current_policy,
    default_policy,
    qualification_rules,
    set_policy,
    validate_bands,
)
from hearth.lettings.services.shortlists import ENTRY_COLUMNS, bypass, close_cycle

__all__ = [
    "ADVERT_FIELDS",
    "APPLICATION_FIELDS",
    "CIRCUMSTANCE_FIELDS",
    "DEFAULT_BANDS",
    "ENTRY_COLUMNS",
    "PHOTO_TYPES",
    "RENEWAL_MONTHS",
    "REVIEW_DAYS",
    "MemberInput",
    "accept_offer",
    "add_advert_photo",
    "add_officer",
    "advert_photos",
    "bidder_of",
    "bypass",
    "change_circumstances",
    "close_cycle",
    "compute_bedrooms",
    "council_ids_for",
    "create_advert",
    "create_council",
    "criteria_of",
    "current_policy",
    "decide_band",
    "decide_qualification",
    "decide_review",
    "default_policy",
    "eligibility",
    "is_photo",
    "lift_ended_suspensions",
    "locked_for_partner",
    "make_offer",
    "next_in_line",
    "of_partners",
    "open_cycle",
    "override_bedroom_need",
    "place_automatic_bids",
    "place_bid",
    "qualification_rules",
    "refuse_offer",
    "register_application",
    "renew_application",
    "request_review",
    "require_council",
    "sees_all_partners",
    "sees_partner",
    "set_policy",
    "set_status",
    "validate_advert",
    "validate_application",
    "validate_band",
    "validate_bands",
    "withdraw_bid",
    "withdraw_offer",
]
