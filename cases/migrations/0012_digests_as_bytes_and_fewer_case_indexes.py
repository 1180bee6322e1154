"""Files and documents, smaller (issue 17).

- ``Case.history_head`` and ``Document.sha256``: the digest's 32 bytes instead of 64 hex characters
  (``core.digests``; code keeps seeing hex). One ``ALTER ... USING decode`` per table on PostgreSQL.
- The tracking code's unique index uses ``varchar_pattern_ops``: it serves equality and the prefix
  search both, where a unique index and a second one for ``LIKE`` did.
- The plain index on the applicant's national ID goes on PostgreSQL, where ``case_national_id_prefix``
  (0003, ``varchar_pattern_ops``) serves equality too; other databases keep it (they have no other).
- Documents are never looked up by uploader: no index on ``uploaded_by``.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import core.digests

NATIONAL_ID_INDEX = "cases_case_applica_d93032_idx"


def drop_national_id_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NATIONAL_ID_INDEX}")


def create_national_id_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {NATIONAL_ID_INDEX} ON cases_case (applicant_national_id)")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0011_history_hash_bytes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.RemoveIndex(model_name="case", name=NATIONAL_ID_INDEX)],
            database_operations=[migrations.RunPython(drop_national_id_index, create_national_id_index)],
        ),
        migrations.AlterField(
            model_name="case",
            name="tracking_code",
            field=models.CharField(max_length=16, verbose_name="tracking code"),
        ),
        migrations.AddConstraint(
            model_name="case",
            constraint=models.UniqueConstraint(
                fields=("tracking_code",), name="case_tracking_code_unique", opclasses=["varchar_pattern_ops"]
            ),
        ),
        migrations.AlterField(
            model_name="document",
            name="uploaded_by",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="case", name="history_head", field=core.digests.HexDigestField(blank=True)
                ),
            ],
            database_operations=[migrations.RunPython(*core.digests.hex_to_bytes("cases_case", "history_head"))],
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(model_name="document", name="sha256", field=core.digests.HexDigestField()),
            ],
            database_operations=[migrations.RunPython(*core.digests.hex_to_bytes("cases_document", "sha256"))],
        ),
    ]
