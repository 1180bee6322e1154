"""Letter PDFs in the background (thin wrappers over inquiries.letters.services)."""

import logging
import os
import time

from celery import shared_task
from django.db import OperationalError

from inquiries.letters import services

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=10, max_retries=8)
def render_letter_pdf(letter_id):
    """Make the letter's PDF. Idempotent; acknowledged only when done, so a killed worker's letter is redone."""
    logger.info("rendering letter %s", letter_id)
    # Test-only: PISHKHAN_LETTER_TASK_DELAY seconds to kill the worker mid-task (tests/worker).
    delay = float(os.environ.get("PISHKHAN_LETTER_TASK_DELAY") or 0)
    if delay:
        time.sleep(delay)
    letter = services.make_pdf(letter_id)
    return letter.sha256 if letter else None


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=10, max_retries=3)
def render_pending_letters():
    """Every few minutes (django-celery-beat): queue letters whose PDF is still missing."""
    return services.queue_missing_pdfs()
