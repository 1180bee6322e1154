"""Messages with their columns in the order that packs their rows (PostgreSQL; ``core.db_layout``). Nothing a row
says changes; nothing to do on other databases."""

from django.db import migrations

from core.db_layout import repacked


class Migration(migrations.Migration):
    dependencies = [("notifications", "0006_schedule_message_purge")]

    operations = [repacked("notifications_message")]
