"""How long the record of a sent message is kept (``settings.MESSAGE_RETENTION_DAYS``).

A sent SMS or e-mail is worth keeping while someone may ask about it; after that its row
only fills the database (a national deployment writes millions a year). Messages that did
not get through (failed, retrying, still queued) are kept whatever their age: they wait
on the supervisors' page. A once-only message (``dedupe_key``) whose record is gone may be
sent again, e.g. the reminder about a file still overdue in the same step a year later.
"""

import datetime
import logging

from django.conf import settings
from django.utils import timezone

from notifications.models import Message

logger = logging.getLogger(__name__)

BATCH = 5000


def retention_cutoff(now=None):
    """Sent messages written before this moment are deleted; None when they are kept for ever (0 days)."""
    days = settings.MESSAGE_RETENTION_DAYS
    if not days or days <= 0:
        return None
    return (now or timezone.now()) - datetime.timedelta(days=days)


def purge_sent_messages(now=None):
    """Delete the sent messages older than the retention, a batch at a time; returns how many.

    Safe to run any number of times and alongside sending: each batch is its own short
    statement, and only rows already ``sent`` are touched.
    """
    cutoff = retention_cutoff(now)
    if cutoff is None:
        return 0
    old = Message.objects.filter(status=Message.Status.SENT, created_at__lt=cutoff)
    batch = BATCH
    deleted = 0
    while True:
        ids = list(old.order_by("created_at").values_list("pk", flat=True)[:batch])
        if not ids:
            break
        count, _by_model = Message.objects.filter(pk__in=ids, status=Message.Status.SENT).delete()
        deleted += count
        if len(ids) < batch:
            break
    if deleted:
        logger.info("deleted %s sent messages written before %s", deleted, cutoff.date())
    return deleted
