"""The municipality's network of contracted counter offices."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_jalali.db import models as jmodels
from simple_history.models import HistoricalRecords

from accounts.models import Role
from core.validators import validate_postal_code


class Municipality(models.Model):
    """First-class, so one deployment can serve many cities."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    # The municipality code used in bill IDs (طرح هماهنگ پرداخت قبوض).
    bill_company_code = models.CharField(_("bill company code"), max_length=4, default="1002")
    letter_header = models.CharField(_("letter header"), max_length=200, blank=True)
    # The districts' outlines for the public map (offices.outlines keeps only polygons and numbers).
    district_outlines = models.JSONField(_("district outlines"), default=dict, blank=True, editable=False)
    district_outlines_note = models.CharField(
        _("note under the map"),
        max_length=200,
        blank=True,
        help_text=_("Where the outlines come from, e.g. that they are approximate."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self):
        return self.name


def per_city_unique(*fields, name):
    """Uniqueness of reference rows that are a city's own or national (no municipality): the city's rows
    are unique within the city, the national ones among themselves (NULLs never clash in a plain index)."""
    return [
        models.UniqueConstraint(fields=["municipality", *fields], name=f"{name}_city_unique"),
        models.UniqueConstraint(
            fields=list(fields), condition=Q(municipality__isnull=True), name=f"{name}_national_unique"
        ),
    ]


def city_field(related_name, help_text=None):
    """A reference row's city: null for a national row (every city's, unless a city has its own)."""
    return models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name=_("municipality"),
        help_text=help_text or _("Empty: national, for every municipality that has no row of its own."),
    )


class District(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="districts")
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=100)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["municipality_id", "number"]
        constraints = [models.UniqueConstraint(fields=["municipality", "number"], name="district_number_unique")]

    def __str__(self):
        return self.name


class Service(models.Model):
    """An entry of the service catalog (the codes of DOMAIN.md)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    any_district = models.BooleanField(
        _("any district's office"),
        default=False,
        help_text=_("An office of any district may take this service's files; otherwise only the property's."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["order", "code"]

    def __str__(self):
        return self.title


# Iran's bounding box: an office's point outside it is a typing mistake (or swapped coordinates), never an office.
IRAN_LATITUDE = (24, 40)
IRAN_LONGITUDE = (44, 64)


def _within(value, bounds, message):
    if value is not None and not bounds[0] <= value <= bounds[1]:
        raise ValidationError(message, code="out-of-range", params={"min": bounds[0], "max": bounds[1]})


def validate_latitude(value):
    _within(value, IRAN_LATITUDE, _("The latitude of a place in Iran is between 24 and 40 degrees."))


def validate_longitude(value):
    _within(value, IRAN_LONGITUDE, _("The longitude of a place in Iran is between 44 and 64 degrees."))


class OfficeStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    ENDED = "ended", _("Contract ended")


class OfficeQuerySet(models.QuerySet):
    def authorized(self, on=None):
        """Active, selected, licence and contract in force: what the public directory lists.

        The same rules as ``offices.services.may_register``, so citizens are never
        sent to an office that would have to turn them away.
        """
        from django.utils import timezone

        today = on or timezone.localdate()
        in_force = Contract.objects.filter(office=models.OuterRef("pk"), starts_on__lte=today, ends_on__gte=today)
        return self.filter(status=OfficeStatus.ACTIVE, is_selected=True).filter(
            Q(licence_expires_on__isnull=True) | Q(licence_expires_on__gte=today), models.Exists(in_force)
        )


class Office(models.Model):
    code = models.CharField(
        _("office code"), max_length=20, unique=True, help_text=_("The national counter-office number.")
    )
    name = models.CharField(_("name"), max_length=150)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="offices", verbose_name=_("district"))
    address = models.CharField(_("address"), max_length=300)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True, validators=[validate_postal_code])
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    hours = models.CharField(
        _("opening hours"), max_length=120, blank=True, help_text=_("As applicants read it, e.g. Sat–Wed 7:30–14:30.")
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True, validators=[validate_latitude]
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True, validators=[validate_longitude]
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="managed_offices",
        verbose_name=_("manager"),
    )
    licence_number = models.CharField(_("CRA licence number"), max_length=40, blank=True)
    licence_issued_on = jmodels.jDateField(_("licence issued on"), null=True, blank=True)
    licence_expires_on = jmodels.jDateField(_("licence expires on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=OfficeStatus.choices, default=OfficeStatus.ACTIVE)
    status_reason = models.CharField(_("status reason"), max_length=300, blank=True)
    status_changed_on = jmodels.jDateField(_("status changed on"), null=True, blank=True)
    is_selected = models.BooleanField(
        _("selected for its district"),
        default=True,
        help_text=_("The municipality decides which offices serve each district."),
    )
    services = models.ManyToManyField(Service, blank=True, related_name="offices", verbose_name=_("services"))
    daily_capacity = models.PositiveIntegerField(_("daily capacity"), default=40)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[services])

    objects = OfficeQuerySet.as_manager()

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["district__number", "code"]
        indexes = [models.Index(fields=["status", "is_selected"])]

    def __str__(self):
        return f"{self.name} ({self.code})"


class OfficeChange(models.Model):
    """A public, dated entry in "changes to the list of authorized offices"."""

    class Kind(models.TextChoices):
        ADDED = "added", _("Added to the list")
        SELECTED = "selected", _("Selected for the district")
        UNSELECTED = "unselected", _("Removed from the district's list")
        SUSPENDED = "suspended", _("Suspended")
        REACTIVATED = "reactivated", _("Reactivated")
        ENDED = "ended", _("Contract ended")
        MOVED = "moved", _("Moved")

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="changes", verbose_name=_("office"))
    kind = models.CharField(_("change"), max_length=16, choices=Kind.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    effective_on = jmodels.jDateField(_("effective on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("change to the office list")
        verbose_name_plural = _("changes to the office list")
        ordering = ["-effective_on", "-id"]

    def __str__(self):
        return f"{self.office} · {self.get_kind_display()}"


class Contract(models.Model):
    """The municipality's contract with an office: what it may deliver, at which tariffs."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="contracts", verbose_name=_("office"))
    # Unique within the municipality (the constraint below); another city may use the same number.
    number = models.CharField(_("contract number"), max_length=40)
    # The office's city, kept on the contract so the number's uniqueness is the database's to enforce.
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="contracts", verbose_name=_("municipality"), editable=False
    )
    starts_on = jmodels.jDateField(_("starts on"))
    ends_on = jmodels.jDateField(_("ends on"))
    services = models.ManyToManyField(Service, blank=True, verbose_name=_("services in scope"))
    tariff_note = models.TextField(_("tariffs in scope"), blank=True)
    signed_file = models.FileField(_("signed contract"), upload_to="contracts/%Y/", blank=True)
    renews = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="renewed_by", verbose_name=_("renews")
    )
    signed_on = jmodels.jDateField(_("signed on"), null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[services])

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="contract_period_valid"),
            models.UniqueConstraint(fields=["municipality", "number"], name="contract_number_unique"),
        ]
        # may_register and the public directory ask "which contract covers today" per office.
        indexes = [models.Index(fields=["office", "starts_on", "ends_on"])]

    def __str__(self):
        return self.number

    def save(self, *args, **kwargs):
        # The city follows the office's district (offices do not move between cities).
        if self.municipality_id is None and self.office_id is not None:
            self.municipality_id = (
                District.objects.filter(offices=self.office_id).values_list("municipality_id", flat=True).first()
            )
        super().save(*args, **kwargs)


