"""Sent messages are kept MESSAGE_RETENTION_DAYS, then deleted by the nightly task; undelivered ones stay."""

import datetime

import pytest
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from notifications import retention
from notifications.models import Message
from notifications.tasks import purge_sent_messages

pytestmark = pytest.mark.django_db


def message(status, days_old, n=0):
    row = Message.objects.create(channel="sms", event="case_registered", recipient=f"0912000{n:04d}", body="x")
    written = timezone.now() - datetime.timedelta(days=days_old)
    Message.objects.filter(pk=row.pk).update(status=status, created_at=written, sent_at=written)
    return row.pk


def purge():
    return purge_sent_messages.apply().get()


def test_old_sent_messages_are_deleted_and_the_rest_kept(settings):
    settings.MESSAGE_RETENTION_DAYS = 365
    old_sent = message("sent", 400)
    kept = {
        message("sent", 300),
        message("failed", 900),
        message("retrying", 400),
        message("queued", 400),
    }
    assert purge() == 1
    assert not Message.objects.filter(pk=old_sent).exists()
    assert set(Message.objects.values_list("pk", flat=True)) == kept
    assert purge() == 0  # idempotent


def test_the_purge_goes_in_batches_until_none_is_left(settings, monkeypatch):
    settings.MESSAGE_RETENTION_DAYS = 30
    monkeypatch.setattr(retention, "BATCH", 2)
    for n in range(5):
        message("sent", 31 + n, n)
    recent = message("sent", 29, 9)
    assert purge() == 5
    assert list(Message.objects.values_list("pk", flat=True)) == [recent]


def test_a_retention_of_zero_keeps_every_message(settings):
    settings.MESSAGE_RETENTION_DAYS = 0
    message("sent", 5000)
    assert purge() == 0
    assert Message.objects.count() == 1


def test_the_purge_runs_every_night():
    task = PeriodicTask.objects.get(task="notifications.tasks.purge_sent_messages")
    assert task.enabled
    assert (task.crontab.minute, task.crontab.hour, str(task.crontab.timezone)) == ("30", "3", "Asia/Tehran")
