"""Register the periodic tasks with django-celery-beat (editable in the admin afterwards).

get_or_create by name: running again, or after an administrator changed a
schedule, keeps what is there.
"""

from django.db import migrations

EVERY = [
    # (name, task, every, period)
    ("Send messages whose next attempt is due", "pishkhan.tasks.retry_due_messages", 1, "minutes"),
    ("Escalate overdue files", "cases.tasks.escalate_overdue_cases", 5, "minutes"),
    ("Make letter PDFs still missing", "inquiries.letters.tasks.render_pending_letters", 5, "minutes"),
]
CRONTABS = [
    # (name, task, minute, hour)
    ("Daily digest to office managers", "cases.tasks.send_daily_digest", "30", "7"),
    # Also created by offices/migrations/0003 under the same name; listed so the schedule exists either way.
    (
        "Warn supervisors about expiring licences and contracts",
        "offices.tasks.warn_expiring_licences_and_contracts",
        "0",
        "7",
    ),
]


def schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, every, period in EVERY:
        interval, _ = IntervalSchedule.objects.get_or_create(every=every, period=period)
        PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, "interval": interval, "enabled": True})
    for name, task, minute, hour in CRONTABS:
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute, hour=hour, day_of_week="*", day_of_month="*", month_of_year="*", timezone="Asia/Tehran"
        )
        PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, "crontab": crontab, "enabled": True})


def unschedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    names = [row[0] for row in EVERY] + [row[0] for row in CRONTABS[:1]]
    PeriodicTask.objects.filter(name__in=names).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
