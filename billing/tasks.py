from celery import shared_task

from billing.services.reconciliation import process_import


@shared_task(bind=True, max_retries=3, acks_late=True)
def process_bank_import(self, import_id):
    """Process a bank file's rows; safe to retry (rows already done are skipped)."""
    try:
        process_import(import_id)
    except Exception as exc:
        if self.request.is_eager:
            return
        raise self.retry(exc=exc, countdown=60) from exc


@shared_task(acks_late=True)
def ask_about_abandoned_payments():
    """Conclude the online payments whose payer never came back from the bank (every 5 minutes; idempotent)."""
    from billing.services.online import ask_about_abandoned_payments as ask

    return ask()
