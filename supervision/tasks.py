"""Periodic work of the supervision unit (scheduled by django-celery-beat; see supervision/migrations)."""

from celery import shared_task
from django.db import OperationalError

from supervision.services.automatic import draft_overdue_violations as _draft


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=60, max_retries=5)
def draft_overdue_violations():
    """Hourly: one draft violation per file past the unit's threshold, never two (idempotent)."""
    return _draft()
