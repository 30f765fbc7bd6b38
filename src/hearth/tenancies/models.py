from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from hearth.core import periods
from hearth.core.fields import reference
from hearth.core.models import Timestamped
from hearth.core.pages import HasPage
from hearth.people.models import Person
from hearth.properties.models import Property


class TenancyQuerySet(models.QuerySet["Tenancy"]):
    def not_ended_by(self, day: dt.date | None = None) -> TenancyQuerySet:
        """Agreements with no end date, or ending on or after the day (today by default), whether or
        not they have begun."""
        return self.filter(periods.live_on(day or timezone.localdate()))

    def live_on(self, day: dt.date | None = None) -> TenancyQuerySet:
        """Agreements running on the day (today by default): begun, and live through their last day."""
        day = day or timezone.localdate()
        return self.filter(periods.started_by(day), periods.live_on(day))

    def let_on(self, day: dt.date | None = None) -> TenancyQuerySet:
        """Agreements that keep their home let on the day (the let / void boundary): begun, and
        ending after the day; a home is void from the last day of its last agreement."""
        day = day or timezone.localdate()
        return self.filter(periods.started_by(day), periods.let_on(day))


class Tenancy(HasPage, Timestamped):
    """An agreement of any kind: tenancy, licence, lease."""

    URL_NAME: ClassVar[str] = "web:tenancy"  # its page, taking the id

    class Kind(models.TextChoices):
        INTRODUCTORY = "introductory", "Introductory tenancy"
        SECURE = "secure", "Secure tenancy"
        FLEXIBLE = "flexible", "Flexible tenancy"
        NON_SECURE = "non_secure", "Non-secure tenancy"
        TEMPORARY = "temporary", "Temporary accommodation licence"
        LEASEHOLD = "leasehold", "Leasehold"
        GARAGE = "garage", "Garage licence"
        COMMERCIAL = "commercial", "Commercial lease"

    reference = reference()
    property = models.ForeignKey(
        Property, on_delete=models.PROTECT, related_name="tenancies", verbose_name="property"
    )
    kind = models.CharField("type", max_length=14, choices=Kind.choices)
    start_date = models.DateField("start date")
    end_date = models.DateField("end date", null=True, blank=True)
    end_reason = models.CharField("end reason", max_length=200, blank=True)

    objects = TenancyQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name_plural = "tenancies"
        indexes = [models.Index(fields=["property", "-start_date"])]

    def __str__(self) -> str:
        return f"{self.reference} ({self.get_kind_display()})"


class TenancyPartyQuerySet(models.QuerySet["TenancyParty"]):
    def tenants(self) -> TenancyPartyQuerySet:
        return self.filter(role=TenancyParty.Role.TENANT)

    def remaining(self) -> TenancyPartyQuerySet:
        """Parties whose part of the agreement has no end recorded: who the processes act on."""
        return self.filter(end_date__isnull=True)

    def current(self, on: dt.date | None = None) -> TenancyPartyQuerySet:
        """Parties still on the agreement on a day (today by default): no end recorded, an end still to
        come, or an end with the agreement itself (who the tenants were when it ended). Not someone who
        died, left a joint tenancy or assigned it before then."""
        day = on or timezone.localdate()
        return self.filter(periods.live_on(day) | Q(end_date__gte=F("tenancy__end_date")))


class TenancyParty(models.Model):
    class Role(models.TextChoices):
        TENANT = "tenant", "Tenant"
        OCCUPANT = "occupant", "Occupant"

    tenancy = models.ForeignKey(Tenancy, on_delete=models.PROTECT, related_name="parties")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="tenancy_parties")
    role = models.CharField("role", max_length=10, choices=Role.choices)
    start_date = models.DateField("from", null=True, blank=True)
    end_date = models.DateField("until", null=True, blank=True)

    objects = TenancyPartyQuerySet.as_manager()

    class Meta:
        ordering = ["tenancy", "role", "id"]
        constraints = [models.UniqueConstraint(fields=["tenancy", "person"], name="tenancy_party_unique")]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"
