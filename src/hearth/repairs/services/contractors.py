"""Contractors, their contacts, and the users who act for them through the API."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from hearth.core import audit, references
from hearth.core.permissions import require
from hearth.core.records import Errors, create_and_note, create_audited, required_text
from hearth.repairs.models import Contractor, ContractorContact, ContractorUser


def _text_list(value: Any) -> list[str]:
    if isinstance(value, str):
        value = value.replace("\n", ",").split(",")
    return [str(v).strip() for v in (value or []) if str(v).strip()]


def validate_contractor(data: dict[str, Any]) -> dict[str, Any]:
    errors = Errors()
    name = str(data.get("name") or "").strip()
    if not name:
        errors.add("name", "Enter the contractor's name.")
    elif len(name) > 200:
        errors.add("name", "The name must be 200 characters or fewer.")
    errors.raise_if_any()
    return data


@transaction.atomic
def create_contractor(
    *,
    actor: Any,
    name: str,
    email: str = "",
    phone: str = "",
    address: str = "",
    trades: Any = (),
    areas: Any = (),
) -> Contractor:
    require(actor, "contractors.manage")
    validate_contractor({"name": name})
    contractor = Contractor(
        reference=references.next_reference("C", 5),
        name=name.strip(),
        email=email.strip(),
        phone=phone.strip(),
        address=address.strip(),
        trades=_text_list(trades),
        areas=_text_list(areas),
    )
    return create_audited(
        actor=actor,
        obj=contractor,
        fields=["reference", "name", "email", "phone", "address", "trades", "areas"],
        summary=f"Contractor {contractor.name} added",
    )


@transaction.atomic
def add_contact(
    *, actor: Any, contractor: Contractor, name: str, role: str = "", email: str = "", phone: str = ""
) -> ContractorContact:
    require(actor, "contractors.manage")
    name = required_text(name, "name", "Enter the contact's name.")
    return create_and_note(
        actor,
        ContractorContact,
        on=contractor,
        action="contact_added",
        summary=f"Contact {name} added",
        changes={"contact": [None, name]},
        contractor=contractor,
        name=name,
        role=role.strip(),
        email=email.strip(),
        phone=phone.strip(),
    )


@transaction.atomic
def link_contractor_user(*, actor: Any, user: Any, contractor: Contractor) -> ContractorUser:
    """Let `user` act for `contractor` through the API (and only for it)."""
    require(actor, "contractors.manage")
    link, _ = ContractorUser.objects.update_or_create(user=user, defaults={"contractor": contractor})
    audit.record(
        actor=actor, obj=contractor, action="user_linked", summary=f"User {user} acts for {contractor}"
    )
    return link


def contractor_for_user(user: Any) -> Contractor | None:
    link = (
        ContractorUser.objects.select_related("contractor")
        .filter(user_id=getattr(user, "pk", None) or 0)
        .first()
    )
    return link.contractor if link else None
