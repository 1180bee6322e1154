"""Indexes for the cartables' counts, the overdue list and the yearly statistics (issue 17).

Like 0003 they are raw SQL, made only where the database supports them (``INCLUDE`` is
PostgreSQL's), and the model state does not track them.

- ``case_open_district_state``: open files by district and state with their deadline — the
  supervisors' and municipal staff's cartable counts and the overdue count are read from the index
  alone (``COUNT`` over its columns), their cost following the open work.
- ``case_running_created``: files whose step clock runs (open, not waiting for the applicant) newest
  first with their deadline, so the overdue list (``Case.objects.overdue``, newest first) walks the
  index and checks the deadline there.
- ``case_created_stats`` / ``case_responded_stats``: the year's registrations by ``created_at`` and
  its answers by ``closed_at``, each carrying service, district and office, so that the yearly
  figures (``supervision.selectors.stats``) are two index-only grouped scans.
"""

from django.db import migrations

OPEN = "NOT (state IN ('responded', 'rejected', 'cancelled'))"
RUNNING = "NOT (state IN ('responded', 'rejected', 'cancelled', 'draft', 'returned'))"

BOTH = [
    ("case_open_district_state", f"ON cases_case (district_id, state, deadline) WHERE {OPEN}"),
    ("case_running_created", f"ON cases_case (created_at, deadline) WHERE {RUNNING}"),
]
POSTGRESQL = [
    ("case_created_stats", "ON cases_case (created_at) INCLUDE (service_code, district_id, office_id)"),
    (
        "case_responded_stats",
        "ON cases_case (closed_at) INCLUDE (service_code, district_id, office_id) WHERE state = 'responded'",
    ),
]
SQLITE = [
    ("case_responded_stats", "ON cases_case (closed_at) WHERE state = 'responded'"),
]


def _indexes(vendor):
    return BOTH + (POSTGRESQL if vendor == "postgresql" else SQLITE)


def create(apps, schema_editor):
    for name, definition in _indexes(schema_editor.connection.vendor):
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} {definition}")


def drop(apps, schema_editor):
    for name, _definition in _indexes(schema_editor.connection.vendor):
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0009_drafts")]

    operations = [migrations.RunPython(create, drop)]
