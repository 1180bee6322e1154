"""The violation catalogue and the unit's rules to start from (editable on the reference pages), and the
hourly sweep that drafts violations for files past the threshold (editable in the admin's periodic tasks)."""

from django.db import migrations

CATALOGUE = [
    # (code, title, description)
    ("late_answer", "تأخیر در پاسخ", "پاسخ به متقاضی پس از مهلت مقرر هر مرحله."),
    ("wrong_answer", "پاسخ نادرست", "پاسخ یا اطلاعات نادرست به متقاضی یا ثبت نادرست پرونده."),
    ("unauthorised_fee", "دریافت وجه غیرمجاز", "دریافت مبلغی بیش از تعرفه مصوب یا خارج از فیش."),
    ("missing_documents", "نقص مدارک", "پذیرش یا ارسال پرونده بدون مدارک لازم."),
    ("misconduct", "رفتار نامناسب", "برخورد نامناسب با مراجعان یا تخلف انضباطی کارکنان."),
    ("citizen_complaint", "شکایت شهروند (در دست بررسی)", "شکایتی که هنوز نوع تخلف آن تعیین نشده است."),
]
TASK = ("Draft violations for files past the threshold", "supervision.tasks.draft_overdue_violations", 1, "hours")


def forwards(apps, schema_editor):
    ViolationType = apps.get_model("supervision", "ViolationType")
    Policy = apps.get_model("supervision", "Policy")
    for code, title, description in CATALOGUE:
        ViolationType.objects.get_or_create(code=code, defaults={"title": title, "description": description})
    Policy.objects.get_or_create(pk=1)
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    name, task, every, period = TASK
    interval, _ = IntervalSchedule.objects.get_or_create(every=every, period=period)
    PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, "interval": interval, "enabled": True})


def backwards(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK[0]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0002_violations_and_reference"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
