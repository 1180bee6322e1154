"""A SHA-256 (or HMAC-SHA256) digest: hex in Python, its 32 bytes in the database (leaf: imports no app).

Hex text takes 65 bytes a row, the digest itself 33; a national deployment keeps several
per file. Code, templates and the API keep seeing the hex digest ("" when there is none):
only the column changes. ``hex_to_bytes`` converts an existing hex column in a migration.
"""

from django.db import models


class HexDigestField(models.BinaryField):
    """A digest given and returned as lower-case hex ("" for none), stored as raw bytes."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault("default", b"")
        super().__init__(*args, **kwargs)

    def _hex(self, value):
        if value is None:
            return None
        if isinstance(value, str):
            return value
        return bytes(value).hex()

    def from_db_value(self, value, expression, connection):
        return self._hex(value)

    def to_python(self, value):
        return self._hex(value)

    def get_db_prep_value(self, value, connection, prepared=False):
        if isinstance(value, str):
            value = bytes.fromhex(value)
        return super().get_db_prep_value(value, connection, prepared)

    def get_default(self):
        default = super().get_default()
        return "" if default == b"" else default

    def value_to_string(self, obj):
        return self.value_from_object(obj) or ""


def hex_to_bytes(table, column):
    """A migration's (forwards, backwards) pair for a hex ``varchar`` column becoming ``bytea``: one
    ``ALTER ... USING`` on PostgreSQL (set-based, one rewrite); elsewhere the column remade and each
    value decoded. The state change is the caller's (``SeparateDatabaseAndState``)."""

    def _field(model, field):
        field.set_attributes_from_name(column)
        field.model = model
        return field

    def _model(apps, schema_editor):
        for model in apps.get_models():
            if model._meta.db_table == table:
                return model
        raise LookupError(table)

    def _convert(schema_editor, encode):
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(f'SELECT id, "{column}" FROM "{table}"')  # noqa: S608 - names from the migration
            rows = [(encode(value), pk) for pk, value in cursor.fetchall() if value is not None]
            cursor.executemany(f'UPDATE "{table}" SET "{column}" = %s WHERE id = %s', rows)  # noqa: S608

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f'ALTER TABLE "{table}" ALTER COLUMN "{column}" TYPE bytea USING decode("{column}", \'hex\')'
            )
            return
        model = _model(apps, schema_editor)
        old = model._meta.get_field(column)
        schema_editor.alter_field(model, old, _field(model, models.BinaryField(max_length=32, blank=old.blank)))
        _convert(schema_editor, lambda value: bytes.fromhex(value) if isinstance(value, str) else bytes(value))

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f'ALTER TABLE "{table}" ALTER COLUMN "{column}" TYPE varchar(64) USING encode("{column}", \'hex\')'
            )
            return
        model = _model(apps, schema_editor)
        old = model._meta.get_field(column)
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(f'SELECT id, "{column}" FROM "{table}"')  # noqa: S608
            rows = [(bytes(value).hex() if value is not None else "", pk) for pk, value in cursor.fetchall()]
        schema_editor.alter_field(model, _field(model, models.BinaryField(max_length=32, blank=old.blank)), old)
        with schema_editor.connection.cursor() as cursor:
            cursor.executemany(f'UPDATE "{table}" SET "{column}" = %s WHERE id = %s', rows)  # noqa: S608

    return forwards, backwards
