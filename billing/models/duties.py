"""What the duties are levied on: assessed properties and registered vehicles."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from billing.models.tariffs import VehicleClass
from cases.models import Property
from core.validators import validate_mobile, validate_national_id, validate_plate
from offices.models import Municipality


class PropertyAssessment(models.Model):
    """The assessed value (ارزش معاملاتی) of a property for one Jalali year: the renewal duty's base."""

    parcel = models.ForeignKey(
        Property, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("property")
    )
    year = models.PositiveSmallIntegerField(_("Jalali year"))
    assessed_value_rials = models.PositiveBigIntegerField(_("assessed value (rials)"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("property assessment")
        verbose_name_plural = _("property assessments")
        ordering = ["parcel_id", "year"]
        constraints = [models.UniqueConstraint(fields=["parcel", "year"], name="assessment_year_unique")]

    def __str__(self):
        return f"{self.parcel} · {self.year}"


def validate_vin(value):
    from django.core.exceptions import ValidationError

    text = str(value or "").upper()
    if len(text) != 17 or not text.isalnum() or set(text) & set("IOQ"):
        raise ValidationError(_("The VIN must be 17 letters and digits (without I, O or Q)."), code="vin-invalid")


class Vehicle(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="vehicles", verbose_name=_("municipality")
    )
    plate = models.CharField(_("plate"), max_length=20, unique=True, validators=[validate_plate])
    vin = models.CharField(_("VIN"), max_length=17, unique=True, validators=[validate_vin])
    vehicle_class = models.CharField(_("vehicle class"), max_length=16, choices=VehicleClass.choices)
    model_year = models.PositiveSmallIntegerField(_("model year (Jalali)"))
    # The first year the duty is due here: the year the vehicle was numbered in this city.
    registered_year = models.PositiveSmallIntegerField(_("registered in (Jalali year)"))
    owner_national_id = models.CharField(_("owner's national ID"), max_length=10, validators=[validate_national_id])
    owner_name = models.CharField(_("owner's name"), max_length=160)
    owner_mobile = models.CharField(_("owner's mobile"), max_length=11, blank=True, validators=[validate_mobile])
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vehicle")
        verbose_name_plural = _("vehicles")
        ordering = ["plate"]
        indexes = [models.Index(fields=["owner_national_id"])]

    def __str__(self):
        return self.plate
