"""The Celery app. Eager (in-process) unless REDIS_URL points at a broker."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pishkhan.settings")

app = Celery("pishkhan")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
