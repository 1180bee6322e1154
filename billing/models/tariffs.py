"""What things cost: service tariffs and the rate tables of the duties, all audited."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models import Property
from offices.models import Service, city_field, per_city_unique


class Tariff(models.Model):
    """A service's price from a date: the municipality's fee plus the office's counter fee.

    A version is never edited once a slip used it; a change is a new version from a later date.
    """

    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, to_field="code", related_name="tariffs", verbose_name=_("service")
    )
    year = models.PositiveSmallIntegerField(_("Jalali year"), db_index=True, editable=False)
    valid_from = models.DateField(_("in force from"))
    municipality_fee_rials = models.PositiveBigIntegerField(_("municipality's fee (rials)"))
    counter_fee_rials = models.PositiveBigIntegerField(_("counter fee (rials)"))
    approval_reference = models.CharField(_("approval reference"), max_length=120)
    approved_on = models.DateField(_("approved on"))
    # A city council's tariff; a national one (no municipality) is every city's that has none of its own.
    municipality = city_field("tariffs")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tariff")
        verbose_name_plural = _("tariffs")
        ordering = ["service_id", "-valid_from"]
        constraints = per_city_unique("service", "valid_from", name="tariff_version")

    def __str__(self):
        return f"{self.service_id} · {self.year}"

    @property
    def fee_rials(self):
        return self.municipality_fee_rials + self.counter_fee_rials


class FeeDue(models.TextChoices):
    """When a service's fee must be paid: the steps of the file that wait for it."""

    NONE = "none", _("No step waits for the fee")
    REGISTRATION = "registration", _("At registration (before the file is submitted)")
    ACCEPTANCE = "acceptance", _("Before the file is accepted")
    ANSWER = "answer", _("Before the answer")


class FeePolicy(models.Model):
    """Per service: when its fee is due. The fee itself is the service's tariff in force."""

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, to_field="code", related_name="fee_policies", verbose_name=_("service")
    )
    fee_due = models.CharField(
        _("fee due"),
        max_length=16,
        choices=FeeDue.choices,
        default=FeeDue.ANSWER,
        help_text=_("The file waits at this step until its service fee is paid."),
    )
    municipality = city_field("fee_policies")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fee policy")
        verbose_name_plural = _("fee policies")
        constraints = per_city_unique("service", name="fee_policy")

    def __str__(self):
        return f"{self.service_id}: {self.get_fee_due_display()}"


class RenewalRate(models.Model):
    """The renewal duty's rate for one use in one Jalali year, per mille of the assessed value."""

    year = models.PositiveSmallIntegerField(_("Jalali year"))
    use = models.CharField(_("use"), max_length=16, choices=Property.Use.choices)
    rate_per_mille = models.DecimalField(_("rate (per mille)"), max_digits=7, decimal_places=3)
    approval_reference = models.CharField(_("approval reference"), max_length=120, blank=True)
    municipality = city_field("renewal_rates")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("renewal duty rate")
        verbose_name_plural = _("renewal duty rates")
        ordering = ["-year", "use"]
        constraints = per_city_unique("year", "use", name="renewal_rate")

    def __str__(self):
        return f"{self.year} · {self.get_use_display()}: {self.rate_per_mille}‰"


class VehicleClass(models.TextChoices):
    PASSENGER = "passenger", _("Passenger car")
    LUXURY = "luxury", _("Luxury passenger car")
    PICKUP = "pickup", _("Pickup / van")
    TRUCK = "truck", _("Truck")
    MOTORCYCLE = "motorcycle", _("Motorcycle")


class VehicleDutyRate(models.Model):
    """The yearly vehicle duty for a class and an age band (in years, inclusive) in one Jalali year."""

    year = models.PositiveSmallIntegerField(_("Jalali year"))
    vehicle_class = models.CharField(_("vehicle class"), max_length=16, choices=VehicleClass.choices)
    min_age = models.PositiveSmallIntegerField(_("from age"))
    max_age = models.PositiveSmallIntegerField(_("to age"))
    amount_rials = models.PositiveBigIntegerField(_("amount (rials)"))
    municipality = city_field("vehicle_duty_rates")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vehicle duty rate")
        verbose_name_plural = _("vehicle duty rates")
        ordering = ["-year", "vehicle_class", "min_age"]
        constraints = [
            *per_city_unique("year", "vehicle_class", "min_age", name="vehicle_rate"),
            models.CheckConstraint(condition=Q(max_age__gte=models.F("min_age")), name="vehicle_rate_band_valid"),
        ]

    def __str__(self):
        return f"{self.year} · {self.get_vehicle_class_display()} · {self.min_age}–{self.max_age}"


class SurchargeRule(models.Model):
    """The late-payment surcharge on vehicle duty from a Jalali year on: a percent per month, capped."""

    from_year = models.PositiveSmallIntegerField(_("from Jalali year"))
    percent_per_month = models.DecimalField(_("percent per month late"), max_digits=5, decimal_places=2)
    cap_percent = models.DecimalField(_("cap (percent)"), max_digits=6, decimal_places=2)
    municipality = city_field("surcharge_rules")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("late-payment surcharge")
        verbose_name_plural = _("late-payment surcharges")
        ordering = ["-from_year"]
        constraints = per_city_unique("from_year", name="surcharge_rule")

    def __str__(self):
        return f"{self.from_year}: {self.percent_per_month}% / {self.cap_percent}%"
