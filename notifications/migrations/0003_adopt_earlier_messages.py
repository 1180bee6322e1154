"""Messages stored before outgoing messages became an app of their own lived in ``pishkhan_message``;
an existing database keeps them: they are copied over and the old table is dropped. A new database
has no such table and nothing happens."""

from django.db import migrations


def adopt(apps, schema_editor):
    connection = schema_editor.connection
    if "pishkhan_message" not in connection.introspection.table_names():
        return
    model = apps.get_model("notifications", "Message")
    columns = ", ".join(schema_editor.quote_name(f.column) for f in model._meta.concrete_fields)
    schema_editor.execute(f"INSERT INTO notifications_message ({columns}) SELECT {columns} FROM pishkhan_message")
    schema_editor.execute("DROP TABLE pishkhan_message")
    if connection.vendor == "postgresql":
        schema_editor.execute(
            "SELECT setval(pg_get_serial_sequence('notifications_message', 'id'), "
            "COALESCE((SELECT MAX(id) FROM notifications_message), 1))"
        )


class Migration(migrations.Migration):
    dependencies = [("notifications", "0002_message_retry_schedule")]

    operations = [migrations.RunPython(adopt, migrations.RunPython.noop)]
