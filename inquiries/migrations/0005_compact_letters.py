"""Letters, smaller (issue 17).

- ``content`` (what the PDF prints, frozen at issue) no longer repeats the row's own ``text`` and
  ``result``, and is stored as bytes (``inquiries.frozen``): new letters as DEFLATE with a preset
  dictionary, the letters already issued as their plain JSON. On PostgreSQL that is one
  ``ALTER ... USING`` (one rewrite of the table, no loop over the rows; ``manage.py
  compact_letters`` packs them afterwards if wanted); elsewhere (SQLite, development) the column
  is remade and each letter packed.
- Indexes: the PDF sweep's covers the letters still without a PDF only; the verification code
  keeps its unique index but not a second one for ``LIKE``; the district's is covered by
  ``letter_serial_unique``; events are read by file, not by letter or actor.
"""

import json

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import inquiries.frozen

DUPLICATES = ("text", "result")  # the row's own columns


def _content_field(model, field):
    field.set_attributes_from_name("content")
    field.model = model
    return field


def content_to_bytes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE inquiries_letter ALTER COLUMN content TYPE bytea "
            "USING convert_to((content - 'text' - 'result')::text, 'UTF8')"
        )
        return
    Letter = apps.get_model("inquiries", "Letter")
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT id, content FROM inquiries_letter")
        rows = cursor.fetchall()
    schema_editor.alter_field(
        Letter, Letter._meta.get_field("content"), _content_field(Letter, inquiries.frozen.FrozenContentField())
    )
    packed = []
    for pk, value in rows:
        content = json.loads(value) if isinstance(value, str) else (value or {})
        packed.append((inquiries.frozen.pack({k: v for k, v in content.items() if k not in DUPLICATES}), pk))
    with schema_editor.connection.cursor() as cursor:
        cursor.executemany("UPDATE inquiries_letter SET content = %s WHERE id = %s", packed)


def content_to_json(apps, schema_editor):
    Letter = apps.get_model("inquiries", "Letter")
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT id, content, text, result FROM inquiries_letter")
        rows = [
            (json.dumps({**inquiries.frozen.unpack(value), "text": text, "result": result}, ensure_ascii=False), pk)
            for pk, value, text, result in cursor.fetchall()
        ]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE inquiries_letter ALTER COLUMN content TYPE jsonb USING '{}'::jsonb")
    else:
        with schema_editor.connection.cursor() as cursor:  # a JSON column checks what it is given
            cursor.execute("UPDATE inquiries_letter SET content = '{}'")
        schema_editor.alter_field(
            Letter, _content_field(Letter, inquiries.frozen.FrozenContentField()), Letter._meta.get_field("content")
        )
    with schema_editor.connection.cursor() as cursor:
        cursor.executemany("UPDATE inquiries_letter SET content = %s WHERE id = %s", rows)
        if schema_editor.connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the next steps alter the table's keys


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0011_history_hash_bytes"),
        ("inquiries", "0004_merge_letter_templates"),
        ("offices", "0007_merge_20261201_0812"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The indexes first, so that the rewrite below does not rebuild them.
        migrations.RemoveIndex(model_name="letter", name="inquiries_l_sha256_1104bc_idx"),
        migrations.AlterField(
            model_name="letter",
            name="district",
            field=models.ForeignKey(
                db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="offices.district"
            ),
        ),
        migrations.AlterField(
            model_name="letter",
            name="verification_code",
            field=models.CharField(max_length=12, verbose_name="verification code"),
        ),
        migrations.AlterField(
            model_name="letterevent",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="letterevent",
            name="letter",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="events",
                to="inquiries.letter",
            ),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="letter", name="content", field=inquiries.frozen.FrozenContentField()
                ),
            ],
            database_operations=[migrations.RunPython(content_to_bytes, content_to_json)],
        ),
        migrations.AddIndex(
            model_name="letter",
            index=models.Index(condition=models.Q(("sha256", "")), fields=["issued_at"], name="letter_pdf_missing"),
        ),
        migrations.AddConstraint(
            model_name="letter",
            constraint=models.UniqueConstraint(fields=("verification_code",), name="letter_verification_code_unique"),
        ),
    ]
