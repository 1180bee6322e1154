"""Periodic work on the office network (scheduled by django-celery-beat, see migration 0003)."""

from celery import shared_task
from django.db import OperationalError

from offices.services import send_expiry_warnings


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=60, max_retries=5)
def warn_expiring_licences_and_contracts():
    """Warn the supervisors 30 days before a licence or contract ends; safe to run any number of times."""
    return send_expiry_warnings()
