from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.models import Case


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
