from __future__ import annotations

from typing import ClassVar

from django.db import models

from hearth.core.fields import optional_link, reference
from hearth.core.models import Timestamped
from hearth.core.pages import HasPage


class Estate(HasPage, models.Model):
    URL_NAME: ClassVar[str] = "web:estate"  # its page, taking the id

    code = models.CharField("code", max_length=12, unique=True)
    name = models.CharField("name", max_length=120)
    ward = models.CharField("ward", max_length=120, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Block(HasPage, models.Model):
    URL_NAME: ClassVar[str] = "web:block"

    code = models.CharField("code", max_length=16, unique=True)
    estate = models.ForeignKey(Estate, on_delete=models.PROTECT, related_name="blocks", verbose_name="estate")
    name = models.CharField("name", max_length=120)
    address_line_1 = models.CharField("address line 1", max_length=120)
    town = models.CharField("town", max_length=80)
    postcode = models.CharField("postcode", max_length=8)
    storeys = models.PositiveSmallIntegerField("storeys", default=1)
    asbestos_present = models.BooleanField("asbestos present", default=False)
    fire_risk_assessed_on = models.DateField("fire risk assessment date", null=True, blank=True)

    class Meta:
        ordering = ["estate__name", "name"]

    def __str__(self) -> str:
        return self.name


class Property(HasPage, Timestamped):
    URL_NAME: ClassVar[str] = "web:property"

    class Kind(models.TextChoices):
        HOUSE = "house", "House"
        FLAT = "flat", "Flat"
        MAISONETTE = "maisonette", "Maisonette"
        BUNGALOW = "bungalow", "Bungalow"
        BEDSIT = "bedsit", "Bedsit"
        GARAGE = "garage", "Garage"
        STORE = "store", "Store"
        SHOP = "shop", "Shop"
        COMMUNAL = "communal", "Communal area"

    class Ownership(models.TextChoices):
        COUNCIL = "council", "Council-owned"
        LEASEHOLD = "leasehold", "Leasehold"

    class Status(models.TextChoices):
        LET = "let", "Let"
        VOID = "void", "Void"
        UNDER_OFFER = "under_offer", "Under offer"
        MAJOR_WORKS = "major_works", "Major works"
        SOLD = "sold", "Sold"
        DEMOLISHED = "demolished", "Demolished"
        NOT_LETTABLE = "not_lettable", "Not lettable"

    DWELLINGS = [Kind.HOUSE, Kind.FLAT, Kind.MAISONETTE, Kind.BUNGALOW, Kind.BEDSIT]

    reference = reference()
    uprn = models.BigIntegerField("UPRN", null=True, blank=True, unique=True)
    estate = models.ForeignKey(
        Estate, on_delete=models.PROTECT, related_name="properties", verbose_name="estate"
    )
    block = optional_link(Block, "properties", "block")
    address_line_1 = models.CharField("address line 1", max_length=120)
    address_line_2 = models.CharField("address line 2", max_length=120, blank=True)
    town = models.CharField("town", max_length=80)
    postcode = models.CharField("postcode", max_length=8, db_index=True)
    kind = models.CharField("type", max_length=12, choices=Kind.choices)
    bedrooms = models.PositiveSmallIntegerField("bedrooms", default=0)
    floor = models.SmallIntegerField("floor", null=True, blank=True)
    floor_area = models.DecimalField("floor area (m²)", max_digits=7, decimal_places=2, null=True, blank=True)
    adapted = models.BooleanField("adapted", default=False)
    ownership = models.CharField(
        "ownership", max_length=10, choices=Ownership.choices, default=Ownership.COUNCIL
    )
    status = models.CharField("status", max_length=14, choices=Status.choices, default=Status.VOID)
    asbestos_present = models.BooleanField("asbestos present", default=False)
    fire_risk_assessed_on = models.DateField("fire risk assessment date", null=True, blank=True)
    gas_safety_due = models.DateField("gas safety check due", null=True, blank=True)

    class Meta:
        ordering = ["postcode", "address_line_1", "id"]
        verbose_name_plural = "properties"
        indexes = [models.Index(fields=["estate", "status"]), models.Index(fields=["kind", "status"])]

    def __str__(self) -> str:
        return self.address

    @property
    def floor_area_label(self) -> str:
        """The floor area as people write it, like 62.5 m² ("" when not recorded)."""
        if self.floor_area is None:
            return ""
        text = f"{self.floor_area:.2f}".rstrip("0").rstrip(".")
        return f"{text} m²"

    @property
    def address(self) -> str:
        return ", ".join(p for p in (self.address_line_1, self.address_line_2, self.town, self.postcode) if p)
