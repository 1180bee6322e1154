import logging

from celery import shared_task
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from pishkhan import sms
from pishkhan.models import Message

logger = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=6, acks_late=True)
def send_message(self, message_id):
    """Send one stored message; idempotent (a sent message is not sent again)."""
    with transaction.atomic():
        message = Message.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.status in (Message.Status.SENT, Message.Status.FAILED):
            return
        message.attempts += 1
        try:
            if message.channel == Message.Channel.SMS:
                message.provider_id = sms.get_backend().send(message.recipient, message.body) or ""
            else:
                send_mail(message.subject or message.event, message.body, None, [message.recipient])
        except Exception as exc:  # every failure is recorded and retried
            message.last_error = str(exc)[:2000]
            final = self.request.retries >= self.max_retries
            message.status = Message.Status.FAILED if final else Message.Status.RETRYING
            message.save(update_fields=["attempts", "last_error", "status"])
            if final:
                logger.error("message %s failed for good: %s", message_id, exc)
                return
            countdown = 30 * (2**self.request.retries)
            if self.request.is_eager:
                return
            raise self.retry(exc=exc, countdown=countdown) from exc
        message.status = Message.Status.SENT
        message.sent_at = timezone.now()
        message.save(update_fields=["attempts", "status", "sent_at", "provider_id", "last_error"])
