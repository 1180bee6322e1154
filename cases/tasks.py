"""Periodic work on files (scheduled by django-celery-beat; see supervision/migrations)."""

from celery import shared_task
from django.db import OperationalError

from cases import escalation


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=30, max_retries=5)
def escalate_overdue_cases():
    """Every 5 minutes: overdue files to their follow-up officers (or the supervisors), once per step."""
    return escalation.notify_overdue()


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=60, max_retries=5)
def send_daily_digest():
    """07:30 Tehran time: each office manager's open, overdue and responded-yesterday counts."""
    return escalation.send_daily_digests()


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=60, max_retries=5)
def write_history_digest():
    """00:30 Tehran time: every changed file's history head into the append-only digest (cases.history)."""
    from cases.history import write_digest

    return write_digest().root
