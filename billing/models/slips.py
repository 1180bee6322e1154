"""Fee slips (فیش), their items, and the payments that settle them, once and only once."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from billing.models.duties import Vehicle
from billing.models.tariffs import Tariff
from cases.models import Case, Property
from offices.models import Municipality, Office


class SlipCounter(models.Model):
    """The last slip serial drawn for a municipality in a Jalali year, where the database has no sequences.

    On PostgreSQL the serials come from one sequence per municipality-year (``billing.numbering``);
    elsewhere this row's lock hands them out one at a time.
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="slip_counters")
    year = models.PositiveSmallIntegerField(_("Jalali year"), default=0)
    last_number = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["municipality", "year"], name="slip_counter_year_unique")]

    def __str__(self):
        return f"{self.municipality_id}/{self.year}: {self.last_number}"


class FeeSlip(models.Model):
    class Kind(models.TextChoices):
        SERVICE_FEE = "service_fee", _("Service fee")
        BUILDING_FEE = "building_fee", _("Building permit fee")
        RENEWAL_DUTY = "renewal_duty", _("Renewal duty")
        VEHICLE_DUTY = "vehicle_duty", _("Vehicle duty")
        OFFICE_FINE = "office_fine", _("Office fine")

    # The slips a file carries, which its fee policy waits for.
    FILE_KINDS = (Kind.SERVICE_FEE, Kind.BUILDING_FEE)

    class Status(models.TextChoices):
        ISSUED = "issued", _("Awaiting payment")
        PAID = "paid", _("Paid")
        VOID = "void", _("Replaced")

    # No index of its own: the unique (municipality, number) starts with it.
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="slips", db_index=False)
    # Jalali year × 10⁸ + the serial within that year (billing.bill_ids.slip_number); the bill ID
    # carries the year's last digit and the serial.
    number = models.PositiveBigIntegerField(_("slip number"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.ISSUED)
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="fee_slips", verbose_name=_("file")
    )
    parcel = models.ForeignKey(
        Property, on_delete=models.PROTECT, null=True, blank=True, related_name="fee_slips", verbose_name=_("property")
    )
    vehicle = models.ForeignKey(
        Vehicle, on_delete=models.PROTECT, null=True, blank=True, related_name="fee_slips", verbose_name=_("vehicle")
    )
    office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fee_slips",
        verbose_name=_("office"),
        db_index=False,  # the (office, …) index below starts with it
    )
    tariff = models.ForeignKey(
        Tariff, on_delete=models.PROTECT, null=True, blank=True, related_name="slips", verbose_name=_("tariff")
    )
    amount_rials = models.PositiveBigIntegerField(_("amount (rials)"))
    # The office's share (the counter fee) kept apart, so settlements never re-derive it from tariffs.
    counter_fee_rials = models.PositiveBigIntegerField(_("counter fee (rials)"), default=0)
    # Bill IDs come back after ten years (the file code holds one year digit); no two slips awaiting
    # payment ever share one (the constraint below), and a payment finds the newest slip of its bill ID.
    bill_id = models.CharField(_("bill ID"), max_length=13)
    payment_id = models.CharField(_("payment ID"), max_length=13)
    payer_national_id = models.CharField(_("payer's national ID"), max_length=10, blank=True)
    payer_name = models.CharField(_("payer"), max_length=160, blank=True)
    payer_mobile = models.CharField(_("payer's mobile"), max_length=11, blank=True)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now, db_index=True)
    # Written, never searched by: no index (deleting a user, which barely happens, scans once).
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", db_index=False
    )
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    voided_at = models.DateTimeField(_("replaced at"), null=True, blank=True)

    class Meta:
        verbose_name = _("fee slip")
        verbose_name_plural = _("fee slips")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "number"], name="slip_number_unique"),
            models.CheckConstraint(condition=Q(amount_rials__gt=0), name="slip_amount_positive"),
            models.UniqueConstraint(fields=["bill_id"], condition=Q(status="issued"), name="slip_live_bill_id_unique"),
        ]
        indexes = [
            models.Index(fields=["office", "issued_at"]),
            # The slips awaiting payment or replaced, newest first (a list filtered by those states): few, so
            # a partial index; paid slips, nearly all of them, are listed by walking the plain issued_at index.
            models.Index(fields=["issued_at"], condition=~Q(status="paid"), name="slip_unpaid_issued_at"),
            # A payment finds its slip by bill ID, the slip search by its prefix: one index serves both.
            models.Index(fields=["bill_id"], name="slip_bill_id", opclasses=["varchar_pattern_ops"]),
            # The slip search by payer: equality only.
            models.Index(fields=["payer_national_id"], name="slip_payer_national_id"),
        ]

    def __str__(self):
        return self.bill_id

    @property
    def is_paid(self):
        return self.status == self.Status.PAID


class SlipItem(models.Model):
    """One line of a slip. A duty year is on at most one live slip (see the constraints)."""

    class Kind(models.TextChoices):
        MUNICIPAL_FEE = "municipal_fee", _("Municipality's fee")
        COUNTER_FEE = "counter_fee", _("Counter fee")
        RENEWAL_DUTY = "renewal_duty", _("Renewal duty")
        VEHICLE_DUTY = "vehicle_duty", _("Vehicle duty")
        LATE_SURCHARGE = "late_surcharge", _("Late-payment surcharge")
        OFFICE_FINE = "office_fine", _("Office fine")

    slip = models.ForeignKey(FeeSlip, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("Jalali year"), null=True, blank=True)
    description = models.CharField(_("description"), max_length=200, blank=True)
    base_rials = models.PositiveBigIntegerField(_("base (rials)"), null=True, blank=True)
    amount_rials = models.PositiveBigIntegerField(_("amount (rials)"))
    # Denormalized from the slip so the database itself refuses a duty year on two live slips.
    parcel = models.ForeignKey(Property, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    vehicle = models.ForeignKey(Vehicle, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    live = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("slip item")
        verbose_name_plural = _("slip items")
        ordering = ["slip_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["parcel", "year"],
                condition=Q(live=True, kind="renewal_duty"),
                name="renewal_year_once",
            ),
            models.UniqueConstraint(
                fields=["vehicle", "year"],
                condition=Q(live=True, kind="vehicle_duty"),
                name="vehicle_year_once",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.year or ''}".strip()


class Payment(models.Model):
    """A slip's payment: one per slip, one per bank reference."""

    class Channel(models.TextChoices):
        API = "api", _("Bank API")
        GATEWAY = "gateway", _("Online gateway")
        BANK_FILE = "bank_file", _("Bank's daily file")
        POS = "pos", _("Card reader at the counter")

    slip = models.OneToOneField(FeeSlip, on_delete=models.PROTECT, related_name="payment", verbose_name=_("slip"))
    # Unique (payment_reference_unique), looked up by equality only.
    reference = models.CharField(_("bank reference"), max_length=64)
    amount_rials = models.PositiveBigIntegerField(_("amount (rials)"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    # Who said the money moved: the bank (its name in BILLING_BANK_KEYS) or the gateway; for a
    # card-reader payment the cashier is ``recorded_by``.
    bank = models.CharField(_("bank"), max_length=32, blank=True)
    paid_at = models.DateTimeField(_("paid at"), default=timezone.now, db_index=True)
    # Written, never searched by: no index (deleting a user, which barely happens, scans once).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", db_index=False
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-paid_at"]
        constraints = [models.UniqueConstraint(fields=["reference"], name="payment_reference_unique")]

    def __str__(self):
        return self.reference
