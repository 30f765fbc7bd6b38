"""The audit actions the tenancy processes write on the history of an agreement, a person or a rent
account. They are for people to read: no process decides anything from them (the legal state of a
tenancy is kept on its `TenancyProcess` records)."""

from __future__ import annotations

SIGNED_UP = "signed up"
TERMINATED = "terminated"
DEBITS_AFTER_END_CREDITED = "debits after the end credited"
MUTUAL_EXCHANGE = "mutual exchange"
REVIEW_WAITING = "review waiting for approval"
TRIAL_CONFIRMED = "introductory trial confirmed"
TRIAL_EXTENDED = "introductory trial extended"
SEEK_POSSESSION = "introductory review: seek possession"
SUCCESSION = "succession"
DISCRETIONARY_SUCCESSION = "discretionary succession"
SUCCESSION_WAITING = "succession waiting for approval"
JOINT_TENANTS_CHANGED = "joint tenants changed"
SURVIVORSHIP = "survivorship"
ASSIGNMENT_WAITING = "assignment waiting for approval"
ASSIGNED = "assigned"
PROCESS_APPROVED = "process approved"
PROCESS_REFUSED = "process refused"
NAME_CHANGED = "name changed"
TENANTS_NAME_CHANGED = "tenant's name changed"
KIND_RULES_CHANGED = "agreement rules changed"
