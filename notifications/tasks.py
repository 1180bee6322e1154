"""Sending messages in the background (thin wrappers over notifications.notify)."""

from celery import shared_task
from django.db import OperationalError

from notifications import notify, retention

# A sending task: acknowledged once done (a worker dying mid-send leaves it queued), retried while the
# database is away.
SENDING = {
    "bind": True,
    "acks_late": True,
    "autoretry_for": (OperationalError,),
    "retry_backoff": 15,
    "max_retries": 20,
}


# Named as when messages lived in the project package: queued work and beat schedules name them so.
@shared_task(name="pishkhan.tasks.send_message", **SENDING)
def send_message(self, message_id):
    """One attempt at a stored message; idempotent (a sent or failed message is left alone).

    A worker retries after the backoff the attempt chose; in eager mode (no
    worker) the message waits as "retrying" for ``retry_due_messages``.
    """
    delay = notify.attempt(message_id)
    if delay is not None and not self.request.is_eager:
        raise self.retry(countdown=delay)


@shared_task(name="pishkhan.tasks.send_messages", **SENDING)
def send_messages(self, message_ids):
    """One attempt at each message one transaction stored, in one transaction; idempotent. A message
    that failed is retried on its own (``send_message``) after the backoff its attempt chose."""
    for message_id, delay in notify.attempt_many(message_ids):
        if delay is not None and not self.request.is_eager:
            send_message.apply_async((message_id,), countdown=delay)


@shared_task(
    name="pishkhan.tasks.retry_due_messages",
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=15,
    max_retries=3,
)
def retry_due_messages():
    """Every minute (django-celery-beat): queue the messages whose next attempt is due."""
    return notify.requeue_due()


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=15, max_retries=3)
def purge_sent_messages():
    """Every night (django-celery-beat): delete the sent messages older than MESSAGE_RETENTION_DAYS."""
    return retention.purge_sent_messages()
