"""Sending messages in the background (thin wrappers over pishkhan.notify)."""

from celery import shared_task
from django.db import OperationalError

from pishkhan import notify


@shared_task(bind=True, acks_late=True, autoretry_for=(OperationalError,), retry_backoff=15, max_retries=20)
def send_message(self, message_id):
    """One attempt at a stored message; idempotent (a sent or failed message is left alone).

    A worker retries after the backoff the attempt chose; in eager mode (no
    worker) the message waits as "retrying" for ``retry_due_messages``.
    """
    delay = notify.attempt(message_id)
    if delay is not None and not self.request.is_eager:
        raise self.retry(countdown=delay)


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=15, max_retries=3)
def retry_due_messages():
    """Every minute (django-celery-beat): queue the messages whose next attempt is due."""
    return notify.requeue_due()
