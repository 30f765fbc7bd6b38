"""Reads for people and households."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from hearth.core import periods
from hearth.core.actors import Actor
from hearth.core.permissions import has_capability
from hearth.people.models import Alert, HouseholdMember, Person


def person_list(*, q: str = "", contact: str = "", has_ni: str = "") -> QuerySet[Person]:
    qs = Person.objects.all()
    if q:
        for word in q.split()[:4]:
            qs = qs.filter(
                Q(last_name__istartswith=word) | Q(first_name__istartswith=word) | Q(reference__iexact=word)
            )
    if contact:
        qs = qs.filter(preferred_contact=contact)
    if has_ni == "yes":
        qs = qs.exclude(ni_number__isnull=True)
    elif has_ni == "no":
        qs = qs.filter(ni_number__isnull=True)
    return qs.order_by("last_name", "first_name", "id")


def person_detail(pk: int) -> Person:
    members = HouseholdMember.objects.select_related("household").order_by("-joined")
    return Person.objects.prefetch_related(Prefetch("memberships", queryset=members)).get(pk=pk)


def household_members(person: Person) -> list[HouseholdMember]:
    """Everyone currently in the person's households (one query)."""
    household_ids = [m.household_id for m in person.memberships.all() if m.left is None]
    return list(
        HouseholdMember.objects.filter(household_id__in=household_ids, left__isnull=True)
        .select_related("person", "household")
        .order_by("household_id", "id")
    )


def visible_alerts(person: Person, user: Actor) -> list[Alert] | None:
    """Live alerts for permitted roles; None when the user may not see protected data."""
    if not has_capability(user, "people.view_protected"):
        return None
    today = timezone.localdate()
    return list(person.alerts.filter(periods.live_on(today)).order_by("kind", "-start_date"))


def has_live_caution(person_ids: list[int]) -> set[int]:
    today = timezone.localdate()
    return set(
        Alert.objects.filter(person_id__in=person_ids, kind=Alert.Kind.CAUTION)
        .filter(periods.live_on(today))
        .values_list("person_id", flat=True)
    )
