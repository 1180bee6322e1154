"""Every five minutes, ask the bank about the online payments whose payer never came back from its page
(``billing.tasks.ask_about_abandoned_payments``). get_or_create by name: a schedule an administrator
changed in the admin stays as they left it."""

from django.db import migrations

NAME = "Ask the bank about abandoned online payments"


def schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    interval, _ = IntervalSchedule.objects.get_or_create(every=5, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=NAME,
        defaults={"task": "billing.tasks.ask_about_abandoned_payments", "interval": interval, "enabled": True},
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("billing", "0012_bank_import_city"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
