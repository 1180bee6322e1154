"""Messages with their columns in the order that packs their rows (PostgreSQL; ``core.db_layout``).
Nothing a row says changes; nothing to do on other databases."""

from django.db import migrations

from core.db_layout import repack

TABLES = ("notifications_message",)


def forwards(apps, schema_editor):
    for table in TABLES:
        repack(schema_editor, table)


class Migration(migrations.Migration):
    dependencies = [("notifications", "0006_schedule_message_purge")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)]
