"""Repair orders and their lifecycle: lines, variations, appointments, notes, target changes,
completion and post-inspection."""

from __future__ import annotations

import builtins
from typing import ClassVar

from django.db import models

from hearth.core.fields import link, money, officer, optional_link
from hearth.core.models import Clock, KnownByReference, Timestamped
from hearth.core.pages import HasPage
from hearth.people.models import Person
from hearth.properties.models import Block, Estate, Property
from hearth.repairs.models.contractors import ZERO, Contract, Contractor, PricedWork, RateLine
from hearth.tenancies.models import Tenancy


class RepairOrder(HasPage, KnownByReference, Timestamped):
    URL_NAME: ClassVar[str] = "repairs:order"  # its page, taking the id

    class Status(models.TextChoices):
        RAISED = "raised", "Raised"
        AWAITING_APPROVAL = "awaiting_approval", "Awaiting approval"
        ISSUED = "issued", "Issued"
        APPOINTED = "appointed", "Appointed"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETED = "completed", "Completed"
        CANCELLED = "cancelled", "Cancelled"

    class Channel(models.TextChoices):
        PHONE = "phone", "Phone call"
        EMAIL = "email", "Email"
        IN_PERSON = "in_person", "In person"
        ONLINE = "online", "Online form"
        EMERGENCY_CONTROL = "emergency_control", "Out-of-hours emergency control"
        INSPECTION = "inspection", "Inspection"

    class ServiceType(models.TextChoices):
        REPAIR = "repair", "Repair"
        PRE_INSPECTION = "pre_inspection", "Pre-inspection"
        GRAFFITI = "graffiti", "Graffiti removal"
        CLEANING = "cleaning", "Communal cleaning"

    property = optional_link(Property, "repair_orders", "property")
    block = optional_link(Block, "repair_orders", "block")
    estate = optional_link(Estate, "repair_orders", "estate")
    reported_by = optional_link(Person, "repair_orders", "reported by")
    channel = models.CharField("channel", max_length=20, choices=Channel.choices, default=Channel.PHONE)
    service_type = models.CharField(
        "service", max_length=20, choices=ServiceType.choices, default=ServiceType.REPAIR
    )
    description = models.TextField("description")
    priority = models.CharField("priority", max_length=20)
    raised_at = models.DateTimeField("raised at", db_index=True)
    raised_by = officer("raised by", blank=True)
    due_at = models.DateTimeField("target", db_index=True)
    status = models.CharField("status", max_length=20, choices=Status.choices, default=Status.RAISED)
    contractor = models.ForeignKey(
        Contractor, on_delete=models.PROTECT, related_name="orders", verbose_name="contractor"
    )
    contract = models.ForeignKey(
        Contract, on_delete=models.PROTECT, related_name="orders", verbose_name="contract"
    )
    total = money("total", default=ZERO)
    right_to_repair = models.BooleanField("Right to Repair", default=False)
    rtr_defect = models.CharField("qualifying defect", max_length=60, blank=True)
    rtr_period_days = models.PositiveSmallIntegerField(
        "statutory period (working days)", null=True, blank=True
    )
    follow_on_of = optional_link("self", "follow_ons", "follow-on of")
    issued_at = models.DateTimeField("issued at", null=True, blank=True)
    accepted_at = models.DateTimeField("accepted by contractor at", null=True, blank=True)
    approved_by = officer("approved by", blank=True)
    completed_at = models.DateTimeField("completed at", null=True, blank=True, db_index=True)
    first_time_fix = models.BooleanField("first-time fix", null=True, blank=True)
    cancel_reason = models.CharField("cancellation reason", max_length=300, blank=True)
    rechargeable = models.BooleanField("rechargeable", default=False)
    recharge_amount = money("recharge amount", null=True, blank=True)
    recharge_evidence = models.CharField("recharge evidence", max_length=500, blank=True)
    recharge_tenancy = optional_link(Tenancy, "recharged_repairs", "recharged to")
    clock = link(Clock, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["-raised_at", "-id"]
        indexes = [
            models.Index(fields=["status", "due_at"]),
            # the overdue list: open issued work by target, without wading through finished orders
            models.Index(
                fields=["due_at", "id"],
                name="repairs_open_by_due",
                condition=models.Q(status__in=["issued", "appointed", "in_progress"]),
            ),
            models.Index(fields=["contractor", "raised_at"]),
            models.Index(fields=["contractor", "completed_at"]),
        ]

    @builtins.property
    def location(self) -> str:
        if self.property is not None:
            return self.property.address
        if self.block is not None:
            return f"Communal: {self.block.name}"
        if self.estate is not None:
            return f"Communal: {self.estate.name}"
        return ""

    @builtins.property
    def is_open(self) -> bool:
        return self.status not in (self.Status.COMPLETED, self.Status.CANCELLED)


class Variation(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for approval"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    order = models.ForeignKey(RepairOrder, on_delete=models.CASCADE, related_name="variations")
    reason = models.CharField("reason", max_length=500)
    increase = money("increase")
    status = models.CharField("status", max_length=10, choices=Status.choices)
    requested_by = officer()
    requested_at = models.DateTimeField()
    decided_by = officer(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "id"]

    def __str__(self) -> str:
        return f"Variation of {self.order} (+{self.increase})"


class OrderLine(PricedWork):
    order = models.ForeignKey(RepairOrder, on_delete=models.CASCADE, related_name="lines")
    rate_line = models.ForeignKey(RateLine, on_delete=models.PROTECT, related_name="+")
    quantity = models.DecimalField("quantity", max_digits=10, decimal_places=2)
    total = money("total")
    variation = link(Variation, "lines", on_delete=models.CASCADE)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.code} x {self.quantity}"


class Appointment(models.Model):
    class Slot(models.TextChoices):
        AM = "am", "Morning (8am to 1pm)"
        PM = "pm", "Afternoon (12pm to 6pm)"

    class Outcome(models.TextChoices):
        BOOKED = "booked", "Booked"
        KEPT = "kept", "Kept"
        MISSED = "missed", "Missed"
        CANCELLED = "cancelled", "Cancelled"

    order = models.ForeignKey(RepairOrder, on_delete=models.CASCADE, related_name="appointments")
    date = models.DateField("date")
    slot = models.CharField("slot", max_length=2, choices=Slot.choices)
    later_reason = models.CharField("reason for a date after the target", max_length=300, blank=True)
    outcome = models.CharField("outcome", max_length=10, choices=Outcome.choices, default=Outcome.BOOKED)
    booked_by = officer()
    booked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "slot", "id"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_slot_display()}"


