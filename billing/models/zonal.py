"""Zonal values (ارزش منطقه‌ای): the value per m² the city council sets per district and block, by date."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from offices.models import District


class ZonalValue(models.Model):
    """The zonal value of a block of a district from a date; permit fees multiply it by area and coefficients.

    A change is a new row from a later date, so a fee computed on an earlier day can always be
    recomputed with the value then in force.
    """

    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="zonal_values", verbose_name=_("district")
    )
    # The block (بلوک) is the second part of a renewal code: district-block-parcel-…
    block = models.CharField(_("block"), max_length=10)
    value_rials = models.PositiveBigIntegerField(_("zonal value (rials per m²)"))
    valid_from = models.DateField(_("in force from"))
    approval_reference = models.CharField(_("approval reference"), max_length=120, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("zonal value")
        verbose_name_plural = _("zonal values")
        ordering = ["district_id", "block", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["district", "block", "valid_from"], name="zonal_value_version_unique")
        ]

    def __str__(self):
        return f"{self.district} · {self.block}: {self.value_rials}"
