"""History rows, smaller (issue 17): the hash as its 32 bytes, no copy of the previous row's hash.

- ``prev_hash`` repeated the hash of the row before; ``cases.history`` now reads it from that row.
  The chain is the same (each row's HMAC still covers the previous row's hex digest), so every
  history written before verifies unchanged.
- ``hash`` goes from 64 hex characters to 32 bytes. On PostgreSQL one ``ALTER ... USING decode``
  rewrites the table once (which also gives back the space of the dropped column); elsewhere
  (SQLite, development) the column is remade and each value decoded.
- The indexes on ``case_id`` (the unique ``(case_id, seq)`` serves it) and ``actor_id`` (nothing
  looks history up by actor) go.
"""

from django.conf import settings
from django.db import migrations, models


def _binary_field(model):
    field = models.BinaryField(max_length=32)
    field.set_attributes_from_name("hash")
    field.model = model
    return field


def _char_field(model):
    field = models.CharField(max_length=64)
    field.set_attributes_from_name("hash")
    field.model = model
    return field


def hash_to_bytes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE cases_transition ALTER COLUMN hash TYPE bytea USING decode(hash, 'hex')")
        return
    Transition = apps.get_model("cases", "Transition")
    schema_editor.alter_field(Transition, Transition._meta.get_field("hash"), _binary_field(Transition))
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT id, hash FROM cases_transition")
        rows = [(bytes.fromhex(value), pk) for pk, value in cursor.fetchall() if isinstance(value, str)]
        cursor.executemany("UPDATE cases_transition SET hash = %s WHERE id = %s", rows)


def hash_to_hex(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE cases_transition ALTER COLUMN hash TYPE varchar(64) USING encode(hash, 'hex')"
        )
        return
    Transition = apps.get_model("cases", "Transition")
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT id, hash FROM cases_transition")
        rows = [(bytes(value).hex(), pk) for pk, value in cursor.fetchall()]
    schema_editor.alter_field(Transition, _binary_field(Transition), _char_field(Transition))
    with schema_editor.connection.cursor() as cursor:
        cursor.executemany("UPDATE cases_transition SET hash = %s WHERE id = %s", rows)


def refill_prev_hash(apps, schema_editor):
    """Backwards: each row's prev_hash again, from the row before it."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cases_transition SET prev_hash = COALESCE((SELECT p.hash FROM cases_transition p "
            "WHERE p.case_id = cases_transition.case_id AND p.seq = cases_transition.seq - 1), '')"
        )
        if schema_editor.connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the next steps alter the table's keys


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0010_open_work_overdue_and_statistics_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The indexes first, so that the rewrite below does not rebuild them.
        migrations.AlterField(
            model_name="transition",
            name="case",
            field=models.ForeignKey(
                db_index=False,
                on_delete=models.deletion.CASCADE,
                related_name="transitions",
                to="cases.case",
            ),
        ),
        migrations.AlterField(
            model_name="transition",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=models.deletion.PROTECT,
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(migrations.RunPython.noop, refill_prev_hash),
        migrations.RemoveField(model_name="transition", name="prev_hash"),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(model_name="transition", name="hash", field=models.BinaryField(max_length=32)),
            ],
            database_operations=[migrations.RunPython(hash_to_bytes, hash_to_hex)],
        ),
    ]
