"""Repairs and contractors: contractors, contracts and schedules of rates; repair orders and their
lifecycle (lines, variations, appointments, notes, completion, post-inspection); Awaab's Law hazard cases."""

from __future__ import annotations

import builtins
from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse

from hearth.core.models import Clock
from hearth.people.models import Person
from hearth.properties.models import Block, Estate, Property
from hearth.tenancies.models import Tenancy

ZERO = Decimal("0.00")


class Contractor(models.Model):
    URL_NAME: ClassVar[str] = "repairs:contractor"  # its page, taking the id

    reference = models.CharField("reference", max_length=12, unique=True)
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

    def get_absolute_url(self) -> str:
        return reverse(self.URL_NAME, args=[self.pk])


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

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contractor_link"
    )
    contractor = models.ForeignKey(Contractor, on_delete=models.PROTECT, related_name="users")

    def __str__(self) -> str:
        return f"{self.user} for {self.contractor}"


class Contract(models.Model):
    URL_NAME: ClassVar[str] = "repairs:contract"  # its page, taking the id

    reference = models.CharField("reference", max_length=12, unique=True)
    contractor = models.ForeignKey(Contractor, on_delete=models.PROTECT, related_name="contracts")
    name = models.CharField("name", max_length=200)
    start_date = models.DateField("start date")
    end_date = models.DateField("end date", null=True, blank=True)
    uplift_percent = models.DecimalField("price uplift (%)", max_digits=6, decimal_places=2, default=ZERO)

    class Meta:
        ordering = ["contractor__name", "-start_date", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.reference})"

    def get_absolute_url(self) -> str:
        return reverse(self.URL_NAME, args=[self.pk])


