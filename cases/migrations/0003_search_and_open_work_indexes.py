"""Indexes for searching files and for the open work cartables show (issue 17).

They live here rather than in ``Case.Meta`` because some are PostgreSQL's own (the
``pg_trgm`` extension, operator classes); each is created only where the database
supports it, and the model state does not track them (``makemigrations`` stays quiet).

- Search (``cases.filters.search_condition``): the applicant's national ID and mobile by
  prefix — under a non-C collation a plain btree cannot serve ``LIKE 'x%'``, one with
  ``varchar_pattern_ops`` can (the tracking code and renewal code have theirs from their
  unique constraints); the applicant's name ``first || ' ' || last`` by trigram.
- Cartables hold open files only: partial indexes over files not yet answered, rejected
  or cancelled, so their cost follows the open work, not a district's whole history.
- ``closed_at`` for the yearly figures ("answered in the year").
"""

from django.db import migrations

OPEN = "NOT (state IN ('responded', 'rejected', 'cancelled'))"

BOTH = [
    ("case_open_office", f"ON cases_case (office_id, holder_role, deadline, created_at) WHERE {OPEN}"),
    ("case_open_district", f"ON cases_case (district_id, holder_role, deadline, created_at) WHERE {OPEN}"),
    ("case_open_deadline", f"ON cases_case (deadline, created_at) WHERE {OPEN}"),
    ("case_closed_at", "ON cases_case (closed_at)"),
]
POSTGRESQL = [
    ("case_national_id_prefix", "ON cases_case (applicant_national_id varchar_pattern_ops)"),
    ("case_mobile_prefix", "ON cases_case (applicant_mobile varchar_pattern_ops)"),
    (
        "case_applicant_name_trgm",
        "ON cases_case USING gin ((applicant_first_name || ' ' || applicant_last_name) gin_trgm_ops)",
    ),
]


def _indexes(vendor):
    return BOTH + (POSTGRESQL if vendor == "postgresql" else [])


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, definition in _indexes(vendor):
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} {definition}")


def drop(apps, schema_editor):
    for name, _definition in _indexes(schema_editor.connection.vendor):
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_property_use_label")]

    operations = [migrations.RunPython(create, drop)]
