"""The letter PDF's SHA-256 as its 32 bytes (``core.digests``; code and the API keep seeing hex).

The sweep's partial index (``sha256 = ''``) is made again after the type change: PostgreSQL would
otherwise keep its condition as a text comparison that no digest column matches.
"""

from django.db import migrations, models

import core.digests


class Migration(migrations.Migration):
    dependencies = [("inquiries", "0005_compact_letters")]

    operations = [
        migrations.RemoveIndex(model_name="letter", name="letter_pdf_missing"),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="letter",
                    name="sha256",
                    field=core.digests.HexDigestField(blank=True, verbose_name="SHA-256 of the PDF"),
                ),
            ],
            database_operations=[migrations.RunPython(*core.digests.hex_to_bytes("inquiries_letter", "sha256"))],
        ),
        migrations.AddIndex(
            model_name="letter",
            index=models.Index(condition=models.Q(("sha256", "")), fields=["issued_at"], name="letter_pdf_missing"),
        ),
    ]