class RateLine(models.Model):
    """One line of a contract's schedule of rates."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="rates")
    code = models.CharField("code", max_length=6)
    description = models.CharField("description", max_length=300)
    unit = models.CharField("unit", max_length=20)
    rate = models.DecimalField("rate", max_digits=12, decimal_places=2)
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
    inspect_over = models.DecimalField(
        "inspect every order over (£)", max_digits=12, decimal_places=2, default=Decimal("1000.00")
    )
    default_raise_limit = models.DecimalField(
        "default raise limit (£)", max_digits=12, decimal_places=2, default=Decimal("500.00")
    )
    default_vary_limit = models.DecimalField(
        "default vary limit (£)", max_digits=12, decimal_places=2, default=Decimal("250.00")
    )

    def __str__(self) -> str:
        return "Repairs settings"


class OfficerLimit(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="repair_limit"
    )
    raise_limit = models.DecimalField("raise limit (£)", max_digits=12, decimal_places=2)
    vary_limit = models.DecimalField("vary limit (£)", max_digits=12, decimal_places=2)

    def __str__(self) -> str:
        return f"{self.user}: raise {self.raise_limit}, vary {self.vary_limit}"


class RepairOrder(models.Model):
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

    reference = models.CharField("reference", max_length=12, unique=True)
    property = models.ForeignKey(
        Property,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="repair_orders",
        verbose_name="property",
    )
    block = models.ForeignKey(
        Block,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="repair_orders",
        verbose_name="block",
    )
    estate = models.ForeignKey(
        Estate,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="repair_orders",
        verbose_name="estate",
    )
    reported_by = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="repair_orders",
        verbose_name="reported by",
    )
    channel = models.CharField("channel", max_length=20, choices=Channel.choices, default=Channel.PHONE)
    service_type = models.CharField(
        "service", max_length=20, choices=ServiceType.choices, default=ServiceType.REPAIR
    )
    description = models.TextField("description")
    priority = models.CharField("priority", max_length=20)
    raised_at = models.DateTimeField("raised at", db_index=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="raised by",
    )
    due_at = models.DateTimeField("target", db_index=True)
    status = models.CharField("status", max_length=20, choices=Status.choices, default=Status.RAISED)
    contractor = models.ForeignKey(
        Contractor, on_delete=models.PROTECT, related_name="orders", verbose_name="contractor"
    )
    contract = models.ForeignKey(
        Contract, on_delete=models.PROTECT, related_name="orders", verbose_name="contract"
    )
    total = models.DecimalField("total", max_digits=12, decimal_places=2, default=ZERO)
    right_to_repair = models.BooleanField("Right to Repair", default=False)
    rtr_defect = models.CharField("qualifying defect", max_length=60, blank=True)
    rtr_period_days = models.PositiveSmallIntegerField(
        "statutory period (working days)", null=True, blank=True
    )
    follow_on_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ons",
        verbose_name="follow-on of",
    )
    issued_at = models.DateTimeField("issued at", null=True, blank=True)
    accepted_at = models.DateTimeField("accepted by contractor at", null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="approved by",
    )
    completed_at = models.DateTimeField("completed at", null=True, blank=True, db_index=True)
    first_time_fix = models.BooleanField("first-time fix", null=True, blank=True)
    cancel_reason = models.CharField("cancellation reason", max_length=300, blank=True)
    rechargeable = models.BooleanField("rechargeable", default=False)
    recharge_amount = models.DecimalField(
        "recharge amount", max_digits=12, decimal_places=2, null=True, blank=True
    )
    recharge_evidence = models.CharField("recharge evidence", max_length=500, blank=True)
    recharge_tenancy = models.ForeignKey(
        Tenancy,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recharged_repairs",
        verbose_name="recharged to",
    )
    clock = models.ForeignKey(Clock, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

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

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse(self.URL_NAME, args=[self.pk])

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
    increase = models.DecimalField("increase", max_digits=12, decimal_places=2)
    status = models.CharField("status", max_length=10, choices=Status.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "id"]

    def __str__(self) -> str:
        return f"Variation of {self.order} (+{self.increase})"


class OrderLine(models.Model):
    order = models.ForeignKey(RepairOrder, on_delete=models.CASCADE, related_name="lines")
    rate_line = models.ForeignKey(RateLine, on_delete=models.PROTECT, related_name="+")
    code = models.CharField("code", max_length=6)
    description = models.CharField("description", max_length=300)
    unit = models.CharField("unit", max_length=20)
    quantity = models.DecimalField("quantity", max_digits=10, decimal_places=2)
    rate = models.DecimalField("rate", max_digits=12, decimal_places=2)
    total = models.DecimalField("total", max_digits=12, decimal_places=2)
    variation = models.ForeignKey(
        Variation, null=True, blank=True, on_delete=models.CASCADE, related_name="lines"
    )

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
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    booked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "slot", "id"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_slot_display()}"


class JobNote(models.Model):
    order = models.ForeignKey(RepairOrder, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField("note")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
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
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
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
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

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
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-selected_at", "-id"]

    def __str__(self) -> str:
        return f"Post-inspection of {self.order}"

    @property
    def failed(self) -> bool:
        return self.outcome.startswith("fail")


class HazardCase(models.Model):
    """An Awaab's Law hazard (damp and mould first) with its statutory clocks."""

    URL_NAME: ClassVar[str] = "repairs:hazard"  # its page, taking the id

    class Severity(models.TextChoices):
        SIGNIFICANT = "significant", "Significant"
        EMERGENCY = "emergency", "Emergency"

    class Answer(models.TextChoices):
        NONE = "", "Not offered"
        WAITING = "waiting", "Offered, waiting for an answer"
        ACCEPTED = "accepted", "Accepted"
        REFUSED = "refused", "Refused"

    reference = models.CharField("reference", max_length=12, unique=True)
    property = models.ForeignKey(
        Property, on_delete=models.PROTECT, related_name="hazard_cases", verbose_name="property"
    )
    hazard = models.CharField("hazard", max_length=100, default="Damp and mould")
    severity = models.CharField("severity", max_length=12, choices=Severity.choices)
    description = models.TextField("description", blank=True)
    aware_at = models.DateTimeField("became aware at")
    investigation_concluded_on = models.DateField("investigation concluded", null=True, blank=True)
    written_summary_on = models.DateField("written summary sent", null=True, blank=True)
    safety_work_on = models.DateField("safety work done", null=True, blank=True)
    supplementary_begun_on = models.DateField("supplementary work begun", null=True, blank=True)
    made_safe_at = models.DateTimeField("made safe at", null=True, blank=True)
    order = models.ForeignKey(
        RepairOrder,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hazard_cases",
        verbose_name="repair order",
    )
    accommodation_offered_on = models.DateField("alternative accommodation offered", null=True, blank=True)
    accommodation_details = models.CharField("accommodation offered", max_length=300, blank=True)
    accommodation_answer = models.CharField("answer", max_length=10, choices=Answer.choices, blank=True)
    accommodation_answered_on = models.DateField("answered on", null=True, blank=True)
    closed = models.BooleanField("closed", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-aware_at", "-id"]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse(self.URL_NAME, args=[self.pk])


class IncidentReport(models.Model):
    """An emergency or incident reported out of hours (the emergency control), logged and then turned into an order."""

    reference = models.CharField("reference", max_length=12, unique=True)
    received_at = models.DateTimeField("received at")
    caller = models.CharField("caller", max_length=150, blank=True)
    caller_phone = models.CharField("caller's phone number", max_length=30, blank=True)
    property = models.ForeignKey(
        Property,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incident_reports",
        verbose_name="property",
    )
    location = models.CharField("location", max_length=300, blank=True)
    description = models.TextField("what was reported")
    action_taken = models.TextField("action taken", blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    order = models.ForeignKey(
        RepairOrder,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="incident_reports",
        verbose_name="order raised",
    )

    class Meta:
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return self.reference
