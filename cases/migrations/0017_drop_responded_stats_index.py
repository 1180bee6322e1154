"""Drop ``case_responded_stats`` (0010): the yearly statistics read the monthly file counts
(``cases.counts``), and the few look-ups of answered files by their answer time (this month's
answers on a dashboard, yesterday's in a manager's digest, a scorecard's period) are served by
the plain index on ``closed_at`` (PostgreSQL only; about 65 bytes a file)."""

from django.db import migrations

DEFINITION = "ON cases_case (closed_at) INCLUDE (service_code, district_id, office_id) WHERE state = 'responded'"


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS case_responded_stats")


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS case_responded_stats {DEFINITION}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0016_history_rows_keyed_and_coded")]

    operations = [migrations.RunPython(drop, create)]
