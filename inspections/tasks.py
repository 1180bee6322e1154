from celery import shared_task

from inspections.services import attach_pdf


@shared_task(bind=True, max_retries=3, acks_late=True)
def render_report_pdf(self, report_id):
    """Render and attach a submitted visit report's PDF; a second run finds it attached and stops."""
    try:
        attach_pdf(report_id)
    except OSError as exc:
        if self.request.is_eager:
            raise
        raise self.retry(exc=exc, countdown=60) from exc
