"""Tables whose columns are laid out to pack their rows (PostgreSQL), for the migrations that remake them.

PostgreSQL stores a row's columns in the table's order, each aligned to its type: a 2-byte code
after a text, or an 8-byte time after a 17-byte hash, leaves padding, paid on every row. Django
adds columns in the order the model grew, and PostgreSQL cannot reorder a table's columns. ``repack``
remakes a table with its fixed-size columns first, widest alignment first, and the variable-length
ones (text, JSON, bytes, numbers of any precision) last, each group in the order it had: the rows
are copied across in the order of the primary key, and everything else the table had is put back
as it was, under the same names: its identity column, checks, keys, the other tables' foreign keys
to it, and its indexes.

A leaf module: it imports no app. Other databases lay rows out their own way: ``repack`` does
nothing there.
"""

_ALIGNMENT_RANK = {"d": 0, "i": 1, "s": 2, "c": 3}


def _fetch(cursor, sql, params):
    cursor.execute(sql, params)
    return cursor.fetchall()


def packed_order(columns):
    """The columns' names in packing order, from ``(name, typlen, typalign)`` rows in table order."""
    fixed = [c for c in columns if c[1] > 0]
    varying = [c for c in columns if c[1] <= 0]
    fixed.sort(key=lambda c: _ALIGNMENT_RANK[c[2]])  # stable: each group keeps the table's order
    return [c[0] for c in fixed + varying]


def repack(schema_editor, table):
    """Remake ``table`` with its columns in packing order (PostgreSQL only; a no-op when already packed)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        columns = _fetch(
            cursor,
            "SELECT a.attname, t.typlen, t.typalign, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
            "a.attidentity FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid "
            "WHERE a.attrelid = %s::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
            [table],
        )
        order = packed_order([c[:3] for c in columns])
        if order == [c[0] for c in columns]:
            return
        # Its own constraints, the primary key first so that the rest find it.
        own = _fetch(
            cursor,
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass "
            "ORDER BY contype <> 'p', conname",
            [table],
        )
        # Other tables' foreign keys to it, which the old table takes with it.
        referencing = _fetch(
            cursor,
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE confrelid = %s::regclass AND conrelid <> confrelid AND contype = 'f' ORDER BY 1, 2",
            [table],
        )
        indexes = _fetch(
            cursor,
            "SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i WHERE i.indrelid = %s::regclass "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) ORDER BY 1",
            [table],
        )
        key = _fetch(
            cursor,
            "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
            "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = %s::regclass AND i.indisprimary "
            "ORDER BY array_position(i.indkey, a.attnum)",
            [table],
        )
    kinds = {c[0]: c[3:] for c in columns}
    quoted = ", ".join(f'"{name}"' for name in order)
    definitions = ", ".join(f'"{name}" {kinds[name][0]}{" NOT NULL" if kinds[name][1] else ""}' for name in order)
    packed = f"{table}__packed"
    run = schema_editor.execute
    run(f'CREATE TABLE "{packed}" ({definitions})')
    ordering = ", ".join(f'"{name}"' for (name,) in key) or "1"
    run(f'INSERT INTO "{packed}" ({quoted}) SELECT {quoted} FROM "{table}" ORDER BY {ordering}')  # noqa: S608
    identity = {name: kind[2] for name, kind in kinds.items() if kind[2]}
    for name in identity:
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(f'SELECT COALESCE(MAX("{name}"), 0) + 1 FROM "{table}"')  # noqa: S608
            (next_value,) = cursor.fetchone()
        # The old table's sequence may have run ahead of its rows (rolled-back inserts): never go back.
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SELECT last_value + 1 FROM pg_sequences WHERE sequencename = %s", [f"{table}_{name}_seq"])
            row = cursor.fetchone()
        start = max(next_value, (row[0] or 0) if row else 0)
        generated = "ALWAYS" if identity[name] == "a" else "BY DEFAULT"
        identity[name] = (generated, start)
    run(f'DROP TABLE "{table}" CASCADE')
    run(f'ALTER TABLE "{packed}" RENAME TO "{table}"')
    for name, (generated, start) in identity.items():
        run(f'ALTER TABLE "{table}" ALTER COLUMN "{name}" ADD GENERATED {generated} AS IDENTITY (START WITH {start})')
    for name, definition in own:
        run(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
    for (definition,) in indexes:
        run(definition)
    for other, name, definition in referencing:
        run(f'ALTER TABLE {other} ADD CONSTRAINT "{name}" {definition}')
    run(f'ANALYZE "{table}"')


def repacked(*tables):
    """The migration operation that repacks ``tables`` (nothing to undo going back)."""
    from django.db import migrations

    def forwards(apps, schema_editor):
        for table in tables:
            repack(schema_editor, table)

    return migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)