class JobNote(models.Model):
    order = models.ForeignKey(RepairOrder, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField("note")
    author = officer()
    author_label = models.CharField(max_length=150, blank=True)
    at = models.DateTimeField()
    kind = models.CharField("kind", max_length=20, default="note")  # note, chase, extension, contractor

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return self.text[:60]


class TargetChange(models.Model):
    """A time extension: asked for with a reason, and granted (or refused) by a permitted role."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "Asked for"
        GRANTED = "granted", "Granted"
        REFUSED = "refused", "Refused"

    order = models.ForeignKey(RepairOrder, on_delete=models.CASCADE, related_name="target_changes")
    old_due_at = models.DateTimeField()
    new_due_at = models.DateTimeField()
    reason = models.CharField("reason", max_length=300)
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.GRANTED)
    requested_by = officer(blank=True)
    changed_by = officer()
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.order}: {self.old_due_at} -> {self.new_due_at}"


class Completion(models.Model):
    order = models.OneToOneField(RepairOrder, on_delete=models.CASCADE, related_name="completion")
    completed_at = models.DateTimeField("completed at")
    first_time_fix = models.BooleanField("first-time fix")
    notes = models.TextField("notes", blank=True)
    recorded_by = officer()

    def __str__(self) -> str:
        return f"{self.order} completed {self.completed_at:%Y-%m-%d %H:%M}"


class PostInspection(models.Model):
    class Reason(models.TextChoices):
        SAMPLE = "sample", "Monthly random sample"
        OVER_THRESHOLD = "over_threshold", "Order over the inspection threshold"
        REQUESTED = "requested", "Requested by an officer"

    class Method(models.TextChoices):
        SITE = "site", "Site visit"
        TELEPHONE = "telephone", "Telephone"

    class Outcome(models.TextChoices):
        PENDING = "pending", "To do"
        PASS = "pass", "Pass"
        FAIL_WORKMANSHIP = "fail_workmanship", "Fail: workmanship"
        FAIL_NOT_DONE = "fail_not_done", "Fail: work not done"
        FAIL_OVER_CLAIMED = "fail_over_claimed", "Fail: over-claimed"

    order = models.OneToOneField(RepairOrder, on_delete=models.CASCADE, related_name="post_inspection")
    reason = models.CharField("selected because", max_length=20, choices=Reason.choices)
    sample_month = models.DateField("sample month", null=True, blank=True)
    selected_at = models.DateTimeField()
    method = models.CharField("method", max_length=10, choices=Method.choices, blank=True)
    inspected_on = models.DateField("inspected on", null=True, blank=True)
    outcome = models.CharField("outcome", max_length=20, choices=Outcome.choices, default=Outcome.PENDING)
    notes = models.TextField("notes", blank=True)
    inspector = officer(blank=True)

    class Meta:
        ordering = ["-selected_at", "-id"]

    def __str__(self) -> str:
        return f"Post-inspection of {self.order}"

    @property
    def failed(self) -> bool:
        return self.outcome.startswith("fail")