class MembershipQuerySet(models.QuerySet):
    def current(self, on=None):
        from django.utils import timezone

        today = on or timezone.localdate()
        return self.filter(starts_on__lte=today).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))


class Membership(models.Model):
    """Who works where: an office role at an office, or a municipal role in a district.

    Inspectors and follow-up officers may hold several at once (offices of one
    district). Ended memberships stay as history; a person with none current
    cannot act on files any more.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships", verbose_name=_("office")
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("district")
    )
    starts_on = jmodels.jDateField(_("starts on"))
    ends_on = jmodels.jDateField(_("ends on"), null=True, blank=True)
    employment_starts_on = jmodels.jDateField(_("employment contract from"), null=True, blank=True)
    employment_ends_on = jmodels.jDateField(_("employment contract to"), null=True, blank=True)
    employment_file = models.FileField(_("employment contract"), upload_to="employment/%Y/", blank=True)
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["-starts_on"]
        indexes = [models.Index(fields=["user", "ends_on"]), models.Index(fields=["office", "role"])]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.office or self.district}"


class Course(models.Model):
    class Kind(models.TextChoices):
        THEORY = "theory", _("Theory")
        PRACTICE = "practice", _("Practice")

    title = models.CharField(_("title"), max_length=150)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    starts_on = jmodels.jDateField(_("starts on"))
    ends_on = jmodels.jDateField(_("ends on"))
    hours = models.PositiveSmallIntegerField(_("hours"))
    required_for = models.JSONField(_("required for roles"), default=list, blank=True)
    # A city's unit trains its own staff; a national course (no municipality) is every city's.
    municipality = city_field("courses")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["-starts_on"]

    def __str__(self):
        return self.title


class Attendance(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attendances")
    attended = models.BooleanField(_("attended"), default=True)
    passed = models.BooleanField(_("passed"), default=False)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [models.UniqueConstraint(fields=["course", "user"], name="attendance_once")]

    def __str__(self):
        return f"{self.user} · {self.course}"


class Instruction(models.Model):
    """An executive instruction (دستورالعمل) the supervision unit publishes."""

    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    attachment = models.FileField(_("attachment"), upload_to="instructions/%Y/", blank=True)
    audience = models.JSONField(_("audience roles"), default=list)
    published_on = jmodels.jDateField(_("published on"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    # The city whose unit published it; a national instruction (no municipality) addresses every city.
    municipality = city_field("instructions")

    class Meta:
        verbose_name = _("instruction")
        verbose_name_plural = _("instructions")
        ordering = ["-published_on", "-id"]

    def __str__(self):
        return self.title


class Acknowledgement(models.Model):
    instruction = models.ForeignKey(Instruction, on_delete=models.CASCADE, related_name="acknowledgements")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="acknowledgements")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")
        constraints = [models.UniqueConstraint(fields=["instruction", "user"], name="acknowledge_once")]

    def __str__(self):
        return f"{self.user} · {self.instruction}"
