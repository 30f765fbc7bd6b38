"""Writes for agreements: create, change, end. Guided tenancy processes build on these (issue 4)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from hearth.core import audit, permissions, search
from hearth.core.actors import Actor, ActorOrLabel
from hearth.core.records import Errors, create_audited
from hearth.core.references import next_reference
from hearth.people.models import Person
from hearth.properties.models import Property
from hearth.tenancies import domain
from hearth.tenancies.models import Tenancy, TenancyParty
from hearth.tenancies.search import tenancy_entry

TENANCY_FIELDS = ["reference", "property", "kind", "start_date", "end_date", "end_reason"]


def reindex_tenancy(tenancy: Tenancy) -> None:
    names = [p.person.full_name for p in tenancy.parties.select_related("person") if p.role == "tenant"]
    search.index(tenancy_entry(tenancy, names, tenancy.property.address))


def reindex_tenancies_of_person(person_id: int) -> None:
    for tenancy in Tenancy.objects.filter(parties__person_id=person_id).select_related("property").distinct():
        reindex_tenancy(tenancy)


def reindex_tenancies_of_property(property_id: int) -> None:
    for tenancy in Tenancy.objects.filter(property_id=property_id).select_related("property"):
        reindex_tenancy(tenancy)


def live_agreement(prop: Property, on: dt.date | None = None) -> Tenancy | None:
    """The agreement of a home running on a day (today by default), if any."""
    day = on or timezone.localdate()
    return Tenancy.objects.filter(property=prop).live_on(day).order_by("-start_date", "-id").first()


def agreement_in_the_way(prop: Property, start: dt.date) -> Tenancy | None:
    """An agreement of the home still running on or after `start` (so a new open-ended one cannot
    begin then), if any."""
    return Tenancy.objects.filter(property=prop).not_ended_by(start).order_by("start_date", "id").first()


def refresh_let_status(
    *, actor: ActorOrLabel, prop: Property, because: str = "", on: dt.date | None = None
) -> None:
    """A home's let / void status follows its agreements' dates: let while an agreement runs past the
    day, void from the last day of the last one (the keys come back that day). Other statuses, like
    major works or sold, are left alone unless an agreement starts."""
    day = on or timezone.localdate()
    live = Tenancy.objects.filter(property=prop).let_on(day).order_by("-start_date", "-id").first()
    if live is not None and prop.status != Property.Status.LET:
        wanted = Property.Status.LET
    elif live is None and prop.status == Property.Status.LET:
        wanted = Property.Status.VOID
    else:
        return
    before = prop.get_status_display()
    prop.status = wanted
    prop.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor,
        obj=prop,
        action="updated",
        changes={"status": [before, prop.get_status_display()]},
        summary=because or (f"Let on {live.reference}" if live is not None else "Void: no agreement runs"),
    )


@transaction.atomic
def refresh_let_statuses(*, actor: ActorOrLabel = "daily status check", on: dt.date | None = None) -> int:
    """Bring every home's let / void status into line with its agreements' dates on a day (a notice
    ending an agreement in the future takes effect on its last day). Returns how many changed."""
    day = on or timezone.localdate()
    running = Tenancy.objects.let_on(day)
    stale = Property.objects.filter(
        Q(status=Property.Status.LET) & ~Q(pk__in=running.values("property_id"))
        | Q(status__in=[Property.Status.VOID, Property.Status.UNDER_OFFER])
        & Q(pk__in=running.values("property_id"))
    )
    changed = 0
    for prop in stale.select_for_update().order_by("pk"):
        refresh_let_status(actor=actor, prop=prop, on=day)
        changed += 1
    return changed


def _check_overlap(
    errors: Errors, prop: Property, start: dt.date, end: dt.date | None, exclude: int | None
) -> None:
    others = Tenancy.objects.filter(property=prop)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    for other in others.only("reference", "start_date", "end_date"):
        if domain.overlaps(start, end, other.start_date, other.end_date):
            errors.add(
                "start_date", f"{prop.reference} already has agreement {other.reference} for these dates."
            )
            return


def tenancy_problems(tenancy: Tenancy, tenants: Sequence[Person], occupants: Sequence[Person] = ()) -> Errors:
    """Everything wrong with a new agreement of a home (not yet saved: its home, kind and dates) and
    its tenants and other occupants, on its fields; nothing is stored."""
    prop, kind, start_date, end_date = tenancy.property, tenancy.kind, tenancy.start_date, tenancy.end_date
    errors = Errors()
    if kind not in Tenancy.Kind.values:
        errors.add("kind", "Select the type of agreement.")
    else:
        reason = domain.kind_fits_property(kind, prop.kind, prop.ownership)
        if reason:
            errors.add("kind", reason)
    if start_date is None:
        errors.add("start_date", "Enter the start date.")
    elif start_date > timezone.localdate() + dt.timedelta(days=366):
        errors.add("start_date", "The start date must be within the next year.")
    if end_date and start_date and end_date < start_date:
        errors.add("end_date", "The end date must be on or after the start date.")
    if not tenants:
        errors.add("tenants", "Add at least one tenant.")
    if len({p.pk for p in [*tenants, *occupants]}) != len(tenants) + len(occupants):
        errors.add("occupants", "A person can be listed only once on an agreement.")
    for person in tenants:
        if (
            person.date_of_birth
            and start_date
            and domain.age_on(person.date_of_birth, start_date) < domain.MIN_TENANT_AGE
        ):
            errors.add(
                "tenants",
                f"{person} is under {domain.MIN_TENANT_AGE} on the start date and cannot be a tenant.",
            )
    if start_date and not errors.by_field.get("start_date"):
        _check_overlap(errors, prop, start_date, end_date, exclude=None)
    return errors


@transaction.atomic
def create_tenancy(
    *,
    actor: Actor,
    property: Property,
    kind: str,
    start_date: dt.date,
    tenants: Sequence[Person],
    occupants: Sequence[Person] = (),
    end_date: dt.date | None = None,
) -> Tenancy:
    permissions.require(actor, "tenancies.edit")
    prop = Property.objects.select_for_update().get(pk=property.pk)
    tenancy = Tenancy(property=prop, kind=kind, start_date=start_date, end_date=end_date)
    tenancy_problems(tenancy, tenants, occupants).raise_if_any()
    tenancy.reference = next_reference("T", width=7)
    create_audited(actor=actor, obj=tenancy, fields=TENANCY_FIELDS, summary="Agreement created")
    TenancyParty.objects.bulk_create(
        [
            TenancyParty(tenancy=tenancy, person=p, role=TenancyParty.Role.TENANT, start_date=start_date)
            for p in tenants
        ]
        + [
            TenancyParty(tenancy=tenancy, person=p, role=TenancyParty.Role.OCCUPANT, start_date=start_date)
            for p in occupants
        ]
    )
    names = ", ".join(p.full_name for p in tenants)
    audit.record(actor=actor, obj=tenancy, action="parties added", summary=f"Tenants: {names}")
    refresh_let_status(actor=actor, prop=prop, because=f"Let on {tenancy.reference}")
    reindex_tenancy(tenancy)
    return tenancy


@transaction.atomic
def end_tenancy(*, actor: Actor, tenancy: Tenancy, end_date: dt.date, reason: str) -> Tenancy:
    permissions.require(actor, "tenancies.edit")
    tenancy = Tenancy.objects.select_for_update().select_related("property").get(pk=tenancy.pk)
    errors = Errors()
    if tenancy.end_date is not None:
        errors.add("end_date", f"This agreement already ended on {tenancy.end_date:%d %B %Y}.")
    if end_date is None:
        errors.add("end_date", "Enter the last day of the agreement.")
    elif end_date < tenancy.start_date:
        errors.add("end_date", "The end date must be on or after the start date.")
    if not (reason or "").strip():
        errors.add("end_reason", "Enter why the agreement is ending.")
    errors.raise_if_any()
    before = audit.snapshot(tenancy, TENANCY_FIELDS)
    tenancy.end_date = end_date
    tenancy.end_reason = reason.strip()
    tenancy.save(update_fields=["end_date", "end_reason", "updated_at"])
    audit.record(
        actor=actor,
        obj=tenancy,
        action="ended",
        changes=audit.diff(before, audit.snapshot(tenancy, TENANCY_FIELDS)),
        summary=f"Agreement ends {end_date:%d %B %Y}",
    )
    TenancyParty.objects.filter(tenancy=tenancy, end_date__isnull=True).update(end_date=end_date)
    refresh_let_status(actor=actor, prop=tenancy.property, because=f"Void after {tenancy.reference} ended")
    return tenancy
