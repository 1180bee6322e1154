"""A bank's daily payment file, imported row by row with every row's outcome kept."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from billing.models.slips import Payment


class BankImport(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Processing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    # The city whose supervisor imported the file: its rows pay that city's slips only, and only that city
    # reads it. None: a platform administrator's import, which pays any city's slips.
    municipality = models.ForeignKey(
        "offices.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The same file twice in one city is the same import (``billing.services.start_import``).
    sha256 = models.CharField(max_length=64)
    file_name = models.CharField(_("file name"), max_length=200)
    # The bank whose key signed the file (BILLING_BANK_KEYS): an unsigned file is never imported.
    bank = models.CharField(_("bank"), max_length=32, blank=True)
    content = models.TextField()
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("processed"), default=0)
    error = models.TextField(blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("bank file import")
        verbose_name_plural = _("bank file imports")
        ordering = ["-uploaded_at"]
        constraints = [models.UniqueConstraint(fields=["municipality", "sha256"], name="bank_import_once_per_city")]

    def __str__(self):
        return self.file_name

    @property
    def percent(self):
        if not self.total_rows:
            return 100 if self.status == self.Status.DONE else 0
        return min(100, self.processed_rows * 100 // self.total_rows)


class ImportRow(models.Model):
    class Outcome(models.TextChoices):
        MATCHED = "matched", _("Matched")
        DUPLICATE = "duplicate", _("Duplicate")
        UNMATCHED = "unmatched", _("Unmatched")

    bank_import = models.ForeignKey(BankImport, on_delete=models.CASCADE, related_name="rows")
    line = models.PositiveIntegerField(_("line"))
    bill_id = models.CharField(_("bill ID"), max_length=40, blank=True)
    payment_id = models.CharField(_("payment ID"), max_length=40, blank=True)
    amount_rials = models.BigIntegerField(_("amount (rials)"), null=True, blank=True)
    reference = models.CharField(_("bank reference"), max_length=64, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    message = models.CharField(_("message"), max_length=300, blank=True)
    recorded_payment = models.ForeignKey(Payment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("imported row")
        verbose_name_plural = _("imported rows")
        ordering = ["bank_import_id", "line"]
        constraints = [models.UniqueConstraint(fields=["bank_import", "line"], name="import_row_once")]

    def __str__(self):
        return f"{self.bank_import_id}:{self.line}"
