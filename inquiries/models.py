from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models import Case
from core.digests import HexDigestField
from inquiries.frozen import FrozenContentField


class Inquiry(models.Model):
    """What a notary's, a bank's or a utility's inquiry letter says."""

    class Purpose(models.TextChoices):
        TRANSFER = "transfer", _("Transfer of ownership")
        MORTGAGE = "mortgage", _("Loan collateral")
        LEASE = "lease", _("Long lease")
        EXCAVATION = "excavation", _("Excavation")
        OTHER = "other", _("Other")

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="inquiry", primary_key=True)
    organization_name = models.CharField(_("requesting organization"), max_length=150)
    notary_number = models.CharField(_("notary office number"), max_length=10, blank=True)
    notary_city = models.CharField(_("notary office city"), max_length=60, blank=True)
    bank_name = models.CharField(_("bank"), max_length=80, blank=True)
    bank_branch = models.CharField(_("branch"), max_length=80, blank=True)
    letter_number = models.CharField(_("inquiry letter number"), max_length=40)
    letter_date = models.DateField(_("inquiry letter date"))
    purpose = models.CharField(_("purpose"), max_length=16, choices=Purpose.choices, default=Purpose.TRANSFER)
    # Excavation requests: which utility digs where, how much, when.
    utility_company = models.CharField(_("utility company"), max_length=100, blank=True)
    location = models.CharField(_("location of the cut"), max_length=300, blank=True)
    cut_length_m = models.DecimalField(
        _("length of the cut (m)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    cut_width_m = models.DecimalField(_("width of the cut (m)"), max_digits=6, decimal_places=2, null=True, blank=True)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)

    class Meta:
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")

    def __str__(self):
        return f"{self.case} · {self.letter_number}"


class LetterSequence(models.Model):
    """The last serial used for a district's letters in a Jalali year.

    Locked (select_for_update) while a letter takes its number, so numbers have
    no gaps and no duplicates however many staff issue at once.
    """

    district = models.ForeignKey("offices.District", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("Jalali year"))
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("letter sequence")
        verbose_name_plural = _("letter sequences")
        constraints = [models.UniqueConstraint(fields=["district", "year"], name="letter_sequence_unique")]

    def __str__(self):
        return f"{self.year}/{self.district_id}: {self.last_number}"


def letter_path(instance, filename):
    return f"letters/{instance.year}/{instance.district_id}/{filename}"


class Letter(models.Model):
    """A response letter. Its content is frozen when issued: a correction is a new letter."""

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        CANCELLED = "cancelled", _("Cancelled")

    class Result(models.TextChoices):
        APPROVED = "approved", _("Approved")
        DENIED = "denied", _("Denied")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="letters", verbose_name=_("file"))
    # No index of its own: letter_serial_unique (district, year, serial) serves it.
    district = models.ForeignKey("offices.District", on_delete=models.PROTECT, related_name="+", db_index=False)
    year = models.PositiveSmallIntegerField(_("Jalali year"))
    serial = models.PositiveIntegerField(_("serial"))
    # year/district/serial, e.g. 1404/03/000123: readable aloud, sortable, unique within the municipality
    # by construction (letter_serial_unique); another city's district 3 has its own 1404/03/000123.
    # Past serial 999,999 the number simply grows a digit.
    number = models.CharField(_("letter number"), max_length=20)
    # Unique (letter_verification_code_unique), looked up by equality only.
    verification_code = models.CharField(_("verification code"), max_length=12)
    result = models.CharField(_("result"), max_length=10, choices=Result.choices)
    text = models.TextField(_("answer"))
    # Everything the PDF prints besides the row's own fields (number, text, result…), frozen at issue so the
    # letter never changes afterwards; a dict, stored compactly (inquiries.frozen).
    content = FrozenContentField()
    # Written, never searched by: no index (deleting a user, which barely happens, scans once).
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, db_index=False
    )
    issued_at = models.DateTimeField(_("issued at"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.VALID)
    replaces = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by", verbose_name=_("replaces")
    )
    # The template the text started from (the text itself is the letter's, as issued).
    template = models.ForeignKey(
        "LetterTemplate",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="letters",
        verbose_name=_("template"),
    )
    pdf = models.FileField(_("PDF"), upload_to=letter_path, max_length=200, blank=True)
    sha256 = HexDigestField(_("SHA-256 of the PDF"), blank=True)
    pdf_size = models.PositiveIntegerField(null=True, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("response letter")
        verbose_name_plural = _("response letters")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["district", "year", "serial"], name="letter_serial_unique"),
            # A file has at most one letter in force; earlier ones are cancelled by their corrections.
            models.UniqueConstraint(fields=["case"], condition=Q(status="valid"), name="letter_one_valid_per_case"),
            models.UniqueConstraint(fields=["verification_code"], name="letter_verification_code_unique"),
        ]
        # The sweep for PDFs still missing (selectors.pending_pdfs): those letters only.
        indexes = [models.Index(fields=["issued_at"], condition=Q(sha256=""), name="letter_pdf_missing")]

    def __str__(self):
        return self.number

    @property
    def pdf_ready(self):
        return bool(self.pdf and self.sha256)


class LetterTemplate(models.Model):
    """A response text the supervision unit prepares per service and result, with placeholders
    (``{applicant_name}``, ``{address}``, ``{visit_findings}``…) that a file's data fills in
    (inquiries.letters.drafting). The municipal staff start from one, adjust it and issue."""

    municipality = models.ForeignKey(
        "offices.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    service = models.ForeignKey(
        "offices.Service", on_delete=models.PROTECT, to_field="code", related_name="+", verbose_name=_("service")
    )
    result = models.CharField(_("result"), max_length=10, choices=Letter.Result.choices)
    title = models.CharField(_("title"), max_length=120)
    text = models.TextField(_("text"))
    is_active = models.BooleanField(_("in use"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")
        ordering = ["municipality_id", "service__order", "result", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "service", "result", "title"], name="letter_template_unique"
            )
        ]

    def __str__(self):
        return self.title


class LetterEvent(models.Model):
    """What happened to a letter beyond its issue: issued as a correction, cancelled by one, each with its reason.
    (A plain issue is the letter's own signer and ``issued_at``, when its PDF was made its ``rendered_at``:
    ``selectors.events_of`` lists them all.)"""

    class Kind(models.TextChoices):
        ISSUED = "issued", _("Issued")
        CORRECTED = "corrected", _("Issued as a correction")
        CANCELLED = "cancelled", _("Cancelled by a correction")

    # Read by file (selectors.events_of): no index on the letter or the actor.
    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="events", db_index=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="letter_events")
    kind = models.CharField(_("event"), max_length=12, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, db_index=False)
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("letter event")
        verbose_name_plural = _("letter events")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.letter} · {self.get_kind_display()}"
