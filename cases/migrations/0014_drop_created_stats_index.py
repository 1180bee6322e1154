"""Drop ``case_created_stats`` (0010): the yearly statistics read the monthly file counts now
(``cases.counts``, 0011_file_counts), and every other look-up of files by registration time is
served by the plain index on ``created_at``, of which it was a wider copy (PostgreSQL only)."""

from django.db import migrations

DEFINITION = "ON cases_case (created_at) INCLUDE (service_code, district_id, office_id)"


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS case_created_stats")


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS case_created_stats {DEFINITION}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0013_merge_20261201_1335")]

    operations = [migrations.RunPython(drop, create)]
