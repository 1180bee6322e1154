"""The history table's columns in the order that packs its rows (PostgreSQL).

PostgreSQL lays a row's columns out in the table's order, each aligned to its type: in the order the
model grew, a 2-byte code after a text, or an 8-byte time after a 17-byte hash, left padding on each
of the five or six rows a file has. The table is remade with its eight-byte columns first, then the
four-byte number and file, the two-byte codes, and the note, data and hash last (``core.db_layout``):
some fifteen bytes less a row. Nothing a row says changes. Nothing to do on other databases, nor going
back (the order is not part of the schema Django keeps).
"""

from django.db import migrations

from core.db_layout import repacked


class Migration(migrations.Migration):
    dependencies = [("cases", "0020_file_key_32_bit")]

    operations = [repacked("cases_transition")]
