"""An online payment: one trip of a payer to the bank's gateway for one slip."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from billing.models.slips import FeeSlip, Payment


class OnlinePayment(models.Model):
    """Its id is the order number sent to the bank; its state only moves forward from "started"."""

    class Status(models.TextChoices):
        STARTED = "started", _("At the bank")
        CANCELLED = "cancelled", _("Cancelled at the bank")
        SETTLED = "settled", _("Paid")
        REVERSED = "reversed", _("Returned to the payer")
        FAILED = "failed", _("Failed")

    slip = models.ForeignKey(FeeSlip, on_delete=models.PROTECT, related_name="online_payments", verbose_name=_("slip"))
    gateway = models.CharField(_("gateway"), max_length=32)
    token = models.CharField(_("gateway token"), max_length=200, blank=True)
    amount_rials = models.PositiveBigIntegerField(_("amount (rials)"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.STARTED)
    rrn = models.CharField(_("retrieval reference"), max_length=64, blank=True)
    trace_no = models.CharField(_("trace number"), max_length=64, blank=True)
    card_mask = models.CharField(_("card"), max_length=32, blank=True)
    bank_code = models.CharField(_("bank's result code"), max_length=10, blank=True)
    message = models.CharField(_("outcome"), max_length=300, blank=True)
    payment = models.OneToOneField(
        Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="online", verbose_name=_("payment")
    )
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("online payment")
        verbose_name_plural = _("online payments")
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["gateway", "token"], condition=~Q(token=""), name="online_payment_token_once"
            )
        ]

    def __str__(self):
        return f"{self.gateway}:{self.pk}"

    @property
    def order_id(self):
        return str(self.pk)
