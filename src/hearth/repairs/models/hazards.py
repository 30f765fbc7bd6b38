"""Awaab's Law hazard cases, and emergency and incident reports."""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from hearth.core.fields import officer, optional_link
from hearth.core.models import KnownByReference
from hearth.core.pages import HasPage
from hearth.properties.models import Property
from hearth.repairs.models.orders import RepairOrder


class HazardCase(HasPage, KnownByReference):
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
    order = optional_link(RepairOrder, "hazard_cases", "repair order", on_delete=models.SET_NULL)
    accommodation_offered_on = models.DateField("alternative accommodation offered", null=True, blank=True)
    accommodation_details = models.CharField("accommodation offered", max_length=300, blank=True)
    accommodation_answer = models.CharField("answer", max_length=10, choices=Answer.choices, blank=True)
    accommodation_answered_on = models.DateField("answered on", null=True, blank=True)
    closed = models.BooleanField("closed", default=False)
    created_by = officer()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-aware_at", "-id"]


class IncidentReport(KnownByReference):
    """An emergency or incident reported out of hours (the emergency control), logged and then turned into an order."""

    received_at = models.DateTimeField("received at")
    caller = models.CharField("caller", max_length=150, blank=True)
    caller_phone = models.CharField("caller's phone number", max_length=30, blank=True)
    property = optional_link(Property, "incident_reports", "property")
    location = models.CharField("location", max_length=300, blank=True)
    description = models.TextField("what was reported")
    action_taken = models.TextField("action taken", blank=True)
    logged_by = officer()
    order = optional_link(RepairOrder, "incident_reports", "order raised", on_delete=models.SET_NULL)

    class Meta:
        ordering = ["-received_at", "-id"]
