from __future__ import annotations

from typing import ClassVar

from django.db import models

from hearth.core.fields import officer, reference
from hearth.core.models import Timestamped
from hearth.core.pages import HasPage


class Person(HasPage, Timestamped):
    URL_NAME: ClassVar[str] = "web:person"  # its page, taking the id

    class ContactMethod(models.TextChoices):
        EMAIL = "email", "Email"
        PHONE = "phone", "Phone"
        TEXT = "text", "Text message"
        LETTER = "letter", "Letter"

    reference = reference()
    title = models.CharField("title", max_length=20, blank=True)
    first_name = models.CharField("first name", max_length=100)
    middle_names = models.CharField("middle names", max_length=100, blank=True)
    last_name = models.CharField("last name", max_length=100)
    preferred_name = models.CharField("preferred name", max_length=100, blank=True)
    date_of_birth = models.DateField("date of birth", null=True, blank=True)
    ni_number = models.CharField(
        "National Insurance number", max_length=9, null=True, blank=True, unique=True
    )
    email = models.EmailField("email address", blank=True)
    phone = models.CharField("phone number", max_length=30, blank=True)
    address = models.CharField("correspondence address", max_length=300, blank=True)
    preferred_contact = models.CharField(
        "preferred contact method", max_length=10, choices=ContactMethod.choices, default=ContactMethod.LETTER
    )
    language = models.CharField("preferred language", max_length=60, default="English")
    interpreter_needed = models.BooleanField("interpreter needed", default=False)

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        indexes = [models.Index(fields=["last_name", "first_name"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.title, self.first_name, self.last_name) if p)


class Alert(models.Model):
    """Protected data: a vulnerability or a cautionary alert, seen only by permitted roles."""

    class Kind(models.TextChoices):
        VULNERABILITY = "vulnerability", "Vulnerability"
        CAUTION = "caution", "Cautionary alert"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="alerts")
    kind = models.CharField("type", max_length=15, choices=Kind.choices)
    category = models.CharField("category", max_length=80)
    description = models.TextField("details", blank=True)
    start_date = models.DateField("from")
    end_date = models.DateField("until", null=True, blank=True)
    recorded_by = officer()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.category}"


class Household(models.Model):
    reference = reference()
    name = models.CharField("name", max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class HouseholdMember(models.Model):
    class Relationship(models.TextChoices):
        LEAD = "lead", "Lead member"
        PARTNER = "partner", "Partner"
        CHILD = "child", "Child"
        PARENT = "parent", "Parent"
        SIBLING = "sibling", "Brother or sister"
        RELATIVE = "relative", "Other relative"
        CARER = "carer", "Carer"
        LODGER = "lodger", "Lodger"
        OTHER = "other", "Other"

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    relationship = models.CharField("relationship", max_length=10, choices=Relationship.choices)
    joined = models.DateField("joined", null=True, blank=True)
    left = models.DateField("left", null=True, blank=True)

    class Meta:
        ordering = ["household", "id"]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_relationship_display()})"
