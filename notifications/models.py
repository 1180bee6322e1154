"""Project-wide records that belong to no single app (leaf: imports no Pishkhan app)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Message(models.Model):
    """One outgoing SMS or e-mail, kept with its status so nothing is lost silently."""

    class Channel(models.TextChoices):
        SMS = "sms", _("SMS")
        EMAIL = "email", _("E-mail")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        RETRYING = "retrying", _("Retrying")
        FAILED = "failed", _("Failed")

    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    event = models.CharField(_("event"), max_length=40)
    recipient = models.CharField(_("recipient"), max_length=254)
    # Nothing looks messages up by user: no index (deleting a user scans the kept messages once).
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, db_index=False)
    # The city the message is about (its file, slip, office or person), so a city's unit reviews its own
    # messages only; none for the platform's own. A string reference: this app imports no other.
    municipality = models.ForeignKey(
        "offices.Municipality", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_index=False
    )
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("text"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    # Once-only sends (a reminder per step, say) carry a key; a second send with it is skipped
    # (message_dedupe_key_unique: looked up by equality only, and only where there is one).
    dedupe_key = models.CharField(max_length=120, null=True, blank=True)
    provider_id = models.CharField(max_length=80, blank=True)
    # Short values for a gateway's pre-approved template (tracking code, verification code), if one is used.
    params = models.JSONField(default=list, blank=True)
    # When the sweep (notifications.tasks.retry_due_messages) should queue it again if it is still not sent:
    # a retry's backoff, or a safety margin for a first send whose queueing was lost.
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at"]
        indexes = [
            # The messages page: a city's messages newest first (and its counts).
            models.Index(fields=["municipality", "created_at"], name="message_city_created"),
            # The messages page by status, newest first; the retention's purge of old sent ones.
            models.Index(fields=["status", "created_at"]),
            # The sweep (notify.requeue_due): only messages still to send.
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status__in=["queued", "retrying"]),
                name="message_pending_next_attempt",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["dedupe_key"], condition=Q(dedupe_key__isnull=False), name="message_dedupe_key_unique"
            ),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} → {self.recipient}: {self.event}"

    @property
    def is_pending(self):
        return self.status in (self.Status.QUEUED, self.Status.RETRYING)
