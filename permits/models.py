"""Building permits and certificates: the request beside each permit file, the plan review, the permit
itself (numbered per district and Jalali year), the certificates and the Article 100 commission."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from core.persian import fa_ordinal
from offices.models import District


class BuildingUse(models.TextChoices):
    RESIDENTIAL = "residential", _("Residential")
    COMMERCIAL = "commercial", _("Commercial")
    OFFICE = "office", _("Administrative")
    MIXED = "mixed", _("Mixed")
    INDUSTRIAL = "industrial", _("Industrial")
    EDUCATIONAL = "educational", _("Educational")


def floor_name(level):
    """A floor as people name it, from its level in the floor-area table: 0 → «همکف», -1 → «زیرزمین اول»,
    2 → «طبقهٔ دوم». The file's page, the permit's page and its PDF all name floors with it."""
    level = int(level)
    if level == 0:
        return gettext("ground floor")
    if level < 0:
        return gettext("%(ordinal)s basement") % {"ordinal": fa_ordinal(-level)}
    return gettext("%(ordinal)s floor") % {"ordinal": fa_ordinal(level)}


class PermitRequest(models.Model):
    """What a permit file asks for. Nested data (owners, floors, engineers) is stored as its serializer
    validated it; the serializer (permits.serializers) is the one definition of every field."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="permit_request")
    # Follow-on requests and certificates name their permit.
    permit = models.ForeignKey(
        "Permit", on_delete=models.PROTECT, null=True, blank=True, related_name="requests", verbose_name=_("permit")
    )
    permit_number = models.CharField(_("permit number"), max_length=20, blank=True)
    plate_main = models.CharField(_("main plate number"), max_length=8, blank=True)
    plate_sub = models.CharField(_("sub plate number"), max_length=8, blank=True)
    deed_area = models.DecimalField(_("deed area (m²)"), max_digits=10, decimal_places=2, null=True, blank=True)
    parcel_area = models.DecimalField(_("parcel area (m²)"), max_digits=10, decimal_places=2, null=True, blank=True)
    existing_area = models.DecimalField(
        _("existing building area (m²)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    requested_use = models.CharField(_("requested use"), max_length=16, choices=BuildingUse.choices, blank=True)
    floors_above = models.SmallIntegerField(_("floors above ground"), null=True, blank=True)
    floors_below = models.SmallIntegerField(_("floors below ground"), null=True, blank=True)
    units = models.SmallIntegerField(_("units"), null=True, blank=True)
    parking_spaces = models.SmallIntegerField(_("parking spaces"), null=True, blank=True)
    owners = models.JSONField(_("owners"), default=list, blank=True)
    floor_areas = models.JSONField(_("floor-area table"), default=list, blank=True)
    engineers = models.JSONField(_("engineers"), default=dict, blank=True)
    description = models.CharField(_("description"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("permit request")
        verbose_name_plural = _("permit requests")

    def __str__(self):
        return str(self.case)

    @property
    def total_area(self):
        from decimal import Decimal

        return sum((Decimal(str(row["area"])) for row in self.floor_areas), Decimal(0))


class PlanReview(models.Model):
    """The detailed-plan rules a reviewer applied to a file and what the comparison found."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="plan_review")
    land_use = models.CharField(_("land use of the zone"), max_length=16, choices=BuildingUse.choices)
    max_floors = models.SmallIntegerField(_("maximum floors"))
    max_occupancy_percent = models.DecimalField(_("maximum occupancy (%)"), max_digits=5, decimal_places=2)
    max_density_percent = models.DecimalField(_("permitted density (%)"), max_digits=6, decimal_places=2)
    street_width_m = models.DecimalField(_("street width (m)"), max_digits=6, decimal_places=2, null=True, blank=True)
    setback_m = models.DecimalField(_("setback (m)"), max_digits=6, decimal_places=2)
    setback_area_m2 = models.DecimalField(
        _("area taken by the setback (m²)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    breaches = models.JSONField(_("breaches"), default=list, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), default=timezone.now)

    class Meta:
        verbose_name = _("plan review")
        verbose_name_plural = _("plan reviews")

    def __str__(self):
        return str(self.case)


class Sequence(models.Model):
    """The last serial drawn for a kind of document in a district and Jalali year (row-locked, no gaps)."""

    kind = models.CharField(max_length=12)
    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "district", "year"], name="permit_sequence_unique")]

    def __str__(self):
        return f"{self.kind} {self.district_id} {self.year}: {self.last_number}"


class Permit(models.Model):
    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        EXPIRED = "expired", _("Expired")
        EXTENDED = "extended", _("Extended")
        REPLACED = "replaced", _("Replaced")
        COMPLETED = "completed", _("Completed")
        REVOKED = "revoked", _("Revoked")

    # Unique within its municipality: the number carries the district and year, not the city.
    number = models.CharField(_("permit number"), max_length=20, db_index=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="permits", verbose_name=_("district"))
    year = models.PositiveSmallIntegerField(_("Jalali year"))
    serial = models.PositiveIntegerField(_("serial"))
    # The file that issued it (None for a permit imported from the earlier system).
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="issued_permits", verbose_name=_("file")
    )
    renewal_code = models.CharField(_("renewal code"), max_length=40)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.VALID)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    valid_until = models.DateField(_("valid until"))
    verification_code = models.CharField(_("verification code"), max_length=10, unique=True)
    # What was approved: owners, use, floors, areas, engineers, setbacks, the plan review.
    data = models.JSONField(_("approved data"), default=dict)
    replaces = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by", verbose_name=_("replaces")
    )

    class Meta:
        verbose_name = _("permit")
        verbose_name_plural = _("permits")
        ordering = ["-issued_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["district", "year", "serial"], name="permit_serial_unique")]
        indexes = [models.Index(fields=["district", "status", "issued_at"])]

    def __str__(self):
        return self.number

    @property
    def is_in_force(self):
        return self.status in (self.Status.VALID, self.Status.EXTENDED) and self.valid_until >= timezone.localdate()


class Certificate(models.Model):
    class Kind(models.TextChoices):
        FRAME = "frame", _("Frame certificate")
        COMPLETION = "completion", _("Completion certificate")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    number = models.CharField(_("certificate number"), max_length=24, db_index=True)
    permit = models.ForeignKey(Permit, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("permit"))
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="certificate", verbose_name=_("file"))
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    verification_code = models.CharField(_("verification code"), max_length=10, unique=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at"]

    def __str__(self):
        return self.number


class CommissionReferral(models.Model):
    """A certificate file referred to the Article 100 commission for what was built against the permit."""

    class Decision(models.TextChoices):
        FINE = "fine", _("Fine")
        DEMOLITION = "demolition", _("Demolition")
        NO_VIOLATION = "no_violation", _("No violation")

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="commission_referral")
    deviations = models.JSONField(_("deviations"), default=list)
    referred_at = models.DateTimeField(_("referred at"), default=timezone.now)
    decision = models.CharField(_("decision"), max_length=14, choices=Decision.choices, blank=True)
    fine_rials = models.PositiveBigIntegerField(_("fine (rials)"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("Article 100 commission referral")
        verbose_name_plural = _("Article 100 commission referrals")
        constraints = [
            models.CheckConstraint(
                condition=~Q(decision="fine") | Q(fine_rials__gt=0), name="commission_fine_has_amount"
            )
        ]

    def __str__(self):
        return str(self.case)
