from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.urls import reverse

from hearth.people.models import Person
from hearth.properties.models import Property


class Tenancy(models.Model):
    URL_NAME: ClassVar[str] = "web:tenancy"  # its page, taking the id

    """An agreement of any kind: tenancy, licence, lease."""

    class Kind(models.TextChoices):
        INTRODUCTORY = "introductory", "Introductory tenancy"
        SECURE = "secure", "Secure tenancy"
        FLEXIBLE = "flexible", "Flexible tenancy"
        NON_SECURE = "non_secure", "Non-secure tenancy"
        TEMPORARY = "temporary", "Temporary accommodation licence"
        LEASEHOLD = "leasehold", "Leasehold"
        GARAGE = "garage", "Garage licence"
        COMMERCIAL = "commercial", "Commercial lease"

    reference = models.CharField("reference", max_length=12, unique=True)
    property = models.ForeignKey(
        Property, on_delete=models.PROTECT, related_name="tenancies", verbose_name="property"
    )
    kind = models.CharField("type", max_length=14, choices=Kind.choices)
    start_date = models.DateField("start date")
    end_date = models.DateField("end date", null=True, blank=True)
    end_reason = models.CharField("end reason", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name_plural = "tenancies"
        indexes = [models.Index(fields=["property", "-start_date"])]

    def __str__(self) -> str:
        return f"{self.reference} ({self.get_kind_display()})"

    def get_absolute_url(self) -> str:
        return reverse(self.URL_NAME, args=[self.pk])


class TenancyParty(models.Model):
    class Role(models.TextChoices):
        TENANT = "tenant", "Tenant"
        OCCUPANT = "occupant", "Occupant"

    tenancy = models.ForeignKey(Tenancy, on_delete=models.PROTECT, related_name="parties")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="tenancy_parties")
    role = models.CharField("role", max_length=10, choices=Role.choices)
    start_date = models.DateField("from", null=True, blank=True)
    end_date = models.DateField("until", null=True, blank=True)

    class Meta:
        ordering = ["tenancy", "role", "id"]
        constraints = [models.UniqueConstraint(fields=["tenancy", "person"], name="tenancy_party_unique")]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"
