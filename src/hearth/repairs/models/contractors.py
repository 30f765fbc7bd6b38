"""Contractors, their contacts and users, contracts and schedules of rates, and the repairs policy
(settings and officers' limits)."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.db import models

from hearth.core.fields import money, one_per_user, reference
from hearth.core.pages import HasPage

ZERO = Decimal("0.00")


class Contractor(HasPage, models.Model):
    URL_NAME: ClassVar[str] = "repairs:contractor"  # its page, taking the id

    reference = reference()
    name = models.CharField("name", max_length=200)
    email = models.EmailField("order email address", blank=True)
    phone = models.CharField("phone number", max_length=30, blank=True)
    address = models.CharField("address", max_length=300, blank=True)
    trades = models.JSONField("trades", default=list, blank=True)
    areas = models.JSONField("areas", default=list, blank=True)
    active = models.BooleanField("active", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class ContractorContact(models.Model):
    contractor = models.ForeignKey(Contractor, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField("name", max_length=150)
    role = models.CharField("role", max_length=100, blank=True)
    email = models.EmailField("email address", blank=True)
    phone = models.CharField("phone number", max_length=30, blank=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.contractor})"


class ContractorUser(models.Model):
    """A user who acts for a contractor (its API token sees only that contractor's orders)."""

    user = one_per_user("contractor_link")
    contractor = models.ForeignKey(Contractor, on_delete=models.PROTECT, related_name="users")

    def __str__(self) -> str:
        return f"{self.user} for {self.contractor}"


class Contract(HasPage, models.Model):
    URL_NAME: ClassVar[str] = "repairs:contract"  # its page, taking the id

    reference = reference()
    contractor = models.ForeignKey(Contractor, on_delete=models.PROTECT, related_name="contracts")
    name = models.CharField("name", max_length=200)
    start_date = models.DateField("start date")
    end_date = models.DateField("end date", null=True, blank=True)
    uplift_percent = models.DecimalField("price uplift (%)", max_digits=6, decimal_places=2, default=ZERO)

    class Meta:
        ordering = ["contractor__name", "-start_date", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.reference})"


class PricedWork(models.Model):
    """A piece of work as a schedule of rates prices it: its code, what it is, its unit and rate.
    An order line copies these from the schedule line, so the order keeps the price it was raised at."""

    code = models.CharField("code", max_length=6)
    description = models.CharField("description", max_length=300)
    unit = models.CharField("unit", max_length=20)
    rate = money("rate")

    class Meta:
        abstract = True


class RateLine(PricedWork):
    """One line of a contract's schedule of rates."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="rates")
    trade = models.CharField("trade", max_length=60)

    class Meta:
        ordering = ["contract_id", "code"]
        constraints = [models.UniqueConstraint(fields=["contract", "code"], name="repairs_rate_code_once")]

    def __str__(self) -> str:
        return f"{self.code} {self.description}"


class RepairSettings(models.Model):
    """The landlord's repairs policy (one row; defaults are the shipped policy)."""

    priority_periods = models.JSONField(
        "priority targets",
        default=dict,
        blank=True,
        help_text='Overrides of the default targets, e.g. {"urgent": {"unit": "working_days", "count": 3}}',
    )
    sample_percent = models.PositiveSmallIntegerField("post-inspection sample (%)", default=10)
    inspect_over = money("inspect every order over (£)", default=Decimal("1000.00"))
    default_raise_limit = money("default raise limit (£)", default=Decimal("500.00"))
    default_vary_limit = money("default vary limit (£)", default=Decimal("250.00"))

    def __str__(self) -> str:
        return "Repairs settings"


class OfficerLimit(models.Model):
    user = one_per_user("repair_limit")
    raise_limit = money("raise limit (£)")
    vary_limit = money("vary limit (£)")

    def __str__(self) -> str:
        return f"{self.user}: raise {self.raise_limit}, vary {self.vary_limit}"
