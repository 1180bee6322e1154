"""The coefficients of the building-permit fee: area × zonal value × a coefficient per use and floor kind.

A tariff version is never edited once a fee was computed with it; a change is a new version from a
later date."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models import Property
from offices.models import city_field, per_city_unique


class FloorKind(models.TextChoices):
    ABOVE = "above", _("Above ground")
    BASEMENT = "basement", _("Basement")


class BuildingFeeTariff(models.Model):
    valid_from = models.DateField(_("in force from"))
    approval_reference = models.CharField(_("approval reference"), max_length=120)
    # Set when a fee is first computed with this version; from then on it is never edited.
    used = models.BooleanField(_("used"), default=False, editable=False)
    municipality = city_field("building_fee_tariffs")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("building fee tariff")
        verbose_name_plural = _("building fee tariffs")
        ordering = ["-valid_from"]
        constraints = per_city_unique("valid_from", name="building_fee_tariff")

    def __str__(self):
        return f"{self.valid_from} · {self.approval_reference}"


def _refuse_if_used(tariff_id):
    if tariff_id and BuildingFeeTariff.objects.filter(pk=tariff_id, used=True).exists():
        raise ValidationError(_("This tariff version is in use; add a new version instead of editing it."))


class BuildingFeeRate(models.Model):
    tariff = models.ForeignKey(BuildingFeeTariff, on_delete=models.CASCADE, related_name="rates")
    use = models.CharField(_("use"), max_length=16, choices=Property.Use.choices)
    floor_kind = models.CharField(_("floor kind"), max_length=10, choices=FloorKind.choices)
    coefficient = models.DecimalField(_("coefficient"), max_digits=6, decimal_places=3)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("building fee coefficient")
        verbose_name_plural = _("building fee coefficients")
        constraints = [models.UniqueConstraint(fields=["tariff", "use", "floor_kind"], name="building_fee_rate_unique")]

    def __str__(self):
        return f"{self.tariff_id} · {self.use} · {self.floor_kind}: {self.coefficient}"

    def save(self, *args, **kwargs):
        _refuse_if_used(self.tariff_id)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse_if_used(self.tariff_id)
        return super().delete(*args, **kwargs)
